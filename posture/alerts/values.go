package alerts

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Limits of what a Change carries.
const (
	maxListInChange = 25  // longer lists: Before and After left out
	maxListed       = 100 // Added and Removed list at most this many
)

func decodeObj(b json.RawMessage) map[string]any {
	if len(b) == 0 {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}

// get walks nested objects.
func get(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		o, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = o[k]
	}
	return v
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// boolOr reads a bool, def when absent or not a bool.
func boolOr(v any, def bool) bool {
	if b, ok := v.(bool); ok {
		return b
	}
	return def
}

// num reads a number.
func num(v any) (float64, bool) {
	f, ok := v.(float64)
	return f, ok
}

// strList reads a list of strings (other elements skipped).
func strList(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// minus returns the elements of a not in b, in a's order, without
// duplicates.
func minus(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			in[s] = true
			out = append(out, s)
		}
	}
	return out
}

// contains reports whether every element of sub is in set.
func containsAll(set, sub []string) bool {
	in := make(map[string]bool, len(set))
	for _, s := range set {
		in[s] = true
	}
	for _, s := range sub {
		if !in[s] {
			return false
		}
	}
	return true
}

// rawJSON marshals a value for a Change (nil for nil).
func rawJSON(v any) json.RawMessage {
	if v == nil {
		return nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return nil
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

// valueChange is a change of a scalar or object field (nil: absent).
func valueChange(path string, before, after any) Change {
	return Change{Path: path, Before: rawJSON(before), After: rawJSON(after)}
}

// listChange is a change of a list: what it gained and lost, and the
// lists themselves when short. before is nil when the record is new.
func listChange(path string, before, after []string, added, removed []string) Change {
	c := Change{Path: path, Added: rawJSON(capList(added)), Removed: rawJSON(capList(removed))}
	if len(before) <= maxListInChange && len(after) <= maxListInChange {
		if before != nil {
			c.Before = rawJSON(before)
		}
		c.After = rawJSON(after)
	}
	return c
}

func capList(l []string) any {
	if len(l) == 0 {
		return nil
	}
	if len(l) > maxListed {
		return l[:maxListed]
	}
	return l
}

// codeDigest stands for code in a Change: its hash, size and lines.
func codeDigest(code any) any {
	s, ok := code.(string)
	if !ok {
		return nil
	}
	sum := sha256.Sum256([]byte(s))
	return map[string]any{"sha256": hex.EncodeToString(sum[:]), "bytes": len(s), "lines": strings.Count(s, "\n") + 1}
}

// sample lists up to n items, "and k more" after them.
func sample(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}

// plural writes "1 scope", "2 scopes".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// sortedCopy returns a sorted copy.
func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
