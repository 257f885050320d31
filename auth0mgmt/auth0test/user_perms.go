package auth0test

// Direct permissions: a user can hold an API's permission granted to
// them, not through a role. In the fake, every seventh user (by creation
// order, from the fourth) holds one directly, and every fourteenth a
// second one: the first and last scope of an API other than the Auth0
// Management API, chosen by the user's index. They are computed, not
// generated, so that the rest of the tenant stays as it was.

// directPerms returns user i's direct permissions (nil: none), as the
// permission objects of /users/{id}/permissions without their sources.
func (t *Tenant) directPerms(i int) []obj {
	n := t.resourceServers.len()
	if i%7 != 3 || n < 2 {
		return nil
	}
	rs := 1 + (i/7)%(n-1)
	item := t.resourceServers.items[rs]
	v, _ := item.get("scopes")
	scopes, _ := v.([]obj)
	if len(scopes) == 0 {
		return nil
	}
	name, _ := item.get("name")
	ident, _ := item.get("identifier")
	pick := []obj{scopes[0]}
	if i%14 == 3 && len(scopes) > 1 {
		pick = append(pick, scopes[len(scopes)-1])
	}
	out := make([]obj, 0, len(pick))
	for _, sc := range pick {
		value, _ := sc.get("value")
		desc, _ := sc.get("description")
		out = append(out, obj{{"permission_name", value}, {"description", desc},
			{"resource_server_name", name}, {"resource_server_identifier", ident}})
	}
	return out
}

// UserDirectPermissions returns the "resource_server_identifier
// permission_name" of each permission user id holds directly (not
// through a role), as GET /users/{id}/permissions lists with a source of
// type DIRECT; nil for none or an unknown user.
func (t *Tenant) UserDirectPermissions(id string) []string {
	i, ok := t.userIdx[id]
	if !ok {
		return nil
	}
	var out []string
	for _, p := range t.directPerms(int(i)) {
		out = append(out, strField(p, "resource_server_identifier")+" "+strField(p, "permission_name"))
	}
	return out
}
