package auth0test

import (
	"fmt"
	"strconv"
	"time"
)

// AddLogs appends n log events to the tenant, as new activity between two
// scans: successful logins (type "s") of the tenant's users, the first
// dated first and each next one step later (step 0: one millisecond). The
// first must be later than the newest event the tenant holds. It returns
// the new events' log_ids, in order. Like SetField it is safe to call
// while the server runs.
func (s *Server) AddLogs(n int, first time.Time, step time.Duration) ([]string, error) {
	if n <= 0 {
		return nil, nil
	}
	if step <= 0 {
		step = time.Millisecond
	}
	s.dmu.Lock()
	defer s.dmu.Unlock()
	t := s.tenant
	ms := first.UnixMilli()
	var seq int64
	if k := t.logs.len(); k > 0 {
		if last := t.logs.created[k-1]; ms <= last {
			return nil, fmt.Errorf("auth0test: AddLogs: %s is not after the newest event (%s)", first.UTC().Format(msLayout), fmtMS(last))
		}
		id := t.logs.ids[k-1]
		seq, _ = strconv.ParseInt(id[len(id)-18:], 10, 64)
		seq -= 223372036854775807 - int64(1e17)
	}
	ids := make([]string, 0, n)
	for i := range n {
		seq++
		id := logID(ms, i%1000, seq)
		o := obj{{"date", fmtMS(ms)}, {"type", "s"}, {"description", "Successful login"}}
		if len(t.users) > 0 {
			u := &t.users[(int(seq)+i)%len(t.users)]
			o = append(o, kv{"connection", t.connNames[u.conn]}, kv{"connection_id", t.connections.ids[u.conn]},
				kv{"ip", ipString(uint32(seq*2654435761 + int64(i)))}, kv{"user_agent", userAgents[i%len(userAgents)]},
				kv{"user_id", u.id}, kv{"user_name", u.email}, kv{"strategy", t.connStrategy[u.conn]},
				kv{"strategy_type", strategyType(t.connStrategy[u.conn])})
		}
		o = append(o, kv{"isMobile", false}, kv{"log_id", id}, kv{"_id", id})
		t.logs.add(id, ms, o)
		ids = append(ids, id)
		ms += step.Milliseconds()
		if step < time.Millisecond {
			ms++
		}
	}
	return ids, nil
}
