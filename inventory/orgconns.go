package inventory

import (
	"bytes"
	"slices"

	"github.com/authlens/authlens/auth0mgmt"
)

// gapOwnConnections is the note of an organization whose own
// enabled_connections (as the organization object carries it) and the
// answer of its enabled_connections listing disagree.
const gapOwnConnections = "the organization's own enabled_connections disagree with GET /api/v2/organizations/{id}/enabled_connections; the record keeps the organization's own"

// ownConnections is what the record of organization id keeps when the
// organization carries its own enabled_connections: that list, each
// entry completed with the members only the listing gives (the
// connection's name and strategy, ...). When the two disagree (a
// connection in one only, or a member with different values) the
// organization's own list is kept as it is and the kind gets a gap
// (status partial, not a failure) naming the organization.
func (c *collector) ownConnections(id string, own, listed []auth0mgmt.OrganizationEnabledConnection) (any, error) {
	ownTree, err := treeOf(own)
	if err != nil {
		return nil, err
	}
	listTree, err := treeOf(listed)
	if err != nil {
		return nil, err
	}
	ownList, _ := ownTree.([]any)
	listList, _ := listTree.([]any)
	if ownList == nil {
		ownList = []any{}
	}
	byID := map[string]map[string]any{}
	for _, e := range listList {
		if m, ok := e.(map[string]any); ok {
			if cid, _ := m["connection_id"].(string); cid != "" {
				byID[cid] = m
			}
		}
	}
	agree := len(ownList) == len(byID)
	seen := map[string]bool{}
	out := make([]any, 0, len(ownList))
	for _, e := range ownList {
		m, ok := e.(map[string]any)
		if !ok {
			agree = false
			out = append(out, e)
			continue
		}
		cid, _ := m["connection_id"].(string)
		l, found := byID[cid]
		if !found || seen[cid] {
			agree = false
			out = append(out, m)
			continue
		}
		seen[cid] = true
		merged := make(map[string]any, len(m)+len(l))
		for k, v := range m {
			merged[k] = v
		}
		for k, v := range l {
			mine, has := m[k]
			switch {
			case !has:
				merged[k] = v
			case !bytes.Equal(canonical(mine, false), canonical(v, false)):
				agree = false
			}
		}
		out = append(out, merged)
	}
	if !agree {
		c.noteRecord(KindOrganizations, "enabled_connections", id, gapOwnConnections)
		return ownList, nil // as the organization gave it
	}
	return out, nil
}

// noteRecord records a gap that is a fact about record id rather than a
// failure (status partial): its record is not compared by Diff.
func (c *collector) noteRecord(k Kind, part, id, msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ks := c.kinds[k]
	key := gapKey{part, msg}
	g := ks.gaps[key]
	if g == nil {
		g = &Gap{Part: part, Status: StatusPartial, Error: msg}
		ks.gaps[key] = g
	}
	if !slices.Contains(g.IDs, id) {
		g.IDs = append(g.IDs, id)
	}
}
