package auth0mgmt

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Log is a tenant log event.
type Log struct {
	ID               string   `json:"_id,omitempty"`
	LogID            string   `json:"log_id,omitempty"`
	Date             string   `json:"date,omitempty"`
	Type             string   `json:"type,omitempty"`
	Description      string   `json:"description,omitempty"`
	ClientID         string   `json:"client_id,omitempty"`
	ClientName       string   `json:"client_name,omitempty"`
	IP               string   `json:"ip,omitempty"`
	Hostname         string   `json:"hostname,omitempty"`
	UserAgent        string   `json:"user_agent,omitempty"`
	UserID           string   `json:"user_id,omitempty"`
	UserName         string   `json:"user_name,omitempty"`
	Connection       string   `json:"connection,omitempty"`
	ConnectionID     string   `json:"connection_id,omitempty"`
	Strategy         string   `json:"strategy,omitempty"`
	StrategyType     string   `json:"strategy_type,omitempty"`
	OrganizationID   string   `json:"organization_id,omitempty"`
	OrganizationName string   `json:"organization_name,omitempty"`
	Audience         string   `json:"audience,omitempty"`
	Scope            LogScope `json:"scope,omitzero"`
	IsMobile         *bool    `json:"isMobile,omitempty"`
	Details          Object   `json:"details,omitempty"`
	LocationInfo     Object   `json:"location_info,omitempty"`
	Extra            Extra    `json:"-"`
}

// LogScope is a log's scope: the API sends a space-separated string or an
// array of strings; the original form is kept.
type LogScope struct {
	Scopes  []string
	isArray bool
}

// UnmarshalJSON accepts a string, an array of strings or null.
func (s *LogScope) UnmarshalJSON(b []byte) error {
	t := strings.TrimSpace(string(b))
	switch {
	case t == "null":
		*s = LogScope{}
	case strings.HasPrefix(t, "["):
		var a []string
		if err := json.Unmarshal(b, &a); err != nil {
			return err
		}
		*s = LogScope{Scopes: a, isArray: true}
	default:
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return err
		}
		*s = LogScope{Scopes: strings.Fields(str)}
		if str != strings.Join(s.Scopes, " ") {
			// Keep odd spacing exactly.
			s.Scopes = []string{str}
		}
	}
	return nil
}

// MarshalJSON writes the form the API sent.
func (s LogScope) MarshalJSON() ([]byte, error) {
	if s.isArray {
		if s.Scopes == nil {
			return []byte("[]"), nil
		}
		return json.Marshal(s.Scopes)
	}
	return json.Marshal(strings.Join(s.Scopes, " "))
}

// IsZero lets omitempty-style checks see an empty scope.
func (s LogScope) IsZero() bool { return len(s.Scopes) == 0 && !s.isArray }

// String is the space-separated scope.
func (s LogScope) String() string { return strings.Join(s.Scopes, " ") }

// Search lists logs in search (offset) mode: "q" (Lucene, e.g.
// `date:[2026-11-01 TO *]`), "sort" ("date:-1" default, "date:1"). The API
// serves only the first 1000 records this way; use From for more.
func (s *LogsService) Search(ctx context.Context, opts *ListOptions) iter.Seq2[Log, error] {
	return offsetAll[Log](ctx, s.c, "logs", "logs", opts, true)
}

// SearchPage returns one page of a search.
func (s *LogsService) SearchPage(ctx context.Context, opts *ListOptions) (*Page[Log], error) {
	return offsetList[Log](ctx, s.c, "logs", "logs", opts, true)
}

// FromPage returns up to take logs newer than the log with id from,
// oldest first (checkpoint mode). Page.Next is the cursor the Link header
// names for the next page ("" when it names none).
func (s *LogsService) FromPage(ctx context.Context, from string, take int) (*Page[Log], error) {
	if take <= 0 || take > MaxPerPage {
		take = MaxPerPage
	}
	q := url.Values{"from": {from}, "take": {strconv.Itoa(take)}}
	var logs []Log
	r, err := s.c.get(ctx, "logs", q, &logs)
	if err != nil {
		return nil, err
	}
	return &Page[Log]{Items: logs, Length: len(logs), Next: nextFromLink(r.Header.Get("Link")), Response: r}, nil
}

// From lists every log newer than the log with id from, following the Link
// header's next page until a page comes back empty (the API then repeats
// the same link). Unlike Search it is not capped.
func (s *LogsService) From(ctx context.Context, from string, take int) iter.Seq2[Log, error] {
	return func(yield func(Log, error) bool) {
		cur := from
		for {
			p, err := s.FromPage(ctx, cur, take)
			if err != nil {
				yield(Log{}, err)
				return
			}
			for _, l := range p.Items {
				if !yield(l, nil) {
					return
				}
			}
			if len(p.Items) == 0 {
				return
			}
			next := p.Next
			if next == "" || next == cur {
				// No link: continue from the last record we saw.
				next = p.Items[len(p.Items)-1].LogID
			}
			if next == "" || next == cur {
				yield(Log{}, fmt.Errorf("%w: GET /api/v2/logs: no cursor after %q", ErrIncomplete, cur))
				return
			}
			cur = next
		}
	}
}

// Get returns one log event.
func (s *LogsService) Get(ctx context.Context, id string) (*Log, error) {
	var l Log
	if _, err := s.c.get(ctx, "logs/"+escape(id), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

var linkRE = regexp.MustCompile(`<([^>]*)>\s*;\s*rel="?next"?`)

// nextFromLink extracts the from parameter of a Link header's next URL.
func nextFromLink(h string) string {
	m := linkRE.FindStringSubmatch(h)
	if m == nil {
		return ""
	}
	u, err := url.Parse(m[1])
	if err != nil {
		return ""
	}
	return u.Query().Get("from")
}
