package auth0mgmt

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
	"strconv"
	"strings"
)

// MaxPerPage is the largest page the API serves (per_page and take).
const MaxPerPage = 100

// ListOptions shape a listing. The zero value lists everything, 100 per
// request.
type ListOptions struct {
	// PerPage is the page size (per_page or take), 1..100; default 100.
	PerPage int
	// Page is the 0-based page of a one-page offset call (List*Page).
	Page int
	// From is the checkpoint cursor of a one-page checkpoint call.
	From string
	// Fields limits the returned fields (fields=...&include_fields=true).
	Fields []string
	// ExcludeFields turns Fields into a list of fields to leave out.
	ExcludeFields bool
	// Query holds endpoint-specific filters (e.g. "q", "strategy",
	// "triggerId"); paging parameters set here are overwritten.
	Query url.Values
}

func (o *ListOptions) perPage() int {
	if o == nil || o.PerPage <= 0 || o.PerPage > MaxPerPage {
		return MaxPerPage
	}
	return o.PerPage
}

func (o *ListOptions) values() url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	for k, vs := range o.Query {
		q[k] = append([]string(nil), vs...)
	}
	if len(o.Fields) > 0 {
		q.Set("fields", strings.Join(o.Fields, ","))
		q.Set("include_fields", strconv.FormatBool(!o.ExcludeFields))
	}
	return q
}

// Page is one page of a listing and its paging facts.
type Page[T any] struct {
	Items []T
	// Offset mode: Start, Limit, Length and Total as the API gave them;
	// HasTotal is false when the endpoint gives no total.
	Start, Limit, Length, Total int
	HasTotal                    bool
	// PageIndex is the 0-based page that was asked for (offset mode).
	PageIndex int
	// Next is the checkpoint cursor of the next page; "" on the last.
	Next string
	// Response is the HTTP answer.
	Response *Response
}

// offsetEnvelope decodes both the wrapped form and the bare array.
type offsetPage[T any] struct {
	key                         string
	items                       []T
	start, limit, length, total int
	hasTotal, hasStart          bool
}

func (p *offsetPage[T]) UnmarshalJSON(b []byte) error {
	m, err := decodeItems(b, p.key, &p.items)
	if err != nil || m == nil {
		return err
	}
	num := func(k string, dst *int) bool {
		r, ok := m[k]
		if !ok {
			return false
		}
		return json.Unmarshal(r, dst) == nil
	}
	p.hasStart = num("start", &p.start)
	num("limit", &p.limit)
	if !num("length", &p.length) {
		p.length = len(p.items)
	}
	p.hasTotal = num("total", &p.total)
	if !p.hasStart {
		// {actions, total, per_page[, page]}
		var page, per int
		if num("per_page", &per) {
			p.limit = per
			if num("page", &page) {
				p.start = page * per
			}
		}
	}
	return nil
}

// offsetList fetches one offset page.
func offsetList[T any](ctx context.Context, c *Client, path, key string, opts *ListOptions, totals bool) (*Page[T], error) {
	q := opts.values()
	page := 0
	if opts != nil {
		page = max(opts.Page, 0)
	}
	q.Set("page", strconv.Itoa(page))
	q.Set("per_page", strconv.Itoa(opts.perPage()))
	if totals {
		q.Set("include_totals", "true")
	}
	env := &offsetPage[T]{key: key}
	r, err := c.get(ctx, path, q, env)
	if err != nil {
		return nil, err
	}
	return &Page[T]{
		Items: env.items, Start: env.start, Limit: env.limit, Length: env.length,
		Total: env.total, HasTotal: env.hasTotal, PageIndex: page, Response: r,
	}, nil
}

// offsetAll lists every record of an offset endpoint: it stops by total
// without a trailing empty request; where no total is given it stops at
// the first short page.
func offsetAll[T any](ctx context.Context, c *Client, path, key string, opts *ListOptions, totals bool) iter.Seq2[T, error] {
	o := ListOptions{}
	if opts != nil {
		o = *opts
	}
	o.Page = 0
	return offsetFrom[T](ctx, c, path, key, &o, totals, 0)
}

// offsetFrom continues an offset listing from o.Page, with seen records
// already read, until the total (or a short page where there is none).
func offsetFrom[T any](ctx context.Context, c *Client, path, key string, o *ListOptions, totals bool, seen int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		o, seen := *o, seen // each range over the sequence starts afresh
		per := o.perPage()
		for {
			p, err := offsetList[T](ctx, c, path, key, &o, totals)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range p.Items {
				if !yield(it, nil) {
					return
				}
			}
			seen += len(p.Items)
			if p.HasTotal {
				if seen >= p.Total {
					return
				}
				if len(p.Items) == 0 {
					var zero T
					yield(zero, fmt.Errorf("%w: GET /api/v2/%s: got %d of %d records (empty page %d)", ErrIncomplete, path, seen, p.Total, o.Page))
					return
				}
			} else if len(p.Items) < per {
				return
			}
			o.Page++
		}
	}
}

// checkpointEnvelope decodes {<key>: [...], next}.
type checkpointPage[T any] struct {
	key   string
	items []T
	next  string
}

func (p *checkpointPage[T]) UnmarshalJSON(b []byte) error {
	m, err := decodeItems(b, p.key, &p.items)
	if err != nil || m == nil {
		return err
	}
	if n, ok := m["next"]; ok {
		_ = json.Unmarshal(n, &p.next)
	}
	return nil
}

// decodeItems decodes a list answer: a bare array into items (m is nil),
// or an envelope whose member key holds the items (m is the envelope).
func decodeItems[T any](b []byte, key string, items *[]T) (m map[string]json.RawMessage, err error) {
	if strings.HasPrefix(strings.TrimSpace(string(b)), "[") {
		return nil, json.Unmarshal(b, items)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	raw, ok := m[key]
	if !ok {
		return nil, fmt.Errorf("missing %q in response", key)
	}
	return m, json.Unmarshal(raw, items)
}

// checkpointList fetches one checkpoint page.
func checkpointList[T any](ctx context.Context, c *Client, path, key string, opts *ListOptions) (*Page[T], error) {
	q := opts.values()
	q.Set("take", strconv.Itoa(opts.perPage()))
	if opts != nil && opts.From != "" {
		q.Set("from", opts.From)
	}
	env := &checkpointPage[T]{key: key}
	r, err := c.get(ctx, path, q, env)
	if err != nil {
		return nil, err
	}
	return &Page[T]{Items: env.items, Length: len(env.items), Next: env.next, Response: r}, nil
}

// checkpointAll follows next until the API gives none.
func checkpointAll[T any](ctx context.Context, c *Client, path, key string, opts *ListOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		o := ListOptions{}
		if opts != nil {
			o = *opts
		}
		seen := map[string]bool{}
		for {
			p, err := checkpointList[T](ctx, c, path, key, &o)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range p.Items {
				if !yield(it, nil) {
					return
				}
			}
			if p.Next == "" {
				return
			}
			if seen[p.Next] {
				var zero T
				yield(zero, fmt.Errorf("%w: GET /api/v2/%s: the API repeated the cursor %q", ErrIncomplete, path, p.Next))
				return
			}
			seen[p.Next] = true
			o.From = p.Next
		}
	}
}

// plainList decodes an endpoint that answers one bare array.
func plainList[T any](ctx context.Context, c *Client, path string, q url.Values) ([]T, *Response, error) {
	var out []T
	r, err := c.get(ctx, path, q, &out)
	if err != nil {
		return nil, r, err
	}
	return out, r, nil
}
