package auth0test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrNotMutable is returned by SetField and SetSetting for an object or a
// member they cannot change.
var ErrNotMutable = errors.New("auth0test: cannot change")

// settingNames are the singletons SetSetting changes.
var settingNames = []string{"tenant_settings", "brute-force-protection", "breached-password-detection",
	"suspicious-ip-throttling", "bot-detection", "email_provider", "branding", "prompts"}

// keyMembers are the members other data is indexed by: changing them would
// leave the tenant inconsistent.
var keyMembers = map[Kind][]string{
	KindClients:         {"client_id"},
	KindConnections:     {"id", "name", "strategy"},
	KindResourceServers: {"id", "identifier"},
	KindCustomDomains:   {"custom_domain_id"},
	KindLogs:            {"log_id", "_id"},
}

// SetField changes one member of one object of the tenant, as every later
// request sees it: a tenant that changes between two scans, for tests of
// change monitoring. k is one of KindClients, KindClientGrants,
// KindResourceServers, KindConnections, KindRoles, KindOrganizations,
// KindActions, KindRules, KindHooks, KindLogStreams, KindCustomDomains or
// KindNetworkACLs, id the object's id as IDs lists it. path names the
// member, dots descending into nested objects ("options.disable_signup",
// "deployed_version.code"); a member that is absent is added at the end of
// its object, with the objects on the way. value is a string, bool,
// number, []string or anything encoding/json can marshal; nil writes
// null.
//
// It refuses (ErrNotMutable) users and logs, the members that identify an
// object or index it (ids, a connection's name and strategy, an API's
// identifier), and a path through a member that is not an object. Role
// members, connections' enabled applications and trigger bindings are not
// members of an object and cannot be changed this way.
//
// SetField waits for the requests being answered and is safe to call
// while the server runs; the Tenant's own methods (Tenant().Object, ...)
// must not run at the same time.
func (s *Server) SetField(k Kind, id, path string, value any) error {
	if k == KindUsers || k == KindLogs || s.tenant.coll(k) == nil {
		return fmt.Errorf("%w objects of kind %q", ErrNotMutable, k)
	}
	names, err := splitPath(path)
	if err != nil {
		return err
	}
	if k == KindClientGrants || k == KindRoles || k == KindOrganizations || k == KindActions || k == KindRules ||
		k == KindHooks || k == KindLogStreams || k == KindNetworkACLs {
		if names[0] == "id" {
			return fmt.Errorf("%w %s.%s: it identifies the object", ErrNotMutable, k, path)
		}
	}
	if slices.Contains(keyMembers[k], names[0]) {
		return fmt.Errorf("%w %s.%s: the tenant is indexed by it", ErrNotMutable, k, path)
	}
	v := settable(value)
	s.dmu.Lock()
	defer s.dmu.Unlock()
	c := s.tenant.coll(k)
	i, ok := c.find(id)
	if !ok {
		return fmt.Errorf("%w %s %q: no such object", ErrNotMutable, k, id)
	}
	o, err := setIn(c.items[i], names, v)
	if err != nil {
		return fmt.Errorf("%s %q: %w", k, id, err)
	}
	c.items[i] = o
	return nil
}

// SetSetting changes one member of one of the tenant's singletons, as
// SetField does for objects: name is "tenant_settings",
// "brute-force-protection", "breached-password-detection",
// "suspicious-ip-throttling", "bot-detection", "email_provider",
// "branding" or "prompts".
func (s *Server) SetSetting(name, path string, value any) error {
	if !slices.Contains(settingNames, name) {
		return fmt.Errorf("%w setting %q (want one of %s)", ErrNotMutable, name, strings.Join(settingNames, ", "))
	}
	names, err := splitPath(path)
	if err != nil {
		return err
	}
	v := settable(value)
	s.dmu.Lock()
	defer s.dmu.Unlock()
	t := s.tenant
	p := map[string]*obj{
		"tenant_settings": &t.tenantSettings, "brute-force-protection": &t.bruteForce,
		"breached-password-detection": &t.breachedPassword, "suspicious-ip-throttling": &t.suspiciousIP,
		"bot-detection": &t.botDetection, "email_provider": &t.emailProvider, "branding": &t.branding,
		"prompts": &t.prompts,
	}[name]
	o, err := setIn(*p, names, v)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	*p = o
	return nil
}

func splitPath(path string) ([]string, error) {
	names := strings.Split(path, ".")
	if slices.Contains(names, "") {
		return nil, fmt.Errorf("%w: bad member path %q", ErrNotMutable, path)
	}
	return names, nil
}

// settable turns a value into one the handlers read like generated data:
// the plain types kept (slices copied), anything else as its JSON.
func settable(v any) any {
	switch x := v.(type) {
	case nil, string, bool, int, int64, float64:
		return x
	case []string:
		return slices.Clone(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return raw(b)
}

// setIn returns a copy of o with the member at names set to v (o itself
// is not changed: a response being written may still hold it).
func setIn(o obj, names []string, v any) (obj, error) {
	out := slices.Clone(o)
	for i := range out {
		if out[i].k != names[0] {
			continue
		}
		if len(names) == 1 {
			out[i].v = v
			return out, nil
		}
		inner, ok := out[i].v.(obj)
		if !ok {
			return nil, fmt.Errorf("%w %s: not an object", ErrNotMutable, names[0])
		}
		nv, err := setIn(inner, names[1:], v)
		if err != nil {
			return nil, err
		}
		out[i].v = nv
		return out, nil
	}
	if len(names) == 1 {
		return append(out, kv{names[0], v}), nil
	}
	nv, err := setIn(obj{}, names[1:], v)
	if err != nil {
		return nil, err
	}
	return append(out, kv{names[0], nv}), nil
}
