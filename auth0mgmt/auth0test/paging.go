package auth0test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// call is one authenticated /api/v2 request.
type call struct {
	s      *Server
	f      Faults
	scopes map[string]bool
	w      http.ResponseWriter
	r      *http.Request
	q      url.Values
}

func (c *call) has(scope string) bool {
	return c.scopes[scope] && !slices.Contains(c.f.MissingScopes, scope)
}

func (c *call) unconfigured(name string) bool { return slices.Contains(c.f.Unconfigured, name) }

func (c *call) json(status int, v any) {
	writeBody(c.w, c.r, status, "application/json; charset=utf-8", appendJSON(nil, v))
}

func (c *call) ok(v any) { c.json(http.StatusOK, v) }

func (c *call) fail(status int, msg, code string) { writeError(c.w, c.r, status, msg, code) }

func (c *call) queryError(msg string) {
	c.fail(http.StatusBadRequest, "Query validation error: "+msg, "invalid_query_string")
}

// fields returns the fields/include_fields projection of the request.
func (c *call) fields() ([]string, bool) {
	f := c.q.Get("fields")
	if f == "" {
		return nil, true
	}
	var out []string
	for _, p := range strings.Split(f, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out, c.q.Get("include_fields") != "false"
}

func (c *call) project(o obj) obj {
	fields, include := c.fields()
	return o.project(fields, include)
}

// ---- paging parameters ------------------------------------------------

type pageReq struct {
	page, perPage       int
	totals              bool
	hasPage, hasPerPage bool
	from                string
	take                int
	hasFrom, hasTake    bool
}

const perPageDoc = "Number of results per page. Defaults to 50."

func (c *call) intParam(name, doc string, minV, maxV int) (int, bool, bool) {
	v := c.q.Get(name)
	if v == "" {
		return 0, false, true
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		c.queryError("'Expected type integer but found type string' on property " + name + " (" + doc + ").")
		return 0, false, false
	}
	if n > maxV {
		c.queryError("'Number is greater than the maximum value of " + strconv.Itoa(maxV) + "' on property " + name + " (" + doc + ").")
		return 0, false, false
	}
	if n < minV {
		c.queryError("'Number is less than the minimum value of " + strconv.Itoa(minV) + "' on property " + name + " (" + doc + ").")
		return 0, false, false
	}
	return n, true, true
}

// paging reads page, per_page, include_totals, from and take; on a bad
// value it answers 400 invalid_query_string and returns false.
func (c *call) paging() (pageReq, bool) {
	var p pageReq
	var ok bool
	if p.page, p.hasPage, ok = c.intParam("page", "Page index of the results to return. First page is 0.", 0, 1<<30); !ok {
		return p, false
	}
	if p.perPage, p.hasPerPage, ok = c.intParam("per_page", perPageDoc, 0, 100); !ok {
		return p, false
	}
	if !p.hasPerPage {
		p.perPage = 50
	}
	if p.take, p.hasTake, ok = c.intParam("take", perPageDoc, 1, 100); !ok {
		return p, false
	}
	if !p.hasTake {
		p.take = 50
	}
	p.from, p.hasFrom = c.q.Get("from"), c.q.Get("from") != ""
	switch it := c.q.Get("include_totals"); it {
	case "", "false":
	case "true":
		p.totals = true
	default:
		c.queryError("'Expected type boolean but found type string' on property include_totals (Return results inside an object that contains the total result count (true) or as a direct array of results (false, default)).")
		return p, false
	}
	return p, true
}

// ---- list envelopes ---------------------------------------------------

type envStyle int

const (
	envTotalFirst envStyle = iota // {total, start, limit, KEY}
	envStartFirst                 // {start, limit, total, KEY}
	envLength                     // {start, limit, length, total, KEY}
	envLimitLen                   // {start, limit=len(page), total, KEY}
	envNoTotal                    // {start, limit=len(page), KEY}
)

func envelope(style envStyle, key string, start, limit, total int, items []obj) obj {
	switch style {
	case envTotalFirst:
		return obj{{"total", total}, {"start", start}, {"limit", limit}, {key, items}}
	case envLength:
		return obj{{"start", start}, {"limit", limit}, {"length", len(items)}, {"total", total}, {key, items}}
	case envLimitLen:
		return obj{{"start", start}, {"limit", len(items)}, {"total", total}, {key, items}}
	case envNoTotal:
		return obj{{"start", start}, {"limit", len(items)}, {key, items}}
	}
	return obj{{"start", start}, {"limit", limit}, {"total", total}, {key, items}}
}

// listing is an ordered list an endpoint pages through.
type listing struct {
	n       int
	id      func(i int) string
	created func(i int) int64
	item    func(i int) obj
}

type listSpec struct {
	key string
	env envStyle
	// checkpoint: from/take select checkpoint paging
	checkpoint bool
	// onlyCheckpoint: the endpoint has no offset mode
	onlyCheckpoint bool
	// cap1000: offset paging cannot reach past the 1000th record
	cap1000 bool
}

const pagingCapMessage = "You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation"

// capExceeded answers the 1000-record cap error when page and per_page
// reach past it.
func (c *call) capExceeded(p pageReq) bool {
	if (p.page+1)*p.perPage > 1000 {
		c.fail(http.StatusBadRequest, pagingCapMessage, "invalid_paging")
		return true
	}
	return false
}

func (c *call) list(spec listSpec, l listing) {
	p, ok := c.paging()
	if !ok {
		return
	}
	if spec.onlyCheckpoint || (spec.checkpoint && (p.hasFrom || p.hasTake)) {
		c.checkpoint(spec.key, p, l)
		return
	}
	if spec.cap1000 && c.capExceeded(p) {
		return
	}
	c.offset(spec, p, l)
}

func (c *call) offset(spec listSpec, p pageReq, l listing) {
	start := min(p.page*p.perPage, l.n)
	end := min(start+p.perPage, l.n)
	items := make([]obj, 0, end-start)
	for i := start; i < end; i++ {
		items = append(items, l.item(i))
	}
	if p.totals {
		c.ok(envelope(spec.env, spec.key, p.page*p.perPage, p.perPage, l.n, items))
		return
	}
	c.ok(items)
}

// Checkpoint cursors are opaque: base64url of "<created>,<id>" of the last
// item returned, like the real ones.
const cursorLayout = "2006-01-02 15:04:05.000000UTC"

func cursor(created int64, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(time.UnixMilli(created).UTC().Format(cursorLayout) + "," + id))
}

func cursorID(from string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(from, "="))
	if err != nil {
		if b, err = base64.StdEncoding.DecodeString(from); err != nil {
			return "", false
		}
	}
	i := strings.LastIndexByte(string(b), ',')
	if i < 0 {
		return "", false
	}
	return string(b[i+1:]), true
}

func (c *call) checkpoint(key string, p pageReq, l listing) {
	start := 0
	if p.hasFrom {
		id, ok := cursorID(p.from)
		pos := -1
		if ok {
			for i := range l.n {
				if l.id(i) == id {
					pos = i
					break
				}
			}
		}
		if pos < 0 {
			c.fail(http.StatusBadRequest, "Invalid value for parameter 'from'", "invalid_query_string")
			return
		}
		start = pos + 1
	}
	end := min(start+p.take, l.n)
	items := make([]obj, 0, max(end-start, 0))
	for i := start; i < end; i++ {
		items = append(items, l.item(i))
	}
	o := obj{{key, items}}
	if end < l.n && end > start {
		o = append(o, kv{"next", cursor(l.created(end-1), l.id(end-1))})
	}
	c.ok(o)
}

// collListing lists a whole collection through a filter (nil: all).
func collListing(col *coll, keep func(i int) bool, item func(i int) obj) listing {
	idx := make([]int, 0, col.len())
	for i := range col.len() {
		if keep == nil || keep(i) {
			idx = append(idx, i)
		}
	}
	return listing{
		n:       len(idx),
		id:      func(i int) string { return col.ids[idx[i]] },
		created: func(i int) int64 { return col.created[idx[i]] },
		item:    func(i int) obj { return item(idx[i]) },
	}
}

// userListing lists users by index.
func (t *Tenant) userListing(idx []int32, item func(u int32) obj) listing {
	return listing{
		n:       len(idx),
		id:      func(i int) string { return t.users[idx[i]].id },
		created: func(i int) int64 { return t.users[idx[i]].created },
		item:    func(i int) obj { return item(idx[i]) },
	}
}
