package inventory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Op is what happened to a record or a kind.
type Op string

// The operations of a Change.
const (
	// OpAdded: the record is new (After holds it).
	OpAdded Op = "added"
	// OpRemoved: the record is gone (Before holds it).
	OpRemoved Op = "removed"
	// OpChanged: a field of the record changed (Path names it).
	OpChanged Op = "changed"
	// OpStatus: the kind's status changed (Before and After hold
	// {"status", "missing_scopes", "error"}; a kind absent from a snapshot
	// is null).
	OpStatus Op = "status"
)

// Change is one difference between two snapshots.
type Change struct {
	Kind Kind `json:"kind"`
	// ID is the record's id ("" for a status change).
	ID string `json:"id,omitempty"`
	Op Op     `json:"op"`
	// Path names the changed field of an OpChanged: member names joined
	// by dots ("jwt_configuration.alg"); a name with characters other
	// than letters, digits, '_', '-' or '$' is quoted (options["a.b"]);
	// an element of an array of objects that all have an "id" (or
	// "user_id", "connection_id", "client_id", "name", "value") is named
	// by it (members[auth0|42].roles). Arrays that are sets (see
	// SetMembers) change by members; other arrays change as a whole.
	Path string `json:"path,omitempty"`
	// Before and After are the JSON values (nil when absent on that
	// side); nil for a change of a set's members.
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// Added and Removed are, for a set whose members changed (Path names
	// it), JSON arrays of the members it gained and lost, sorted; nil
	// when none.
	Added   json.RawMessage `json:"added,omitempty"`
	Removed json.RawMessage `json:"removed,omitempty"`
}

// String renders the change on one line, whole: a set's members as
// "+member" and "-member", values as their JSON.
func (c Change) String() string {
	ref := string(c.Kind)
	if c.ID != "" {
		ref += "/" + c.ID
	}
	switch c.Op {
	case OpAdded, OpRemoved:
		return ref + " " + string(c.Op)
	case OpChanged:
		if c.Added != nil || c.Removed != nil {
			return fmt.Sprintf("%s changed %s: %s", ref, c.Path, strings.Join(c.Members(), ", "))
		}
		return fmt.Sprintf("%s changed %s: %s -> %s", ref, c.Path, orAbsent(c.Before), orAbsent(c.After))
	}
	return fmt.Sprintf("%s status: %s -> %s", ref, orAbsent(c.Before), orAbsent(c.After))
}

// Members lists a set change's members as "+member" and "-member" (each
// member's JSON), the added first.
func (c Change) Members() []string {
	var out []string
	for _, l := range []struct {
		raw  json.RawMessage
		sign string
	}{{c.Added, "+"}, {c.Removed, "-"}} {
		var items []json.RawMessage
		if json.Unmarshal(l.raw, &items) == nil {
			for _, it := range items {
				out = append(out, l.sign+string(it))
			}
		}
	}
	return out
}

// SetMembers returns the member names whose arrays Diff compares as sets:
// order does not count, and a change lists the members added and removed.
// Role members and permissions, scopes, grant types, callbacks and
// origins, enabled clients and connections, and the like.
func SetMembers() []string {
	out := make([]string, 0, len(setNames))
	for n := range setNames {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// setNames are the members whose arrays are sets.
var setNames = map[string]bool{
	"members": true, "permissions": true, "roles": true, "scope": true, "scopes": true,
	"grant_types": true, "callbacks": true, "allowed_origins": true, "web_origins": true,
	"allowed_logout_urls": true, "allowed_clients": true, "client_aliases": true,
	"backchannel_logout_urls": true, "enabled_clients": true, "enabled_connections": true,
	"realms": true, "domain_aliases": true, "multifactor": true, "allowlist": true, "shields": true,
	"policies": true, "non_persistent_attrs": true, "thumbprints": true,
	"ipv4_cidrs": true, "ipv6_cidrs": true, "asns": true, "geo_country_codes": true,
	"geo_subdivision_codes": true, "ja3_fingerprints": true, "ja4_fingerprints": true,
	"user_agents": true, "authorization_details_types": true,
}

func orAbsent(b json.RawMessage) string {
	if b == nil {
		return "(absent)"
	}
	return string(b)
}

// Diff returns what changed from old to new, in a deterministic order:
// by kind name, the kind's status change first, then by record id and
// path. A nil snapshot counts as one without kinds.
//
// Records are compared only where both snapshots know them:
//   - a kind present on one side only, or not read on one side
//     (forbidden, error with no records), gives only its status change;
//   - records named by a gap (e.g. a role whose members could not be read)
//     are not compared; a record is reported added or removed only when
//     the other side's record set is complete (ok, not_configured,
//     unavailable, or partial only in parts of named records);
//   - logs are events, not state: the log records newer than the old
//     snapshot's newest are reported added, nothing else.
//
// Equal records are recognised by their canonical bytes; only the records
// that differ are decoded and walked, so diffing large snapshots is fast.
func Diff(old, new *Snapshot) []Change {
	var out []Change
	kinds := map[Kind]bool{}
	for _, s := range []*Snapshot{old, new} {
		if s != nil {
			for k := range s.Kinds {
				kinds[k] = true
			}
		}
	}
	names := make([]Kind, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		o, n := old.Kind(k), new.Kind(k)
		if sb, sa := statusJSON(o), statusJSON(n); !bytes.Equal(sb, sa) {
			out = append(out, Change{Kind: k, Op: OpStatus, Before: sb, After: sa})
		}
		if o == nil || n == nil {
			continue
		}
		if k == KindLogs {
			out = append(out, diffLogs(o, n)...)
			continue
		}
		out = append(out, diffRecords(k, o, n)...)
	}
	return out
}

// statusJSON is the status part of a kind (nil for an absent kind).
func statusJSON(r *KindResult) json.RawMessage {
	if r == nil {
		return nil
	}
	m := map[string]any{"status": string(r.Status)}
	if len(r.MissingScopes) > 0 {
		m["missing_scopes"] = r.MissingScopes
	}
	if r.Error != "" {
		m["error"] = r.Error
	}
	return canonical(m, false)
}

// knowledge is what a kind's result says about its records.
type knowledge struct {
	complete bool            // the record set is all of them
	unknown  map[string]bool // records whose content is incomplete
}

func know(r *KindResult) knowledge {
	kn := knowledge{complete: r.Status.Complete() || r.Status == StatusPartial, unknown: map[string]bool{}}
	for _, g := range r.Gaps {
		if len(g.IDs) == 0 {
			if g.Part == "records" {
				kn.complete = false
			} else {
				kn.unknown[g.Part] = true // a singleton's record
			}
		}
		for _, id := range g.IDs {
			kn.unknown[id] = true
		}
	}
	return kn
}

func diffRecords(k Kind, o, n *KindResult) []Change {
	ko, kn := know(o), know(n)
	var out []Change
	for _, id := range o.IDs() {
		before := o.Records[id]
		after, ok := n.Records[id]
		switch {
		case ok:
			if ko.unknown[id] || kn.unknown[id] || bytes.Equal(before, after) {
				continue
			}
			out = append(out, diffRecord(k, id, before, after)...)
		case kn.complete && !kn.unknown[id]:
			out = append(out, Change{Kind: k, ID: id, Op: OpRemoved, Before: before})
		}
	}
	for _, id := range n.IDs() {
		if _, ok := o.Records[id]; ok {
			continue
		}
		if ko.complete && !ko.unknown[id] {
			out = append(out, Change{Kind: k, ID: id, Op: OpAdded, After: n.Records[id]})
		}
	}
	slices.SortStableFunc(out, func(a, b Change) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
	return out
}

func diffLogs(o, n *KindResult) []Change {
	newest := ""
	for id := range o.Records {
		newest = max(newest, id)
	}
	var out []Change
	for _, id := range n.IDs() {
		if id > newest {
			out = append(out, Change{Kind: KindLogs, ID: id, Op: OpAdded, After: n.Records[id]})
		}
	}
	return out
}

// diffRecord walks two versions of a record.
func diffRecord(k Kind, id string, before, after []byte) []Change {
	a, errA := parseTree(before)
	b, errB := parseTree(after)
	if errA != nil || errB != nil {
		return []Change{{Kind: k, ID: id, Op: OpChanged, Path: "", Before: before, After: after}}
	}
	var out []Change
	e := &emitter{
		value: func(path string, x, y any, hasX, hasY bool) {
			c := Change{Kind: k, ID: id, Op: OpChanged, Path: path}
			if hasX {
				c.Before = canonical(x, false)
			}
			if hasY {
				c.After = canonical(y, false)
			}
			out = append(out, c)
		},
		set: func(path string, added, removed []any) {
			c := Change{Kind: k, ID: id, Op: OpChanged, Path: path}
			if len(added) > 0 {
				c.Added = canonical(added, false)
			}
			if len(removed) > 0 {
				c.Removed = canonical(removed, false)
			}
			out = append(out, c)
		},
	}
	walk(a, b, "", "", e)
	if len(out) == 0 && !sameValue(a, b, "") {
		// The walk saw no field change but the records differ: an order
		// change in a keyed list, e.g. trigger bindings (their order is
		// the order they run in). Report the record as changed whole.
		out = []Change{{Kind: k, ID: id, Op: OpChanged, Before: before, After: after}}
	}
	return out
}

// emitter receives the differences walk finds: a value that changed (or
// appeared or went), or a set whose members changed.
type emitter struct {
	value func(path string, x, y any, hasX, hasY bool)
	set   func(path string, added, removed []any)
}

// walk reports every difference between x and y below path; name is the
// member x and y are the values of ("" for array elements and the root).
func walk(x, y any, path, name string, e *emitter) {
	mx, okx := x.(map[string]any)
	my, oky := y.(map[string]any)
	if okx && oky {
		keys := make([]string, 0, len(mx)+len(my))
		for k := range mx {
			keys = append(keys, k)
		}
		for k := range my {
			if _, ok := mx[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			vx, hx := mx[k]
			vy, hy := my[k]
			p := joinPath(path, k)
			switch {
			case hx && hy:
				walk(vx, vy, p, k, e)
			default:
				e.value(p, vx, vy, hx, hy)
			}
		}
		return
	}
	ax, okx := x.([]any)
	ay, oky := y.([]any)
	if okx && oky {
		if key := elemKey(ax, ay); key != "" {
			walkKeyed(ax, ay, key, path, e)
			return
		}
		if setNames[name] {
			if added, removed := setDiff(ax, ay); len(added)+len(removed) > 0 {
				e.set(path, added, removed)
			}
			return
		}
	}
	if !sameValue(x, y, name) {
		e.value(path, x, y, true, true)
	}
}

// setDiff returns the members of b not in a and of a not in b, each
// sorted by its canonical bytes (duplicates count once).
func setDiff(a, b []any) (added, removed []any) {
	key := func(v any) string { return string(canonical(normalized(v, ""), false)) }
	in := func(arr []any) map[string]any {
		m := make(map[string]any, len(arr))
		for _, v := range arr {
			m[key(v)] = v
		}
		return m
	}
	ma, mb := in(a), in(b)
	diff := func(from, other map[string]any) []any {
		var keys []string
		for k := range from {
			if _, ok := other[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = from[k]
		}
		return out
	}
	return diff(mb, ma), diff(ma, mb)
}

// sameValue reports whether x and y are the same JSON value but for
// formatting: numbers are compared by value (1.0 is 1, 1e3 is 1000), and
// the arrays of sets (see SetMembers) without regard to order.
func sameValue(x, y any, name string) bool {
	return bytes.Equal(canonical(normalized(x, name), false), canonical(normalized(y, name), false))
}

// normalized returns v with numbers in one form and sets sorted.
func normalized(v any, name string) any {
	switch x := v.(type) {
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
		return x
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalized(e, k)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalized(e, "")
		}
		if setNames[name] {
			keys := make([]string, len(out))
			for i, e := range out {
				keys[i] = string(canonical(e, false))
			}
			idx := make([]int, len(out))
			for i := range idx {
				idx[i] = i
			}
			slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(keys[a], keys[b]) })
			sorted := make([]any, len(out))
			for i, j := range idx {
				sorted[i] = out[j]
			}
			// Duplicates count once in a set.
			sorted = slices.CompactFunc(sorted, func(a, b any) bool {
				return bytes.Equal(canonical(a, false), canonical(b, false))
			})
			return sorted
		}
		return out
	}
	return v
}

// elemKey returns the member that names every element of both arrays
// uniquely, or "".
func elemKey(a, b []any) string {
	if len(a) == 0 && len(b) == 0 {
		return ""
	}
next:
	for _, key := range []string{"id", "user_id", "connection_id", "client_id", "name", "value"} {
		for _, arr := range [][]any{a, b} {
			seen := make(map[string]bool, len(arr))
			for _, e := range arr {
				m, ok := e.(map[string]any)
				if !ok {
					return ""
				}
				s, ok := m[key].(string)
				if !ok || seen[s] {
					continue next
				}
				seen[s] = true
			}
		}
		return key
	}
	return ""
}

func walkKeyed(a, b []any, key, path string, e *emitter) {
	ia := map[string]any{}
	for _, e := range a {
		ia[e.(map[string]any)[key].(string)] = e
	}
	ib := map[string]any{}
	for _, e := range b {
		ib[e.(map[string]any)[key].(string)] = e
	}
	ids := make([]string, 0, len(ia)+len(ib))
	for id := range ia {
		ids = append(ids, id)
	}
	for id := range ib {
		if _, ok := ia[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		x, hx := ia[id]
		y, hy := ib[id]
		p := path + "[" + id + "]"
		if hx && hy {
			walk(x, y, p, "", e)
		} else {
			e.value(p, x, y, hx, hy)
		}
	}
}

func joinPath(path, name string) string {
	plain := name != ""
	for i := 0; i < len(name) && plain; i++ {
		c := name[i]
		plain = c == '_' || c == '-' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
	}
	if !plain {
		return path + "[" + string(appendString(nil, name)) + "]"
	}
	if path == "" {
		return name
	}
	return path + "." + name
}
