package auth0test

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// job is a users export job.
type job struct {
	id        string
	conn      int // connection index, -1 for all users
	format    string
	limit     int // 0: all
	fields    []exportField
	created   time.Time
	polls     int
	sigs      map[string]time.Time // valid download signatures and their expiry
	echoLimit bool
}

type exportField struct {
	Name     string `json:"name"`
	ExportAs string `json:"export_as,omitempty"`
}

const exportLinkTTL = 60 * time.Second

func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	out := make([]byte, n)
	for i, c := range b {
		out[i] = alnumChars[int(c)%len(alnumChars)]
	}
	return string(out)
}

// createExport is POST /api/v2/jobs/users-exports.
func (c *call) createExport() {
	var body struct {
		ConnectionID *string       `json:"connection_id"`
		Format       *string       `json:"format"`
		Limit        *int          `json:"limit"`
		Fields       []exportField `json:"fields"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(c.w, c.r.Body, 1<<20)).Decode(&body); err != nil && !errors.Is(err, io.EOF) {
		c.fail(http.StatusBadRequest, "Payload validation error: 'Invalid JSON'.", "invalid_body")
		return
	}
	t := c.s.tenant
	j := &job{id: "job_" + randomID(16), conn: -1, format: "json", created: c.s.now(), sigs: map[string]time.Time{}}
	if body.Format != nil {
		if *body.Format != "json" && *body.Format != "csv" {
			c.fail(http.StatusBadRequest, "Payload validation error: 'No enum match for: \""+*body.Format+"\"' on property format (Format of the file. Must be `json` or `csv`.).", "invalid_body")
			return
		}
		j.format = *body.Format
	}
	if body.Limit != nil {
		if *body.Limit < 1 {
			c.fail(http.StatusBadRequest, "Payload validation error: 'Number is less than minimum value of 1' on property limit (Limit the number of records.).", "invalid_body")
			return
		}
		j.limit, j.echoLimit = *body.Limit, true
	}
	if body.ConnectionID != nil {
		i, ok := t.connections.find(*body.ConnectionID)
		if !ok {
			c.fail(http.StatusBadRequest, "The connection does not exist", "inexistent_connection")
			return
		}
		j.conn = i
	}
	for _, f := range body.Fields {
		if strings.TrimSpace(f.Name) == "" {
			c.fail(http.StatusBadRequest, "Payload validation error: 'Missing required property: name' on property fields[].", "invalid_body")
			return
		}
	}
	if len(body.Fields) > 30 && j.format == "csv" {
		c.fail(http.StatusBadRequest, "Payload validation error: 'Array is too long (31), maximum 30' on property fields.", "invalid_body")
		return
	}
	j.fields = body.Fields
	c.s.jmu.Lock()
	c.s.jobs[j.id] = j
	c.s.jmu.Unlock()
	c.json(http.StatusCreated, c.s.jobObj(j, "pending"))
}

func (s *Server) jobObj(j *job, status string) obj {
	o := obj{{"type", "users_export"}, {"status", status}}
	if j.conn >= 0 {
		o = append(o, kv{"connection_id", s.tenant.connections.ids[j.conn]})
	}
	o = append(o, kv{"format", j.format})
	if j.echoLimit {
		o = append(o, kv{"limit", j.limit})
	}
	if len(j.fields) > 0 {
		fs := make([]obj, len(j.fields))
		for i, f := range j.fields {
			fs[i] = obj{{"name", f.Name}}
			if f.ExportAs != "" {
				fs[i] = append(fs[i], kv{"export_as", f.ExportAs})
			}
		}
		o = append(o, kv{"fields", fs})
	}
	if j.conn >= 0 {
		o = append(o, kv{"connection", s.tenant.connNames[j.conn]})
	}
	return append(o, kv{"created_at", j.created.UTC().Format(msLayout)}, kv{"id", j.id})
}

// getJob is GET /api/v2/jobs/{id}: pending, then processing, then
// completed with a fresh signed location on every completed answer.
func (c *call) getJob() {
	s := c.s
	id := c.r.PathValue("id")
	s.jmu.Lock()
	j, ok := s.jobs[id]
	if !ok {
		s.jmu.Unlock()
		c.fail(http.StatusNotFound, "The job does not exist.", "inexistent_job")
		return
	}
	j.polls++
	polls := j.polls
	if s.exportD > 0 {
		s.jmu.Unlock()
		c.timedJob(j)
		return
	}
	var sig string
	if polls > s.polls {
		sig = hex.EncodeToString([]byte(randomID(32)))
		j.sigs[sig] = s.now().Add(exportLinkTTL)
	}
	s.jmu.Unlock()
	switch {
	case polls > s.polls:
		c.completed(j, sig)
	case polls == 1:
		c.ok(s.jobObj(j, "pending"))
	default:
		pct := 100 * (polls - 1) / max(s.polls, 1)
		c.ok(append(s.jobObj(j, "processing"), kv{"percentage_done", pct},
			kv{"time_left_seconds", 5 * (s.polls - polls + 1)}))
	}
}

// completed answers a completed job with a signed location.
func (c *call) completed(j *job, sig string) {
	s := c.s
	o := s.jobObj(j, "completed")
	ext := "json.gz"
	if j.format == "csv" {
		ext = "csv.gz"
	}
	loc := s.URL() + "/exports/" + j.id + "/" + strings.Split(s.tenant.domain, ".")[0] + "." + ext +
		"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=" + s.now().UTC().Format("20060102T150405Z") +
		"&X-Amz-Expires=" + strconv.Itoa(int(exportLinkTTL/time.Second)) + "&X-Amz-Signature=" + sig +
		"&X-Amz-SignedHeaders=host"
	c.ok(append(o, kv{"location", loc}))
}

// timedJob answers a poll of a job that takes Options.ExportDuration.
func (c *call) timedJob(j *job) {
	s := c.s
	elapsed := s.now().Sub(j.created)
	switch {
	case elapsed >= s.exportD:
		sig := hex.EncodeToString([]byte(randomID(32)))
		s.jmu.Lock()
		j.sigs[sig] = s.now().Add(exportLinkTTL)
		s.jmu.Unlock()
		c.completed(j, sig)
	case elapsed < s.exportD/10:
		c.ok(s.jobObj(j, "pending"))
	default:
		left := s.exportD - elapsed
		c.ok(append(s.jobObj(j, "processing"), kv{"percentage_done", int(100 * elapsed / s.exportD)},
			kv{"time_left_seconds", int((left + time.Second - 1) / time.Second)}))
	}
}

func s3Error(w http.ResponseWriter, r *http.Request, code, msg string) {
	writeBody(w, r, http.StatusForbidden, "application/xml",
		[]byte(`<?xml version="1.0" encoding="UTF-8"?>`+"\n<Error><Code>"+code+"</Code><Message>"+msg+"</Message><RequestId>"+randomID(16)+"</RequestId></Error>"))
}

// handleDownload is GET /exports/{job}/{file}: no Authorization, a signed
// link valid for 60 seconds, not rate limited. The gzip body is generated
// while it is written (chunked, like a large S3 object served through a
// proxy), so nothing holds the file.
func (s *Server) handleDownload(w http.ResponseWriter, r *http.Request) {
	s.jmu.Lock()
	j, ok := s.jobs[r.PathValue("job")]
	var exp time.Time
	var sigOK bool
	if ok {
		exp, sigOK = j.sigs[r.URL.Query().Get("X-Amz-Signature")]
	}
	s.jmu.Unlock()
	if !ok {
		s3Error(w, r, "NoSuchKey", "The specified key does not exist.")
		return
	}
	if !sigOK {
		s3Error(w, r, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.")
		return
	}
	if s.now().After(exp) {
		s3Error(w, r, "AccessDenied", "Request has expired")
		return
	}
	f := s.currentFaults()
	if !sleep(r.Context(), f.Latency) {
		return
	}
	fault, _ := s.draw(false)
	if fault == faultDrop {
		s.countFault(fault)
		drop(w)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/gzip")
	h.Set("ETag", `"`+j.id+`"`)
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	var out io.Writer = w
	if fault == faultTruncate {
		s.countFault(fault)
		// About half of the file: some 60 compressed bytes a user.
		out = &limitWriter{w: w, left: max(512, int64(len(s.tenant.users))*30)}
	} else {
		s.count(func(st *Stats) { st.Downloads++ })
	}
	bw := bufio.NewWriterSize(out, 32<<10)
	err := s.writeExport(r.Context(), bw, j)
	if err == nil {
		err = bw.Flush()
	}
	if fault == faultTruncate || err != nil {
		_ = bw.Flush()
		_ = http.NewResponseController(w).Flush()
		if conn, _, herr := http.NewResponseController(w).Hijack(); herr == nil {
			_ = conn.Close()
		}
	}
}

var errTruncated = errors.New("auth0test: truncated")

// limitWriter writes at most left bytes, then fails.
type limitWriter struct {
	w    io.Writer
	left int64
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errTruncated
	}
	if int64(len(p)) > l.left {
		n, _ := l.w.Write(p[:l.left])
		l.left = 0
		return n, errTruncated
	}
	n, err := l.w.Write(p)
	l.left -= int64(n)
	return n, err
}

// writeExport writes the gzip file of a job (NDJSON or CSV), user by user.
func (s *Server) writeExport(ctx context.Context, w io.Writer, j *job) error {
	t := s.tenant
	zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
	var cw *csv.Writer
	if j.format == "csv" {
		cw = csv.NewWriter(zw)
		header := make([]string, len(j.fields))
		for i, f := range j.fields {
			header[i] = f.ExportAs
			if header[i] == "" {
				header[i] = f.Name
			}
		}
		if err := cw.Write(header); err != nil {
			return err
		}
	}
	n := 0
	var line []byte
	for i := range t.users {
		if j.conn >= 0 && int(t.users[i].conn) != j.conn {
			continue
		}
		if j.limit > 0 && n >= j.limit {
			break
		}
		if n%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		n++
		full := t.userObj(i, true)
		if cw != nil {
			rec := make([]string, len(j.fields))
			for k, f := range j.fields {
				if v, ok := lookupPath(full, f.Name); ok {
					rec[k] = csvValue(v)
				}
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
			continue
		}
		o := full
		if len(j.fields) > 0 {
			o = make(obj, 0, len(j.fields))
			for _, f := range j.fields {
				if v, ok := lookupPath(full, f.Name); ok {
					key := f.ExportAs
					if key == "" {
						key = f.Name
					}
					o = append(o, kv{key, v})
				}
			}
		}
		line = appendJSON(line[:0], o)
		line = append(line, '\n')
		if _, err := zw.Write(line); err != nil {
			return err
		}
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	}
	return zw.Close()
}

// lookupPath reads "a", "a.b" or "identities[0].connection" in a user.
func lookupPath(o obj, p string) (any, bool) {
	var cur any = o
	for _, part := range strings.Split(p, ".") {
		name, idx := part, -1
		if k := strings.IndexByte(part, '['); k >= 0 && strings.HasSuffix(part, "]") {
			n, err := strconv.Atoi(part[k+1 : len(part)-1])
			if err != nil {
				return nil, false
			}
			name, idx = part[:k], n
		}
		switch x := cur.(type) {
		case obj:
			v, ok := x.get(name)
			if !ok {
				return nil, false
			}
			cur = v
		case raw:
			var m map[string]any
			if json.Unmarshal(x, &m) != nil {
				return nil, false
			}
			v, ok := m[name]
			if !ok {
				return nil, false
			}
			cur = v
		case map[string]any:
			v, ok := x[name]
			if !ok {
				return nil, false
			}
			cur = v
		default:
			return nil, false
		}
		if idx >= 0 {
			switch arr := cur.(type) {
			case []obj:
				if idx >= len(arr) {
					return nil, false
				}
				cur = arr[idx]
			case []string:
				if idx >= len(arr) {
					return nil, false
				}
				cur = arr[idx]
			case []any:
				if idx >= len(arr) {
					return nil, false
				}
				cur = arr[idx]
			default:
				return nil, false
			}
		}
	}
	return cur, true
}

func csvValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	}
	return string(appendJSON(nil, v))
}
