package graph

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dop251/goja/ast"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/posture/jsflow"
)

// Source labels.
const (
	srcUserMetadata  = "user_metadata"
	srcAppMetadata   = "app_metadata"
	srcQuery         = "request.query"
	srcBody          = "request.body"
	srcEmail         = "email"
	srcEmailVerified = "email_verified"
	// srcConnection is the connection the user logs in with: a condition
	// on it limits a decision on email to some connections.
	srcConnection = "connection"
)

// Sink labels.
const (
	sinkScope       = "scope"
	sinkAccessClaim = "access_token claim"
	sinkIDClaim     = "id_token claim"
	sinkAppWrite    = "app_metadata write"
	sinkUserWrite   = "user_metadata write"
	sinkMFA         = "mfa"
	sinkDeny        = "deny"
	sinkAccess      = "access_token" // a Rule's context.accessToken.*
	sinkID          = "id_token"     // a Rule's context.idToken.*
)

// actionSpec is the data flow of an Action.
var actionSpec = jsflow.Spec{
	Params: []string{"event", "api"},
	Sources: []jsflow.Source{
		{Prefix: "event.user.user_metadata", Label: srcUserMetadata},
		{Prefix: "event.user.app_metadata", Label: srcAppMetadata},
		{Prefix: "event.request.query", Label: srcQuery},
		{Prefix: "event.request.body", Label: srcBody},
		{Prefix: "event.user.email", Label: srcEmail},
		{Prefix: "event.user.email_verified", Label: srcEmailVerified},
		{Prefix: "event.connection", Label: srcConnection},
	},
	Sinks: []jsflow.Sink{
		{Callee: "api.accessToken.addScope", Label: sinkScope, Args: []int{0}, Guard: true},
		{Callee: "api.accessToken.setCustomClaim", Label: sinkAccessClaim, Args: []int{1}, Guard: true},
		{Callee: "api.idToken.setCustomClaim", Label: sinkIDClaim, Args: []int{1}, Guard: true},
		{Callee: "api.user.setAppMetadata", Label: sinkAppWrite, Args: []int{1}, Guard: true},
		{Callee: "api.user.setUserMetadata", Label: sinkUserWrite, Args: []int{1}},
		{Callee: "api.multifactor.enable", Label: sinkMFA, Args: []int{}, Guard: true},
		{Callee: "api.authentication.challengeWith", Label: sinkMFA, Args: []int{}, Guard: true},
		{Callee: "api.authentication.challengeWithAny", Label: sinkMFA, Args: []int{}, Guard: true},
		{Callee: "api.access.deny", Label: sinkDeny, Args: []int{}, Guard: true},
	},
}

// ruleSpec is the data flow of a Rule.
var ruleSpec = jsflow.Spec{
	Params: []string{"user", "context", "callback"},
	Sources: []jsflow.Source{
		{Prefix: "user.user_metadata", Label: srcUserMetadata},
		{Prefix: "user.app_metadata", Label: srcAppMetadata},
		{Prefix: "context.request.query", Label: srcQuery},
		{Prefix: "context.request.body", Label: srcBody},
		{Prefix: "user.email", Label: srcEmail},
		{Prefix: "user.email_verified", Label: srcEmailVerified},
		{Prefix: "context.connection", Label: srcConnection},
		{Prefix: "context.connectionStrategy", Label: srcConnection},
		{Prefix: "context.connectionID", Label: srcConnection},
	},
	AssignSinks: []jsflow.AssignSink{
		{Prefix: "context.accessToken", Label: sinkAccess, Guard: true},
		{Prefix: "context.idToken", Label: sinkID, Guard: true},
		{Prefix: "context.multifactor", Label: sinkMFA, Guard: true},
		{Prefix: "user.app_metadata", Label: sinkAppWrite, Guard: true},
	},
}

// analyzed is a script read as code.
type analyzed struct {
	s  *script
	a  *jsflow.Analysis
	js *jsflow.Script
}

// code reads the running scripts as code: what each reads, writes, and
// adds to tokens (relationships), the scopes they add (access), and the
// flows the paths follow.
func (b *builder) code() {
	b.g.code = &codeFacts{}
	cache := map[string]*analyzed{}
	for i := range b.scripts {
		s := &b.scripts[i]
		kinds := pathKindsOf(s)
		if redacted(s.src) {
			b.codeUnjudged(s, kinds, "script redacted in the snapshot")
			continue
		}
		ck := s.path + "\x00" + s.src
		if s.rule {
			ck = "rule\x00" + s.src
		}
		c, ok := cache[ck]
		if !ok {
			js, err := jsflow.Parse(string(s.kind)+"/"+s.id+"/"+s.path, s.src)
			c = &analyzed{js: js}
			if err == nil {
				spec := actionSpec
				if s.rule {
					spec = ruleSpec
				}
				c.a = jsflow.Analyze(js, spec)
			}
			cache[ck] = c
		}
		if c.a == nil {
			b.codeUnjudged(s, kinds, "a script does not parse (AL-CODE-011 reports it)")
			continue
		}
		b.analyzed = append(b.analyzed, analyzed{s: s, a: c.a, js: c.js})
	}
	for _, an := range b.analyzed {
		b.codeFacts(an)
	}
}

// pathKindsOf returns the path kinds a script can be a step of.
func pathKindsOf(s *script) []PathKind {
	if s.rule {
		return pathTriggers[auth0mgmt.TriggerPostLogin]
	}
	return pathTriggers[s.trigger]
}

func (b *builder) codeUnjudged(s *script, kinds []PathKind, reason string) {
	if len(kinds) == 0 {
		return
	}
	b.g.Unjudged = append(b.g.Unjudged, Unjudged{Kinds: kinds, Kind: s.kind, ID: s.id, Name: s.name, Reason: reason})
}

// shortName writes a source's dotted name for people:
// event.user.user_metadata.role is user_metadata.role,
// context.request.query.x request.query.x.
func shortName(name string) string {
	for _, p := range []string{"event.user.", "user.", "event.", "context."} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			return rest
		}
	}
	return name
}

// metadataField returns the object and field a source name reads
// ("user_metadata", "role"); field is "" for the whole object.
func metadataField(name string) (object, field string) {
	n := shortName(name)
	for _, o := range []string{srcUserMetadata, srcAppMetadata} {
		if n == o {
			return o, ""
		}
		if rest, ok := strings.CutPrefix(n, o+"."); ok {
			f, _, _ := strings.Cut(rest, ".")
			return o, f
		}
	}
	return "", ""
}

// sinkInfo says what a sink use does.
type sinkInfo struct {
	kind  string // sinkScope, sinkAccessClaim, sinkIDClaim, sinkAppWrite, sinkUserWrite, sinkMFA, sinkDeny
	scope string // the constant scope (sinkScope), "" when dynamic
	claim string // the constant claim name (claims), "" when dynamic
	key   string // the app_metadata or user_metadata key written, "" for the whole object or a dynamic key
	call  string // the callee or assigned name, for people
}

func sinkOf(u jsflow.SinkUse) sinkInfo {
	si := sinkInfo{kind: u.Sink.Label, call: u.Name}
	switch u.Sink.Label {
	case sinkScope:
		si.scope = u.Values[0]
	case sinkAccessClaim, sinkIDClaim:
		si.claim = u.Values[0]
	case sinkAppWrite, sinkUserWrite:
		if strings.HasPrefix(u.Name, "user.app_metadata") {
			_, si.key = metadataField(u.Name)
		} else {
			si.key = u.Values[0]
		}
	case sinkAccess, sinkID:
		rest := strings.TrimPrefix(strings.TrimPrefix(u.Name, "context.accessToken"), "context.idToken")
		rest = strings.TrimPrefix(rest, ".")
		switch {
		case u.Sink.Label == sinkAccess && rest == "scope":
			si.kind = sinkScope
			si.scope = u.Values[0]
		case u.Sink.Label == sinkAccess:
			si.kind, si.claim = sinkAccessClaim, rest
		default:
			si.kind, si.claim = sinkIDClaim, rest
		}
	}
	return si
}

// useKey identifies a sink use: its position and constant values.
func useKey(s *script, u jsflow.SinkUse) string {
	var vals []string
	for _, k := range slices.Sorted(maps.Keys(u.Values)) {
		vals = append(vals, fmt.Sprintf("%d=%s", k, u.Values[k]))
	}
	return fmt.Sprintf("%s@%d|%s", s.key, u.Pos.Offset, strings.Join(vals, ","))
}

// guardCondition writes the sources of the guards of a sink use
// ("app_metadata.role"), or where the condition is when none of its
// sources is known; "" when the use is unconditional.
func guardCondition(an analyzed, u jsflow.SinkUse) string {
	key := useKey(an.s, u)
	var names []string
	for _, f := range an.a.Flows {
		if f.Guard && useKey(an.s, f.Sink) == key {
			names = append(names, shortName(f.Source.Name))
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	if len(names) > 0 {
		return strings.Join(names, " and ")
	}
	if u.Conditional {
		return fmt.Sprintf("a condition of the code (line %d)", u.Pos.Line)
	}
	return ""
}

// inputLabels are the sources a user or a caller writes.
var inputLabels = map[string]bool{srcUserMetadata: true, srcQuery: true, srcBody: true}

// codeFacts adds what a script reads, writes, grants and adds, and the
// scopes it adds (for access).
func (b *builder) codeFacts(an analyzed) {
	s := an.s
	for _, f := range an.a.Flows {
		if obj, field := metadataField(f.Source.Name); obj != "" {
			b.rel(s.key, VerbReads, b.fieldEntity(obj, field), "", nil)
		}
	}
	b.syntacticReads(an)
	for _, u := range an.a.Calls {
		si := sinkOf(u)
		cond := guardCondition(an, u)
		switch si.kind {
		case sinkScope:
			sa := scopeAdd{s: s, scope: si.scope, condition: cond, line: u.Pos.Line, col: u.Pos.Column}
			if sa.scope == "" {
				sa.source = "a value of the code"
				for _, f := range an.a.Flows {
					if !f.Guard && useKey(s, f.Sink) == useKey(s, u) {
						sa.source = shortName(f.Source.Name)
						sa.fromInput = sa.fromInput || inputLabels[f.Source.Source.Label]
					}
				}
			}
			if sa.condition == sa.source {
				sa.condition = "" // "adds whatever user_metadata.x names" says it
			}
			for _, one := range strings.Fields(sa.scope) {
				sa.scope = one
				b.g.code.scopes = append(b.g.code.scopes, sa)
				for _, api := range b.apisDefining(one) {
					b.rel(s.key, VerbGrants, b.key(TypeScope, api+" "+one), "", condProps(cond))
				}
			}
			if sa.scope == "" {
				b.g.code.scopes = append(b.g.code.scopes, sa)
			}
		case sinkAccessClaim, sinkIDClaim:
			if si.claim != "" {
				b.rel(s.key, VerbAdds, b.claimEntity(si.kind, si.claim), "", condProps(cond))
			}
		case sinkAppWrite:
			b.rel(s.key, VerbWrites, b.fieldEntity(srcAppMetadata, si.key), "", condProps(cond))
		case sinkUserWrite:
			b.rel(s.key, VerbWrites, b.fieldEntity(srcUserMetadata, si.key), "", condProps(cond))
		}
	}
}

func condProps(cond string) map[string]any {
	if cond == "" {
		return nil
	}
	return map[string]any{"condition": cond}
}

// syntacticReads adds the metadata fields a script reads by name
// (event.user.user_metadata.x, or destructured from it) that reach no
// sink; a script whose parameters have other names is read through its
// flows only.
func (b *builder) syntacticReads(an analyzed) {
	prefix := "event.user."
	if an.s.rule {
		prefix = "user."
	}
	seen := map[string]bool{}
	read := func(obj, field string) {
		if field != "" && !seen[obj+"."+field] {
			seen[obj+"."+field] = true
			b.rel(an.s.key, VerbReads, b.fieldEntity(obj, field), "", nil)
		}
	}
	for _, bd := range an.js.Bindings() {
		pat, ok := bd.Target.(*ast.ObjectPattern)
		if !ok || bd.Init == nil {
			continue
		}
		init, ok := jsflow.DottedName(bd.Init)
		if !ok {
			continue
		}
		rest, ok := strings.CutPrefix(init, prefix)
		if !ok || (rest != srcUserMetadata && rest != srcAppMetadata) {
			continue
		}
		for _, p := range pat.Properties {
			switch p := p.(type) {
			case *ast.PropertyShort:
				read(rest, p.Name.Name.String())
			case *ast.PropertyKeyed:
				if k, ok := jsflow.PropertyKey(p.Key); ok {
					read(rest, k)
				}
			}
		}
	}
	jsflow.Walk(an.js.Program, func(n ast.Node) bool {
		e, ok := n.(ast.Expression)
		if !ok {
			return true
		}
		if name, ok := jsflow.DottedName(e); ok {
			if rest, ok := strings.CutPrefix(name, prefix); ok {
				if obj, field := metadataField(rest); obj != "" {
					read(obj, field)
				}
			}
		}
		return true
	})
}

// fieldEntity adds a metadata field ("" field: the whole object).
func (b *builder) fieldEntity(object, field string) string {
	id := object
	if field != "" {
		id += "." + field
	}
	return b.entity(TypeMetadataField, id, id, "", "", map[string]any{"object": object, "field": field,
		"user_writable": object == srcUserMetadata})
}

// claimEntity adds a token claim.
func (b *builder) claimEntity(kind, name string) string {
	token := "access_token"
	if kind == sinkIDClaim {
		token = "id_token"
	}
	return b.entity(TypeClaim, token+" "+name, name, "", "", map[string]any{"name": name, "token": token,
		"authorization": authorizationClaim(name)})
}

// apisDefining returns the identifiers of the APIs that define a scope,
// sorted.
func (b *builder) apisDefining(scope string) []string {
	if b.scopeAPIs == nil {
		b.scopeAPIs = map[string][]string{}
		for i := range b.apis {
			for _, sc := range b.apis[i].Scopes {
				b.scopeAPIs[sc.Value] = append(b.scopeAPIs[sc.Value], b.apis[i].Identifier)
			}
		}
		for _, l := range b.scopeAPIs {
			slices.Sort(l)
		}
	}
	return b.scopeAPIs[scope]
}

// authorizationClaim reports whether a claim's name says it carries
// authorization: role(s), group(s), permission(s), scope(s),
// entitlement(s), admin... (the last segment of a namespaced name). A
// claim named locale or language is no privilege.
func authorizationClaim(name string) bool {
	last := name
	if i := strings.LastIndexAny(name, "/:#"); i >= 0 {
		last = name[i+1:]
	}
	var n strings.Builder
	for _, c := range strings.ToLower(last) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			n.WriteRune(c)
		}
	}
	w := n.String()
	switch w {
	case "role", "roles", "group", "groups", "permission", "permissions", "perms", "scope", "scopes",
		"entitlement", "entitlements", "privilege", "privileges", "admin", "isadmin", "administrator",
		"superuser", "issuperuser", "authorization", "authorizations", "acl", "acls", "accesslevel", "usertype", "tier":
		return true
	}
	for _, suf := range []string{"role", "roles", "groups", "permissions", "admin", "entitlements", "privileges"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// roleLikeClaim reports whether an authorization claim names roles or
// admin rights (the most dangerous kind).
func roleLikeClaim(name string) bool {
	w := strings.ToLower(name)
	return strings.Contains(w, "role") || strings.Contains(w, "admin") || strings.Contains(w, "group") ||
		strings.Contains(w, "permission") || strings.Contains(w, "privilege")
}
