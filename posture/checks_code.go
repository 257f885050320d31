package posture

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/Masterminds/semver/v3"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/token"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/internal/secretfmt"
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/jsflow"
	"github.com/authlens/authlens/posture/model"
)

// Code: Actions, Rules, Hooks, custom database scripts and custom social
// connection scripts, read as JavaScript (posture/jsflow), and the
// runtimes, triggers and npm dependencies of Actions and Hooks.
func codeChecks() []check {
	arh := kinds(inventory.KindActions, inventory.KindRules, inventory.KindHooks)
	return []check{
		{id: "AL-CODE-001", needs: kinds(inventory.KindActions), run: checkCodeRuntimeEOL},
		{id: "AL-CODE-002", needs: kinds(inventory.KindActions), run: checkCodeDeprecatedTrigger},
		{id: "AL-CODE-003", needs: kinds(inventory.KindRules), run: checkCodeRuleEnabled},
		{id: "AL-CODE-004", needs: kinds(inventory.KindHooks), run: checkCodeHookEnabled},
		{id: "AL-CODE-005", needs: arh, run: checkCodeSecretLiteral},
		{id: "AL-CODE-006", needs: kinds(inventory.KindActions, inventory.KindHooks), run: checkCodeVulnerableDependency},
		{id: "AL-CODE-007", needs: kinds(inventory.KindActions, inventory.KindHooks), run: checkCodeUnpinnedDependency},
		{id: "AL-CODE-008", needs: kinds(inventory.KindActions), run: checkCodeRegistrationEnumeration},
		{id: "AL-CODE-009", needs: kinds(inventory.KindGuardianFactors, inventory.KindActions, inventory.KindTriggerBindings), run: checkCodePasswordResetMFA},
		{id: "AL-CODE-010", needs: arh, run: checkCodeLogsSecrets},
		{id: "AL-CODE-011", needs: kinds(inventory.KindActions, inventory.KindRules, inventory.KindHooks, inventory.KindConnections), run: checkCodeParseError},
		{id: "AL-CODE-012", needs: arh, run: checkCodeDynamicEval},
		{id: "AL-CODE-013", needs: arh, run: checkCodePlainHTTP},
		{id: "AL-CODE-014", needs: arh, run: checkCodeTLSDisabled},
		{id: "AL-CONN-008", needs: kinds(inventory.KindConnections), run: checkCodeConnScriptSecret},
		{id: "AL-CONN-012", needs: kinds(inventory.KindConnections), run: checkCodeConnScriptEmailVerified},
		{id: "AL-CONN-017", needs: kinds(inventory.KindConnections), run: checkCodeConnScriptSQLInjection},
		{id: "AL-CONN-018", needs: kinds(inventory.KindConnections), run: checkCodeConnScriptFastHash},
		{id: "AL-MFA-002", needs: kinds(inventory.KindGuardianPolicies, inventory.KindActions, inventory.KindTriggerBindings, inventory.KindRules), run: checkCodeMFANeverRequired},
	}
}

// ---- code sources -------------------------------------------------------

// codeKind says where a script comes from.
type codeKind int

const (
	codeAction codeKind = iota
	codeRule
	codeHook
	codeDBScript
	codeSocialScript
)

// codeRedacted is the value the snapshot puts in place of a secret; a
// script holding a private key is redacted whole.
const codeRedacted = "[REDACTED]"

// codeSource is one script of the snapshot.
type codeSource struct {
	kind codeKind
	res  Resource
	// path is the script's member in the record: "code",
	// "deployed_version.code", "script", "options.customScripts.login",
	// "options.scripts.fetchUserProfile".
	path string
	// label names the script for people: `Action "Risk gate"`.
	label string
	src   string
	// name is the script's name in its connection ("login",
	// "fetchUserProfile").
	name string
	// enabled is false for a disabled Rule or Hook, and for the scripts
	// of a database connection whose customization is off.
	enabled bool
}

func (cs codeSource) redacted() bool { return strings.TrimSpace(cs.src) == codeRedacted }

func (cs codeSource) parse() (*jsflow.Script, error) {
	return jsflow.Parse(string(cs.res.Kind)+"/"+cs.res.ID+"/"+cs.path, cs.src)
}

// codeActionSources returns an Action's draft code and, when it differs,
// its deployed code.
func codeActionSources(a *auth0mgmt.Action) []codeSource {
	res := actionResource(a)
	var out []codeSource
	if a.Code != "" {
		out = append(out, codeSource{kind: codeAction, res: res, path: "code", label: fmt.Sprintf("Action %q", a.Name), src: a.Code, enabled: true})
	}
	if dv := a.DeployedVersion; dv != nil && dv.Code != "" && dv.Code != a.Code {
		out = append(out, codeSource{kind: codeAction, res: res, path: path("deployed_version", "code"),
			label: fmt.Sprintf("the deployed version of Action %q", a.Name), src: dv.Code, enabled: true})
	}
	return out
}

// codeARHSources returns the scripts of the Actions, Rules and Hooks.
func codeARHSources(t *model.Tenant) []codeSource {
	var out []codeSource
	actions, _ := t.Actions()
	for i := range actions {
		out = append(out, codeActionSources(&actions[i])...)
	}
	rules, _ := t.Rules()
	for i := range rules {
		ru := &rules[i]
		if ru.Script != "" {
			out = append(out, codeSource{kind: codeRule, res: ruleResource(ru), path: "script", label: fmt.Sprintf("Rule %q", ru.Name), src: ru.Script, enabled: ru.Enabled})
		}
	}
	hooks, _ := t.Hooks()
	for i := range hooks {
		h := &hooks[i]
		if h.Script != "" {
			out = append(out, codeSource{kind: codeHook, res: hookResource(h), path: "script", label: fmt.Sprintf("Hook %q", h.Name), src: h.Script, enabled: h.Enabled})
		}
	}
	return out
}

// codeConnectionSources returns the custom database scripts
// (options.customScripts of database connections) and the scripts of
// custom social connections (options.scripts of oauth2 and oauth1
// connections). A connection of those strategies whose options were not
// read is skipped.
func codeConnectionSources(t *model.Tenant, r *reporter) []codeSource {
	conns, _ := t.Connections()
	var out []codeSource
	for i := range conns {
		c := &conns[i]
		social := c.Strategy == "oauth2" || c.Strategy == "oauth1"
		if !c.IsDatabase() && !social {
			continue
		}
		if !c.HasOptions() {
			r.skip(connectionResource(c), "connection options not read", "read:connections_options")
			continue
		}
		if c.IsDatabase() {
			scripts := c.CustomScripts()
			on := c.EnabledDatabaseCustomization()
			for _, name := range codeSortedKeys(scripts) {
				out = append(out, codeSource{kind: codeDBScript, res: connectionResource(c), path: path("options", "customScripts", name),
					label: fmt.Sprintf("the %s script of database connection %q", name, c.Name), src: scripts[name], name: name, enabled: on})
			}
			continue
		}
		var scripts auth0mgmt.Object
		if !c.Options.Get("scripts", &scripts) {
			continue
		}
		for _, name := range scripts.Keys() {
			src := scripts.String(name)
			if src == "" {
				continue
			}
			out = append(out, codeSource{kind: codeSocialScript, res: connectionResource(c), path: path("options", "scripts", name),
				label: fmt.Sprintf("the %s script of custom social connection %q", name, c.Name), src: src, name: name, enabled: true})
		}
	}
	return out
}

func codeSortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// codeRunning returns the sources whose code runs: disabled Rules and
// Hooks, and the scripts of a database that does not run them, are left
// out.
func codeRunning(srcs []codeSource) []codeSource {
	var out []codeSource
	for _, cs := range srcs {
		if cs.enabled {
			out = append(out, cs)
		}
	}
	return out
}

// codeEachScript parses each source and calls f with it. A redacted
// script or one that does not parse (AL-CODE-011 reports it) cannot be
// judged: it is skipped.
func codeEachScript(r *reporter, srcs []codeSource, f func(cs codeSource, s *jsflow.Script)) {
	for _, cs := range srcs {
		if cs.redacted() {
			r.skip(cs.res, "script redacted in the snapshot")
			continue
		}
		s, err := cs.parse()
		if err != nil {
			r.skip(cs.res, codeParseSkipReason(err))
			continue
		}
		f(cs, s)
	}
}

// codeParseSkipReason says why a script that did not parse is not judged.
func codeParseSkipReason(err error) string {
	var pe *jsflow.ParseError
	if errors.As(err, &pe) && pe.Unsupported {
		return "a script uses JavaScript syntax the parser does not read (" + pe.Message + ")"
	}
	return "a script does not parse (AL-CODE-011 reports it)"
}

// codeSpan is the Location of a node.
func codeSpan(s *jsflow.Script, n ast.Node) Location {
	start, end := s.Span(n)
	return Location{Line: start.Line, Column: start.Column, EndLine: end.Line, EndColumn: end.Column}
}

// codePublicPrefixes are the prefixes credential formats publish (they
// say what kind of credential a value is, not which one), longest first
// where one starts another.
var codePublicPrefixes = []string{"-----BEGIN", "github_pat_", "sk_live_", "sk_test_", "rk_live_", "AKIA", "ASIA",
	"ghp_", "gho_", "xoxb-", "xoxp-", "SG.", "eyJ", "AIza"}

// codeMask shows a secret literal without any character of its value: a
// known public format prefix (AKIA, sk_live_, ...) when it has one, its
// length and the first 8 hex digits of its SHA-256, so that findings of
// the same value can be matched.
func codeMask(v string) string {
	n := utf8.RuneCountInString(v)
	sum := sha256.Sum256([]byte(v))
	digest := hex.EncodeToString(sum[:4])
	prefix := ""
	for _, p := range codePublicPrefixes {
		if strings.HasPrefix(v, p) && len(v) > len(p) {
			prefix = p
			break
		}
	}
	return fmt.Sprintf("%s…(%d chars, sha256:%s)", prefix, n, digest)
}

// ---- AL-CODE-001 runtime end of life -------------------------------------

// AL-CODE-001: an Action (or its deployed version) on a Node.js runtime
// past its end of life.
func checkCodeRuntimeEOL(t *model.Tenant, r *reporter) {
	tables := mustCodeTables()
	actions, _ := t.Actions()
	for i := range actions {
		a := &actions[i]
		if rt, ok := tables.runtimes[a.Runtime]; ok && rt.EndOfLife != "" {
			r.report(actionResource(a), "runtime", fmt.Sprintf(
				"Action %q runs on %s (Node.js %s), which reached end of life in %s: it no longer receives security fixes.",
				a.Name, a.Runtime, rt.Node, rt.EndOfLife), map[string]any{"runtime": a.Runtime, "end_of_life": rt.EndOfLife})
		}
		dv := a.DeployedVersion
		if dv == nil || dv.Runtime == "" || dv.Runtime == a.Runtime {
			continue
		}
		if rt, ok := tables.runtimes[dv.Runtime]; ok && rt.EndOfLife != "" {
			r.report(actionResource(a), path("deployed_version", "runtime"), fmt.Sprintf(
				"The deployed version of Action %q runs on %s (Node.js %s), which reached end of life in %s.",
				a.Name, dv.Runtime, rt.Node, rt.EndOfLife), map[string]any{"runtime": dv.Runtime, "end_of_life": rt.EndOfLife})
		}
	}
}

// ---- AL-CODE-002 deprecated trigger versions ----------------------------

// AL-CODE-002: an Action written for a deprecated version of a trigger.
func checkCodeDeprecatedTrigger(t *model.Tenant, r *reporter) {
	tables := mustCodeTables()
	actions, _ := t.Actions()
	for i := range actions {
		a := &actions[i]
		var old []string
		var upgrades []string
		for _, tr := range a.SupportedTriggers {
			d, ok := tables.deprecated[tr.ID]
			if ok && slices.Contains(d.Versions, tr.Version) {
				old = append(old, tr.ID+" "+tr.Version)
				upgrades = append(upgrades, tr.ID+" "+d.Current)
			}
		}
		if len(old) == 0 {
			continue
		}
		slices.Sort(old)
		slices.Sort(upgrades)
		r.report(actionResource(a), "supported_triggers", fmt.Sprintf(
			"Action %q is written for a deprecated trigger version (%s); move it to %s.",
			a.Name, strings.Join(old, ", "), strings.Join(upgrades, ", ")), map[string]any{"deprecated": old, "current": upgrades})
	}
}

// ---- AL-CODE-003/004 Rules and Hooks -------------------------------------

// AL-CODE-003: an enabled Rule.
func checkCodeRuleEnabled(t *model.Tenant, r *reporter) {
	rules, _ := t.Rules()
	for i := range rules {
		ru := &rules[i]
		if !ru.Enabled {
			continue
		}
		r.report(ruleResource(ru), "enabled", fmt.Sprintf(
			"Rule %q is enabled, but Rules reached end of life on 18 November 2026: Auth0 no longer runs them, so what this Rule enforces must move to an Action.", ru.Name),
			map[string]any{"enabled": true, "order": ru.Order})
	}
}

// AL-CODE-004: an enabled Hook.
func checkCodeHookEnabled(t *model.Tenant, r *reporter) {
	hooks, _ := t.Hooks()
	for i := range hooks {
		h := &hooks[i]
		if !h.Enabled {
			continue
		}
		r.report(hookResource(h), "enabled", fmt.Sprintf(
			"Hook %q (%s) is enabled, but Hooks reached end of life on 18 November 2026: Auth0 no longer runs them, so what this Hook does must move to an Action.", h.Name, h.TriggerID),
			map[string]any{"enabled": true, "triggerId": h.TriggerID})
	}
}

// ---- secret literals (AL-CODE-005, AL-CONN-008) ------------------------

var (
	// codeRecaptchaKey is the form of a reCAPTCHA key: the site key is
	// public, the secret key has the same form.
	codeRecaptchaKey = regexp.MustCompile(`^6L[0-9A-Za-z_-]{38}$`)
	codeEnvName      = regexp.MustCompile(`^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$`)
	codeDottedRef    = regexp.MustCompile(`^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$`)
)

// Names that mean a secret, matched against the end of the name in lower
// case with only letters and digits ("dbPassword", "SENDGRID_API_KEY",
// "x-api-key"). A strong name is enough; a weak one ("key", "token")
// needs a value that looks random too.
var (
	codeStrongSecretSuffixes = []string{
		"password", "passwd", "passphrase", "secret", "apikey", "privatekey", "secretkey", "accesskey",
		"signingkey", "encryptionkey", "masterkey", "clientkey", "authkey", "subscriptionkey", "credential",
		"credentials", "authorization", "bearer", "accesstoken", "refreshtoken", "apitoken", "authtoken",
		"bottoken", "sessiontoken", "secrets",
	}
	codeWeakSecretSuffixes = []string{"key", "token", "auth", "pwd", "pass"}
	// codeNotSecretNames end names whose value is no secret
	// ("STRIPE_PUBLISHABLE_KEY", "recaptchaSiteKey", "mfaBypass").
	codeNotSecretNames = []string{
		"publickey", "publishablekey", "sitekey", "idempotencykey", "cachekey",
		"primarykey", "foreignkey", "sortkey", "partitionkey", "rangekey",
		"lookupkey", "claimkey", "metadatakey", "keyid", "tokentype",
		"bypass", "compass",
	}
	// codePublicKeyWords mark a public value wherever they stand in a
	// name ("publicKeyPem", "siteKeyV3"), unless a strong secret word
	// follows them ("siteKeySecret").
	codePublicKeyWords = []string{"publickey", "publishablekey", "sitekey"}
)

// codeFlat is s in lower case with only its letters and digits.
func codeFlat(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// codeStrongSuffix reports whether a flat name ends with a strong
// secret word.
func codeStrongSuffix(flat string) bool {
	for _, s := range codeStrongSecretSuffixes {
		if strings.HasSuffix(flat, s) {
			return true
		}
	}
	return false
}

// codeSecretName grades a name: 2 strong, 1 weak, 0 not a secret name.
func codeSecretName(name string) int {
	flat := codeFlat(name)
	if flat == "" {
		return 0
	}
	for _, ns := range codeNotSecretNames {
		if strings.HasSuffix(flat, ns) {
			return 0
		}
	}
	for _, w := range codePublicKeyWords {
		if i := strings.LastIndex(flat, w); i >= 0 && !codeStrongSuffix(flat[i+len(w):]) {
			return 0
		}
	}
	if codeStrongSuffix(flat) {
		return 2
	}
	for _, s := range codeWeakSecretSuffixes {
		if strings.HasSuffix(flat, s) {
			return 1
		}
	}
	return 0
}

// codeLooksRandom reports whether a value looks generated rather than
// written: letters and digits mixed, or three kinds of characters.
func codeLooksRandom(v string) bool {
	var lower, upper, digit, other int
	for _, r := range v {
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r):
			upper++
		case unicode.IsDigit(r):
			digit++
		default:
			other++
		}
	}
	if utf8.RuneCountInString(v) < 12 {
		return false
	}
	classes := 0
	for _, n := range []int{lower, upper, digit, other} {
		if n > 0 {
			classes++
		}
	}
	return digit >= 2 && lower+upper > 0 || classes >= 3
}

// codeSecretByName reports whether a value bound to name (a variable,
// property, assignment target, compared name or header) looks like a
// secret.
func codeSecretByName(name, v string) bool {
	grade := codeSecretName(name)
	if grade == 0 || utf8.RuneCountInString(v) < 8 {
		return false
	}
	t := secretfmt.StripAuthScheme(v)
	switch {
	case utf8.RuneCountInString(t) < 8,
		strings.ContainsFunc(t, unicode.IsSpace),
		secretfmt.Placeholder(t),
		strings.Contains(t, "://"), // a URL; one with a password is a format
		strings.HasPrefix(t, "/"), strings.HasPrefix(t, "./"),
		codeFlat(t) == codeFlat(name),
		codeEnvName.MatchString(t),                                         // the name of a secret, not its value
		codeDottedRef.MatchString(t) && !codeLooksRandom(t),                // a reference: app_metadata.roles
		strings.HasPrefix(t, "pk_live_"), strings.HasPrefix(t, "pk_test_"), // a Stripe publishable key
		codeRecaptchaKey.MatchString(t) && grade < 2: // a reCAPTCHA site key (a secret key is named so)
		return false
	}
	return grade == 2 || codeLooksRandom(t)
}

// codeSecretHit is a literal that looks like a secret.
type codeSecretHit struct {
	lit jsflow.StringLit
	why string
}

// codeFindSecrets returns the literals of s that look like secrets: by
// their format anywhere, or by the name they are bound to. The literals
// of one concatenation count once.
func codeFindSecrets(s *jsflow.Script) []codeSecretHit {
	var out []codeSecretHit
	groups := map[ast.Expression]bool{}
	for _, lit := range s.Strings() {
		why := secretfmt.Format(lit.Value)
		name := lit.Context.Name
		if lit.Context.Kind == jsflow.ContextArgument && codeKeyArgument(lit.Context) {
			name = "secret" // jwt.sign(payload, "..."), crypto.createHmac("sha256", "...")
		}
		if why == "" && !lit.Part && name != "" {
			switch lit.Context.Kind {
			case jsflow.ContextVariable, jsflow.ContextParameter, jsflow.ContextProperty,
				jsflow.ContextAssignment, jsflow.ContextComparison, jsflow.ContextArgument:
				if codeSecretByName(name, lit.Value) {
					why = fmt.Sprintf("bound to %q", name)
					if name != lit.Context.Name {
						why = "the key of " + lit.Context.Path
					}
				}
			}
		}
		if why == "" {
			continue
		}
		if lit.Group != nil && lit.Group != lit.Node {
			if groups[lit.Group] {
				continue
			}
			groups[lit.Group] = true
		}
		out = append(out, codeSecretHit{lit: lit, why: why})
	}
	return out
}

// codeKeyArgument reports whether an argument is the key of a signing
// call: the second argument of jwt.sign, jwt.verify or createHmac.
func codeKeyArgument(c jsflow.Context) bool {
	if c.Index != 1 {
		return false
	}
	switch jsflow.LastName(c.Path) {
	case "createHmac":
		return true
	case "sign", "verify":
		head, _, _ := strings.Cut(c.Path, ".")
		return strings.Contains(strings.ToLower(head), "jwt") || strings.Contains(strings.ToLower(head), "jsonwebtoken")
	}
	return false
}

func codeReportSecrets(r *reporter, cs codeSource, s *jsflow.Script, advice string) {
	for _, h := range codeFindSecrets(s) {
		masked := codeMask(h.lit.Value)
		r.reportCode(0, cs.res, cs.path, Location{Line: h.lit.Pos.Line, Column: h.lit.Pos.Column, EndLine: h.lit.End.Line, EndColumn: h.lit.End.Column},
			fmt.Sprintf("%s hard-codes a secret at line %d (%s: %s); %s", cs.label, h.lit.Pos.Line, h.why, masked, advice),
			map[string]any{"literal": masked, "reason": h.why, "line": h.lit.Pos.Line, "column": h.lit.Pos.Column})
	}
}

// AL-CODE-005: a secret literal in Action, Rule or Hook code.
func checkCodeSecretLiteral(t *model.Tenant, r *reporter) {
	codeEachScript(r, codeARHSources(t), func(cs codeSource, s *jsflow.Script) {
		advice := "store it as an Action secret and read event.secrets."
		switch cs.kind {
		case codeRule:
			advice = "store it in the Rules settings and read configuration."
		case codeHook:
			advice = "store it as a Hook secret and read context.webtask.secrets."
		}
		codeReportSecrets(r, cs, s, advice)
	})
}

// AL-CONN-008: a secret literal in a custom database or custom social
// connection script.
func checkCodeConnScriptSecret(t *model.Tenant, r *reporter) {
	codeEachScript(r, codeConnectionSources(t, r), func(cs codeSource, s *jsflow.Script) {
		codeReportSecrets(r, cs, s, "store it in the connection's configuration settings and read configuration.")
	})
}

// ---- dependencies (AL-CODE-006, AL-CODE-007) ----------------------------

// codeDep is a dependency of an Action or Hook.
type codeDep struct{ name, version string }

// codeDepSet is a list of dependencies at one member of a record.
type codeDepSet struct {
	res   Resource
	path  string
	label string
	deps  []codeDep
	hook  bool
}

func codeActionDeps(ds []auth0mgmt.ActionDependency) []codeDep {
	out := make([]codeDep, 0, len(ds))
	for _, d := range ds {
		out = append(out, codeDep{d.Name, strings.TrimSpace(d.Version)})
	}
	return out
}

// codeDependencySets returns the dependencies of every Action (draft and,
// when they differ, deployed) and Hook.
func codeDependencySets(t *model.Tenant) []codeDepSet {
	var out []codeDepSet
	actions, _ := t.Actions()
	for i := range actions {
		a := &actions[i]
		draft := codeActionDeps(a.Dependencies)
		if len(draft) > 0 {
			out = append(out, codeDepSet{res: actionResource(a), path: "dependencies", label: fmt.Sprintf("Action %q", a.Name), deps: draft})
		}
		if dv := a.DeployedVersion; dv != nil && len(dv.Dependencies) > 0 {
			dep := codeActionDeps(dv.Dependencies)
			if !slices.Equal(dep, draft) {
				out = append(out, codeDepSet{res: actionResource(a), path: path("deployed_version", "dependencies"),
					label: fmt.Sprintf("the deployed version of Action %q", a.Name), deps: dep})
			}
		}
	}
	hooks, _ := t.Hooks()
	for i := range hooks {
		h := &hooks[i]
		var deps []codeDep
		for _, name := range h.Dependencies.Keys() {
			deps = append(deps, codeDep{name, strings.TrimSpace(h.Dependencies.String(name))})
		}
		if len(deps) > 0 {
			out = append(out, codeDepSet{res: hookResource(h), path: "dependencies", label: fmt.Sprintf("Hook %q", h.Name), deps: deps, hook: true})
		}
	}
	return out
}

var codeExactVersion = regexp.MustCompile(`^=?\s*v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)

// codePinned returns the exact version a dependency names, if it names
// one.
func codePinned(version string) (*semver.Version, bool) {
	m := codeExactVersion.FindStringSubmatch(version)
	if m == nil {
		return nil, false
	}
	v, err := semver.NewVersion(m[1])
	return v, err == nil
}

// codeNotRegistryVersion reports a version that names no registry
// release: a URL, a git reference, a local path, an alias.
func codeNotRegistryVersion(version string) bool {
	l := strings.ToLower(version)
	for _, p := range []string{"http:", "https:", "git:", "git+", "github:", "gitlab:", "bitbucket:", "file:", "link:", "npm:", "workspace:"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return strings.Contains(l, "/") && !strings.ContainsAny(l, "<>=^~*| ")
}

// AL-CODE-006: a dependency with a known vulnerability.
func checkCodeVulnerableDependency(t *model.Tenant, r *reporter) {
	tables := mustCodeTables()
	for _, set := range codeDependencySets(t) {
		var hits []map[string]any
		var names []string
		for _, d := range set.deps {
			advs := tables.advisories[d.name]
			if len(advs) == 0 {
				continue
			}
			v, exact := codePinned(d.version)
			var found []*codeAdvisory
			for _, a := range advs {
				if a.allVersions() || exact && a.affects(v) {
					found = append(found, a)
				}
			}
			if len(found) == 0 {
				continue
			}
			var ids, fixed, summaries []string
			for _, a := range found {
				id := a.ID
				if a.CVE != "" {
					id = a.CVE + " (" + a.ID + ")"
				}
				ids = append(ids, id)
				summaries = append(summaries, a.Summary)
				if a.Fixed != "" && !slices.Contains(fixed, a.Fixed) {
					fixed = append(fixed, a.Fixed)
				}
			}
			version := d.version
			if version == "" {
				version = "(any)"
			}
			hit := map[string]any{"name": d.name, "version": d.version, "advisories": ids, "fixed": fixed, "summaries": summaries}
			fix := "no fixed version exists: replace the package"
			if len(fixed) > 0 {
				fix = "fixed in " + strings.Join(fixed, ", ")
			}
			if set.hook {
				r.report(set.res, path("dependencies", d.name), fmt.Sprintf("%s depends on %s %s, which has known vulnerabilities: %s; %s.",
					set.label, d.name, version, strings.Join(ids, ", "), fix), hit)
				continue
			}
			hits = append(hits, hit)
			names = append(names, fmt.Sprintf("%s %s: %s, %s", d.name, version, strings.Join(ids, ", "), fix))
		}
		if len(hits) > 0 {
			r.report(set.res, set.path, fmt.Sprintf("%s depends on packages with known vulnerabilities: %s.", set.label, strings.Join(names, "; ")),
				map[string]any{"dependencies": hits})
		}
	}
}

// AL-CODE-007: an unpinned dependency.
func checkCodeUnpinnedDependency(t *model.Tenant, r *reporter) {
	for _, set := range codeDependencySets(t) {
		var loose []string
		var ev []map[string]any
		for _, d := range set.deps {
			if _, exact := codePinned(d.version); exact || codeNotRegistryVersion(d.version) {
				continue
			}
			v := d.version
			if v == "" {
				v = `""`
			}
			loose = append(loose, d.name+"@"+v)
			ev = append(ev, map[string]any{"name": d.name, "version": d.version})
		}
		if len(loose) == 0 {
			continue
		}
		r.report(set.res, set.path, fmt.Sprintf(
			"%s takes whatever version of %s the registry serves at build time; pin exact versions.", set.label, strings.Join(loose, ", ")),
			map[string]any{"dependencies": ev})
	}
}

// ---- AL-CODE-008 user enumeration at registration -----------------------

var codeEmailLookupMethods = []string{"getusersbyemail", "usersbyemail", "getbyemail"}

// AL-CODE-008: a pre-user-registration Action that looks users up by
// email and denies the registration.
func checkCodeRegistrationEnumeration(t *model.Tenant, r *reporter) {
	actions, _ := t.Actions()
	for i := range actions {
		a := &actions[i]
		if !slices.ContainsFunc(a.SupportedTriggers, func(tr auth0mgmt.ActionTrigger) bool {
			return tr.ID == auth0mgmt.TriggerPreUserRegistration
		}) {
			continue
		}
		codeEachScript(r, codeActionSources(a), func(cs codeSource, s *jsflow.Script) {
			var lookup string
			for _, c := range s.Calls() {
				m := strings.ToLower(c.Method)
				if slices.ContainsFunc(codeEmailLookupMethods, func(x string) bool { return strings.HasSuffix(m, x) }) {
					lookup = c.Method
					break
				}
			}
			if lookup == "" {
				for _, l := range s.Strings() {
					if strings.Contains(l.Value, "users-by-email") {
						lookup = "users-by-email"
						break
					}
				}
			}
			if lookup == "" {
				return
			}
			var denies []jsflow.Call
			for _, c := range s.Calls() {
				if c.Callee == "api.access.deny" {
					denies = append(denies, c)
				}
			}
			if len(denies) == 0 {
				return
			}
			var lines []int
			for _, d := range denies {
				lines = append(lines, d.Pos.Line)
			}
			r.reportCode(0, cs.res, cs.path, codeSpan(s, denies[0].Node), fmt.Sprintf(
				"%s looks users up by email (%s) and denies the registration (line %d): the answer tells anyone who signs up whether an account exists.",
				cs.label, lookup, denies[0].Pos.Line), map[string]any{"lookup": lookup, "deny_lines": lines})
		})
	}
}

// ---- bound Actions ------------------------------------------------------

// codeBoundScript is the code a binding runs.
type codeBoundScript struct {
	res   Resource
	path  string
	label string
	src   string
}

// codeTriggerBindings returns a trigger's record; when it is absent, gap
// is the gap that explains why (nil when the tenant has no such
// trigger).
func codeTriggerBindings(t *model.Tenant, triggerID string) (rec *inventory.TriggerRecord, gap *inventory.Gap) {
	trs, _ := t.Triggers()
	for i := range trs {
		if trs[i].TriggerID == triggerID {
			return &trs[i], nil
		}
	}
	for _, g := range t.Gaps(inventory.KindTriggerBindings, "bindings") {
		if len(g.IDs) == 0 || slices.Contains(g.IDs, triggerID) {
			return nil, &g
		}
	}
	return nil, nil
}

// codeBoundScripts returns the deployed code of a trigger's bindings; ok
// is false (with the name of the binding) when a binding's code is not
// in the snapshot.
func codeBoundScripts(t *model.Tenant, rec *inventory.TriggerRecord) (out []codeBoundScript, missing string) {
	actions, _ := t.Actions()
	byID := map[string]*auth0mgmt.Action{}
	for i := range actions {
		byID[actions[i].ID] = &actions[i]
	}
	for _, b := range rec.Bindings {
		if b.Action == nil {
			return nil, b.DisplayName
		}
		a := byID[b.Action.ID]
		switch {
		case a != nil && a.DeployedVersion != nil && a.DeployedVersion.Code != "":
			out = append(out, codeBoundScript{actionResource(a), path("deployed_version", "code"), a.Name, a.DeployedVersion.Code})
		case b.Action.DeployedVersion != nil && b.Action.DeployedVersion.Code != "":
			res := triggerResource(rec.TriggerID)
			if a != nil {
				res = actionResource(a)
			}
			out = append(out, codeBoundScript{res, path("deployed_version", "code"), b.Action.Name, b.Action.DeployedVersion.Code})
		case a != nil && a.AllChangesDeployed && a.Code != "":
			out = append(out, codeBoundScript{actionResource(a), "code", a.Name, a.Code})
		default:
			name := b.Action.Name
			if name == "" {
				name = b.Action.ID
			}
			return nil, name
		}
	}
	return out, ""
}

// codeCallsAny reports whether src calls one of the callees; a script
// that does not parse is searched as text.
func codeCallsAny(src string, callees ...string) bool {
	s, err := jsflow.Parse("bound", src)
	if err != nil {
		return slices.ContainsFunc(callees, func(c string) bool { return strings.Contains(src, c) })
	}
	return slices.ContainsFunc(s.Calls(), func(c jsflow.Call) bool { return slices.Contains(callees, c.Callee) })
}

// AL-CODE-009: MFA is enabled but password reset does not challenge for
// it.
func checkCodePasswordResetMFA(t *model.Tenant, r *reporter) {
	factors, _ := t.GuardianFactors()
	var enabled []string
	for _, f := range factors {
		if f.Enabled && !f.TrialExpired && f.Name != "recovery-code" {
			enabled = append(enabled, f.Name)
		}
	}
	if len(enabled) == 0 {
		return
	}
	slices.Sort(enabled)
	const trigger = auth0mgmt.TriggerPasswordResetPostChallenge
	rec, gap := codeTriggerBindings(t, trigger)
	if gap != nil {
		r.skip(triggerResource(trigger), "the bindings of the "+trigger+" trigger were not read", gap.MissingScopes...)
		return
	}
	res, p := kindResource(inventory.KindTriggerBindings), ""
	var bound []string
	if rec != nil {
		res, p = triggerResource(trigger), "bindings"
		scripts, missing := codeBoundScripts(t, rec)
		if missing != "" {
			r.skip(res, fmt.Sprintf("the deployed code of the Action bound to %s (%s) is not in the snapshot", trigger, missing))
			return
		}
		for _, sc := range scripts {
			if codeCallsAny(sc.src, "api.authentication.challengeWith", "api.authentication.challengeWithAny") {
				return
			}
			bound = append(bound, sc.label)
		}
	}
	msg := fmt.Sprintf("MFA factors are enabled (%s) but no Action bound to the %s trigger challenges for them: whoever controls a user's email can reset the password without a second factor.",
		strings.Join(enabled, ", "), trigger)
	r.report(res, p, msg, map[string]any{"enabled_factors": enabled, "bound_actions": bound})
}

// ---- AL-CODE-010 logging secrets ---------------------------------------

// codeLogCallees are the console methods that write to the tenant logs.
var codeLogCallees = map[string]bool{
	"console.log": true, "console.info": true, "console.warn": true, "console.error": true,
	"console.debug": true, "console.dir": true, "console.trace": true,
}

// codeLogModel says what a script's secrets and whole objects are called.
type codeLogModel struct {
	secretRoots []string
	objects     map[string]bool
	// aliases are variables bound to secrets (true) or whole objects
	// (false).
	aliases map[string]bool
}

func codeLogModelOf(kind codeKind, s *jsflow.Script) *codeLogModel {
	m := &codeLogModel{aliases: map[string]bool{}}
	switch kind {
	case codeAction:
		m.secretRoots = []string{"event.secrets"}
		m.objects = map[string]bool{"event": true}
	case codeRule:
		m.secretRoots = []string{"configuration"}
		m.objects = map[string]bool{"user": true, "context": true}
	case codeHook:
		m.secretRoots = []string{"context.webtask.secrets"}
		m.objects = map[string]bool{"user": true, "context": true}
	}
	// Variables bound to a secret: const { KEY } = event.secrets,
	// const key = event.secrets.KEY || "".
	for _, b := range s.Bindings() {
		if b.Init == nil {
			continue
		}
		secrets, _ := m.refs(b.Init, true)
		if len(secrets) == 0 {
			continue
		}
		if b.Name != "" {
			m.aliases[b.Name] = true
			continue
		}
		if pat, ok := b.Target.(*ast.ObjectPattern); ok {
			for _, p := range pat.Properties {
				switch p := p.(type) {
				case *ast.PropertyShort:
					m.aliases[p.Name.Name.String()] = true
				case *ast.PropertyKeyed:
					v := p.Value
					if a, ok := v.(*ast.AssignExpression); ok {
						v = a.Left
					}
					if id, ok := v.(*ast.Identifier); ok {
						m.aliases[id.Name.String()] = true
					}
				}
			}
		}
	}
	return m
}

// refs returns the secrets and whole objects whose value e writes out:
// the expression itself, the operands of a concatenation, the
// substitutions of a template, the branches of a conditional, the values
// of an object or array literal, the argument of JSON.stringify. A whole
// object counts where it is written as an object (not as "[object
// Object]" in a concatenation): direct is false inside a string.
func (m *codeLogModel) refs(e ast.Expression, direct bool) (secrets, objects []string) {
	add := func(s, o []string) {
		secrets = append(secrets, s...)
		objects = append(objects, o...)
	}
	if name, ok := jsflow.DottedName(e); ok {
		if strings.HasSuffix(name, ".length") {
			return nil, nil
		}
		for _, root := range m.secretRoots {
			if jsflow.HasPrefixName(name, root) {
				return []string{name}, nil
			}
		}
		head, _, _ := strings.Cut(name, ".")
		if m.aliases[head] {
			return []string{name}, nil
		}
		if m.objects[name] && direct {
			return nil, []string{name}
		}
		return nil, nil
	}
	switch x := jsflow.Unwrap(e).(type) {
	case *ast.BinaryExpression:
		switch x.Operator {
		case token.PLUS:
			add(m.refs(x.Left, false))
			add(m.refs(x.Right, false))
		case token.LOGICAL_OR, token.LOGICAL_AND, token.COALESCE:
			add(m.refs(x.Left, direct))
			add(m.refs(x.Right, direct))
		}
	case *ast.ConditionalExpression:
		add(m.refs(x.Consequent, direct))
		add(m.refs(x.Alternate, direct))
	case *ast.TemplateLiteral:
		if x.Tag == nil {
			for _, sub := range x.Expressions {
				add(m.refs(sub, false))
			}
		}
	case *ast.ObjectLiteral:
		for _, p := range x.Value {
			switch p := p.(type) {
			case *ast.PropertyKeyed:
				if p.Kind == ast.PropertyKindValue {
					add(m.refs(p.Value, true))
				}
			case *ast.PropertyShort:
				add(m.refs(&p.Name, true))
			case *ast.SpreadElement:
				add(m.refs(p.Expression, true))
			}
		}
	case *ast.ArrayLiteral:
		for _, v := range x.Value {
			if v != nil {
				add(m.refs(v, true))
			}
		}
	case *ast.SpreadElement:
		add(m.refs(x.Expression, direct))
	case *ast.SequenceExpression:
		if len(x.Sequence) > 0 {
			add(m.refs(x.Sequence[len(x.Sequence)-1], direct))
		}
	case *ast.AwaitExpression:
		add(m.refs(x.Argument, direct))
	case *ast.CallExpression:
		callee, _ := jsflow.DottedName(x.Callee)
		switch callee {
		case "JSON.stringify", "util.inspect", "util.format", "String", "Buffer.from":
			if len(x.ArgumentList) > 0 {
				add(m.refs(x.ArgumentList[0], true))
			}
			return secrets, objects
		}
		// x.toString(), x.trim(), ...: the value of x, as a string.
		if dot, ok := jsflow.Unwrap(x.Callee).(*ast.DotExpression); ok {
			switch dot.Identifier.Name.String() {
			case "toString", "toJSON", "trim", "toUpperCase", "toLowerCase":
				add(m.refs(dot.Left, false))
			}
		}
	}
	return secrets, objects
}

// AL-CODE-010: code that writes the whole event or its secrets to the
// logs.
func checkCodeLogsSecrets(t *model.Tenant, r *reporter) {
	codeEachScript(r, codeRunning(codeARHSources(t)), func(cs codeSource, s *jsflow.Script) {
		m := codeLogModelOf(cs.kind, s)
		for _, c := range s.Calls() {
			if !codeLogCallees[c.Callee] {
				continue
			}
			var secrets, objects []string
			for _, a := range c.Args {
				sec, obj := m.refs(a, true)
				secrets = append(secrets, sec...)
				objects = append(objects, obj...)
			}
			if len(secrets) == 0 && len(objects) == 0 {
				continue
			}
			secrets, objects = sortedSet(secrets), sortedSet(objects)
			sev := SeverityMedium
			what := "the whole " + strings.Join(objects, " and ") + " object"
			if len(secrets) > 0 {
				sev = SeverityHigh
				what = "secrets (" + strings.Join(secrets, ", ") + ")"
			}
			r.reportCode(sev, cs.res, cs.path, codeSpan(s, c.Node), fmt.Sprintf(
				"%s writes %s to the logs with %s at line %d: anyone who reads the tenant logs or a log stream gets it.",
				cs.label, what, c.Callee, c.Pos.Line), map[string]any{"call": c.Callee, "secrets": secrets, "objects": objects, "line": c.Pos.Line})
		}
	})
}

// ---- AL-CODE-011 parse errors -----------------------------------------

// AL-CODE-011: a script that does not parse.
func checkCodeParseError(t *model.Tenant, r *reporter) {
	srcs := append(codeARHSources(t), codeConnectionSources(t, r)...)
	for _, cs := range srcs {
		if cs.redacted() {
			r.skip(cs.res, "script redacted in the snapshot")
			continue
		}
		if !cs.enabled {
			continue // a disabled Rule or Hook, or a database that does not run its scripts
		}
		_, err := cs.parse()
		var pe *jsflow.ParseError
		if !errors.As(err, &pe) {
			continue
		}
		if pe.Unsupported {
			// valid JavaScript, most likely, that the parser does not
			// read: not the script's fault
			r.skip(cs.res, codeParseSkipReason(err))
			continue
		}
		r.reportCode(0, cs.res, cs.path, Location{Line: pe.Line, Column: pe.Column}, fmt.Sprintf(
			"%s does not parse: %s at line %d, column %d.", cs.label, pe.Message, pe.Line, pe.Column),
			map[string]any{"error": pe.Message, "line": pe.Line, "column": pe.Column})
	}
}

// ---- AL-CODE-012 eval and child processes -----------------------------

var codeDangerousModules = map[string]string{
	"vm": "runs strings as code", "node:vm": "runs strings as code",
	"child_process": "runs programs", "node:child_process": "runs programs",
}

// AL-CODE-012: code that evaluates strings or runs programs.
func checkCodeDynamicEval(t *model.Tenant, r *reporter) {
	codeEachScript(r, codeRunning(codeARHSources(t)), func(cs codeSource, s *jsflow.Script) {
		for _, c := range s.Calls() {
			var what string
			switch c.Callee {
			case "eval", "global.eval", "globalThis.eval":
				if !c.New {
					what = "eval() runs a string as code"
				}
			case "Function", "global.Function", "globalThis.Function":
				what = "the Function constructor runs a string as code"
			case "require":
				if len(c.Args) > 0 {
					if m, ok := jsflow.StringValue(c.Args[0]); ok && codeDangerousModules[m] != "" {
						what = fmt.Sprintf("require(%q) %s", m, codeDangerousModules[m])
					}
				}
			}
			if what == "" {
				continue
			}
			r.reportCode(0, cs.res, cs.path, codeSpan(s, c.Node), fmt.Sprintf("%s: %s (line %d).", cs.label, what, c.Pos.Line),
				map[string]any{"call": c.Callee, "line": c.Pos.Line})
		}
	})
}

// ---- HTTP clients (AL-CODE-013, AL-CODE-014) ----------------------------

// codeHTTPModules are the npm modules (and Node.js modules) that make
// HTTP requests.
var codeHTTPModules = map[string]bool{
	"axios": true, "request": true, "request-promise": true, "request-promise-native": true, "got": true,
	"superagent": true, "needle": true, "node-fetch": true, "cross-fetch": true, "isomorphic-fetch": true,
	"undici": true, "http": true, "node:http": true, "https": true, "node:https": true,
}

var codeHTTPMethods = map[string]bool{
	"get": true, "post": true, "put": true, "patch": true, "delete": true, "del": true, "head": true,
	"options": true, "request": true, "create": true, "fetch": true,
}

// codeHTTPClients maps the local names of HTTP clients in s to their
// module; fetch and the usual module names count even when s does not
// require them (Rules have request as a global).
func codeHTTPClients(s *jsflow.Script) (clients map[string]string, methods map[string]string) {
	clients = map[string]string{"fetch": "fetch", "axios": "axios", "request": "request", "got": "got", "superagent": "superagent", "needle": "needle"}
	methods = map[string]string{}
	for _, rq := range s.Requires() {
		if !codeHTTPModules[rq.Module] {
			continue
		}
		if rq.Local != "" {
			clients[rq.Local] = rq.Module
		}
		for _, m := range rq.Members {
			methods[m.Local] = rq.Module + "." + m.Name
		}
	}
	return clients, methods
}

// codeIsHTTPCall reports whether c is a request of an HTTP client.
func codeIsHTTPCall(c jsflow.Call, clients, methods map[string]string) bool {
	if c.Callee == "" {
		return false
	}
	parts := strings.Split(c.Callee, ".")
	if len(parts) == 1 {
		_, ok := clients[parts[0]]
		return ok || methods[parts[0]] != ""
	}
	mod, ok := clients[parts[0]]
	if !ok || len(parts) != 2 {
		return false
	}
	if strings.HasSuffix(mod, "http") || strings.HasSuffix(mod, "https") {
		return parts[1] == "get" || parts[1] == "request"
	}
	return codeHTTPMethods[parts[1]]
}

var codeURLKeys = map[string]bool{"url": true, "uri": true, "baseURL": true, "baseUrl": true, "href": true}

// codeURLArgs returns the expressions of a request call that name its
// URL: the first argument (the second after a method name, as in
// needle("get", url)) and the url, uri or baseURL of an options object.
func codeURLArgs(s *jsflow.Script, c jsflow.Call) []ast.Expression {
	var out []ast.Expression
	for i, a := range c.Args {
		if i > 1 {
			break
		}
		if props := s.PropertiesOf(a); props != nil {
			for _, p := range props {
				if codeURLKeys[p.Key] {
					out = append(out, p.Value)
				}
			}
			continue
		}
		if i == 0 {
			if v, ok := jsflow.StringValue(a); ok && codeHTTPMethods[strings.ToLower(v)] {
				continue // needle("get", url)
			}
			out = append(out, a)
		} else if m, ok := jsflow.StringValue(c.Args[0]); ok && codeHTTPMethods[strings.ToLower(m)] {
			out = append(out, a)
		}
	}
	return out
}

// codePlainHTTPURL returns the literal an expression starts with when it
// is a plain-HTTP URL whose host is known and not a loopback address.
func codePlainHTTPURL(e ast.Expression) (lit ast.Node, u string, ok bool) {
	e = jsflow.Unwrap(e)
	complete := true // the literal is the whole URL
	for {
		b, isBin := e.(*ast.BinaryExpression)
		if !isBin || b.Operator != token.PLUS {
			break
		}
		e, complete = jsflow.Unwrap(b.Left), false
	}
	var prefix string
	switch x := e.(type) {
	case *ast.StringLiteral:
		prefix = x.Value.String()
	case *ast.TemplateLiteral:
		if x.Tag != nil || len(x.Elements) == 0 {
			return nil, "", false
		}
		prefix = x.Elements[0].Parsed.String()
		complete = complete && len(x.Expressions) == 0
	default:
		return nil, "", false
	}
	if len(prefix) < 8 || !strings.EqualFold(prefix[:7], "http://") {
		return nil, "", false
	}
	if !complete && !strings.ContainsAny(prefix[7:], "/:?#") {
		return nil, "", false // the host is computed
	}
	parsed, err := url.Parse(prefix)
	if err != nil || parsed.Hostname() == "" {
		return nil, "", false
	}
	host := strings.ToLower(parsed.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return nil, "", false
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil, "", false
	}
	return e, prefix, true
}

// codeShowURL returns a URL fit for a message: without user info, query
// and fragment (they may hold credentials), and with the path segments
// that look generated (20 or more letters and digits: tokens, keys)
// masked.
func codeShowURL(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	scheme, rest := raw[:i], raw[i+3:]
	if j := strings.IndexAny(rest, "?#"); j >= 0 {
		rest = rest[:j]
	}
	authority, p := rest, ""
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		authority, p = rest[:j], rest[j:]
	}
	if j := strings.LastIndexByte(authority, '@'); j >= 0 {
		authority = authority[j+1:]
	}
	segs := strings.Split(p, "/")
	for k, seg := range segs {
		if codeGeneratedSegment(seg) {
			segs[k] = "****"
		}
	}
	return scheme + "://" + authority + strings.Join(segs, "/")
}

// codeGeneratedSegment reports whether a path segment looks generated:
// 20 or more characters of letters and digits (with - or _), both
// present.
func codeGeneratedSegment(seg string) bool {
	if len(seg) < 20 {
		return false
	}
	var letters, digits int
	for _, r := range seg {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			letters++
		case r >= '0' && r <= '9':
			digits++
		case r == '-' || r == '_':
		default:
			return false
		}
	}
	return letters > 0 && digits > 0 && letters+digits >= 20
}

// AL-CODE-013: a request to a plain-HTTP URL.
func checkCodePlainHTTP(t *model.Tenant, r *reporter) {
	codeEachScript(r, codeRunning(codeARHSources(t)), func(cs codeSource, s *jsflow.Script) {
		clients, methods := codeHTTPClients(s)
		for _, c := range s.Calls() {
			if !codeIsHTTPCall(c, clients, methods) {
				continue
			}
			for _, a := range codeURLArgs(s, c) {
				lit, u, ok := codePlainHTTPURL(a)
				if !ok {
					continue
				}
				loc := codeSpan(s, lit)
				shown := codeShowURL(u)
				r.reportCode(0, cs.res, cs.path, loc, fmt.Sprintf(
					"%s calls %s over plain HTTP with %s (line %d): the request, its credentials and the answer travel unencrypted.",
					cs.label, shown, c.Callee, loc.Line), map[string]any{"url": shown, "call": c.Callee, "line": loc.Line})
			}
		}
	})
}

// codeFalsy reports whether e is the literal false or 0 (or "0", "false"
// when strings count).
func codeFalsy(e ast.Expression, strs bool) bool {
	switch x := jsflow.Unwrap(e).(type) {
	case *ast.BooleanLiteral:
		return !x.Value
	case *ast.NumberLiteral:
		return x.Literal == "0"
	case *ast.StringLiteral:
		v := x.Value.String()
		return strs && (v == "0" || v == "false")
	}
	return false
}

// AL-CODE-014: TLS certificate verification turned off.
func checkCodeTLSDisabled(t *model.Tenant, r *reporter) {
	codeEachScript(r, codeRunning(codeARHSources(t)), func(cs codeSource, s *jsflow.Script) {
		report := func(loc Location, what string) {
			r.reportCode(0, cs.res, cs.path, loc, fmt.Sprintf(
				"%s turns off TLS certificate verification (%s, line %d): anyone on the network path can impersonate the server.",
				cs.label, what, loc.Line), map[string]any{"setting": what, "line": loc.Line})
		}
		for _, p := range s.Properties() {
			if (p.Key == "rejectUnauthorized" || p.Key == "strictSSL") && codeFalsy(p.Value, false) {
				report(codeSpan(s, p.Node), p.Key+": "+s.Text(p.Value))
			}
		}
		for _, a := range s.Assignments() {
			switch {
			case a.Target == "process.env.NODE_TLS_REJECT_UNAUTHORIZED" && codeFalsy(a.Value, true):
				report(codeSpan(s, a.Node), "NODE_TLS_REJECT_UNAUTHORIZED = "+s.Text(a.Value))
			case a.Target != "" && (jsflow.LastName(a.Target) == "rejectUnauthorized" || jsflow.LastName(a.Target) == "strictSSL") && codeFalsy(a.Value, false):
				report(codeSpan(s, a.Node), a.Target+" = "+s.Text(a.Value))
			}
		}
		clients, methods := codeHTTPClients(s)
		for _, c := range s.Calls() {
			if !codeIsHTTPCall(c, clients, methods) {
				continue
			}
			for _, arg := range c.Args {
				for _, p := range s.PropertiesOf(arg) {
					if b, ok := jsflow.Unwrap(p.Value).(*ast.BooleanLiteral); ok && p.Key == "insecure" && b.Value {
						report(codeSpan(s, p.Node), "insecure: true passed to "+c.Callee)
					}
				}
			}
		}
	})
}

// ---- AL-CONN-012 email_verified in a social script ----------------------

// AL-CONN-012: a custom social connection's fetchUserProfile script sets
// email_verified.
func checkCodeConnScriptEmailVerified(t *model.Tenant, r *reporter) {
	var srcs []codeSource
	for _, cs := range codeConnectionSources(t, r) {
		if cs.kind == codeSocialScript && cs.name == "fetchUserProfile" {
			srcs = append(srcs, cs)
		}
	}
	codeEachScript(r, srcs, func(cs codeSource, s *jsflow.Script) {
		var locs []Location
		for _, p := range s.Properties() {
			if p.Key == "email_verified" {
				locs = append(locs, codeSpan(s, p.Node))
			}
		}
		for _, a := range s.Assignments() {
			if a.Target != "" && jsflow.LastName(a.Target) == "email_verified" {
				locs = append(locs, codeSpan(s, a.Node))
			}
		}
		if len(locs) == 0 {
			return
		}
		slices.SortFunc(locs, func(a, b Location) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Column - b.Column
		})
		var lines []int
		for _, l := range locs {
			lines = append(lines, l.Line)
		}
		r.reportCode(0, cs.res, cs.path, locs[0], fmt.Sprintf(
			"%s sets email_verified (line %d): Auth0 trusts what the script says, so an identity provider that does not verify emails, or a mapping mistake, marks unverified addresses as verified.",
			cs.label, locs[0].Line), map[string]any{"lines": lines})
	})
}

// ---- AL-CONN-017 SQL built from input --------------------------------

var (
	codeSQL      = regexp.MustCompile(`(?is)\b(select|insert|update|delete)\b.*\b(from|into|set|where)\b`)
	codeSQLShape = regexp.MustCompile(`(?i)[=*('"<>]|\blike\b`)
	codeSQLSafe  = map[string]bool{
		"escape": true, "escapeId": true, "escapeLiteral": true, "escapeIdentifier": true,
		"parseInt": true, "parseFloat": true, "Number": true,
	}
)

// codeConstStrings returns the const variables of s bound to a string
// literal.
func codeConstStrings(s *jsflow.Script) map[string]bool {
	out := map[string]bool{}
	for _, b := range s.Bindings() {
		if b.Kind == "const" && b.Name != "" {
			if _, ok := jsflow.StringValue(b.Init); ok {
				out[b.Name] = true
			}
		}
	}
	return out
}

// codeSQLParts splits a concatenation or template into its literal text
// and whether an operand is neither a literal nor an escaped value.
func codeSQLParts(e ast.Expression, consts map[string]bool, text *strings.Builder) (unsafe bool) {
	switch x := jsflow.Unwrap(e).(type) {
	case *ast.BinaryExpression:
		if x.Operator == token.PLUS {
			l := codeSQLParts(x.Left, consts, text)
			r := codeSQLParts(x.Right, consts, text)
			return l || r
		}
	case *ast.StringLiteral:
		text.WriteString(x.Value.String())
		return false
	case *ast.NumberLiteral:
		text.WriteString(x.Literal)
		return false
	case *ast.TemplateLiteral:
		if x.Tag != nil {
			break
		}
		for i, el := range x.Elements {
			text.WriteString(el.Parsed.String())
			if i < len(x.Expressions) {
				text.WriteString(" ? ")
				unsafe = codeSQLParts(x.Expressions[i], consts, &strings.Builder{}) || unsafe
			}
		}
		return unsafe
	case *ast.Identifier:
		if consts[x.Name.String()] {
			text.WriteString(" ? ")
			return false
		}
	case *ast.CallExpression:
		if codeSQLSafe[jsflow.LastName(codeMethodOf(x))] {
			text.WriteString(" ? ")
			return false
		}
	}
	text.WriteString(" ? ")
	return true
}

func codeMethodOf(c *ast.CallExpression) string {
	switch x := jsflow.Unwrap(c.Callee).(type) {
	case *ast.Identifier:
		return x.Name.String()
	case *ast.DotExpression:
		return x.Identifier.Name.String()
	}
	return ""
}

// AL-CONN-017: a custom database script that builds SQL from input.
func checkCodeConnScriptSQLInjection(t *model.Tenant, r *reporter) {
	var srcs []codeSource
	for _, cs := range codeConnectionSources(t, r) {
		if cs.kind == codeDBScript && cs.enabled {
			srcs = append(srcs, cs)
		}
	}
	codeEachScript(r, srcs, func(cs codeSource, s *jsflow.Script) {
		consts := codeConstStrings(s)
		jsflow.WalkStack(s.Program, func(n ast.Node, stack []ast.Node) bool {
			var root ast.Expression
			switch x := n.(type) {
			case *ast.BinaryExpression:
				if x.Operator != token.PLUS {
					return true
				}
				if len(stack) > 0 {
					if p, ok := stack[len(stack)-1].(*ast.BinaryExpression); ok && p.Operator == token.PLUS {
						return true // not the root of the concatenation
					}
				}
				root = x
			case *ast.TemplateLiteral:
				if x.Tag != nil || len(x.Expressions) == 0 {
					return true
				}
				if len(stack) > 0 {
					if p, ok := stack[len(stack)-1].(*ast.BinaryExpression); ok && p.Operator == token.PLUS {
						return true
					}
				}
				root = x
			default:
				return true
			}
			var text strings.Builder
			unsafe := codeSQLParts(root, consts, &text)
			q := text.String()
			if !unsafe || !codeSQL.MatchString(q) || !codeSQLShape.MatchString(q) {
				return true
			}
			loc := codeSpan(s, root)
			r.reportCode(0, cs.res, cs.path, loc, fmt.Sprintf(
				"%s builds an SQL statement from input at line %d: a crafted username or email rewrites the query (SQL injection). Use a parameterised query.",
				cs.label, loc.Line), map[string]any{"line": loc.Line, "expression": codeClip(s.Text(root), 120)})
			return false
		})
	})
}

// codeClip cuts s to n characters.
func codeClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// ---- AL-CONN-018 fast password hashes ----------------------------------

var (
	codeWeakDigests = map[string]bool{"md5": true, "md4": true, "sha1": true, "sha": true, "ripemd160": true, "rmd160": true}
	codeDigestCalls = map[string]bool{"md5": true, "sha1": true, "sha224": true, "sha256": true, "sha384": true, "sha512": true}
)

// codePasswordName returns the name the password has in a database
// script: the second parameter of login and change_password, the
// password member of create's user.
func codePasswordName(name string, s *jsflow.Script) string {
	fns := s.Functions()
	if len(fns) == 0 {
		return ""
	}
	params := fns[0].Params
	switch name {
	case "login", "change_password":
		if len(params) > 1 {
			return params[1]
		}
	case "create":
		if len(params) > 0 && params[0] != "" {
			return params[0] + ".password"
		}
	}
	return ""
}

// codeMentions reports whether e's value involves name (the name itself,
// or an operand of a concatenation or template).
func codeMentions(e ast.Expression, name string) bool {
	if name == "" {
		return false
	}
	found := false
	jsflow.Walk(e, func(n ast.Node) bool {
		if found {
			return false
		}
		if x, ok := n.(ast.Expression); ok {
			if d, ok := jsflow.DottedName(x); ok && d == name {
				found = true
				return false
			}
		}
		switch n.(type) {
		case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral:
			return false
		}
		return true
	})
	return found
}

// AL-CONN-018: a custom database login, create or change_password script
// that hashes passwords with a fast digest.
func checkCodeConnScriptFastHash(t *model.Tenant, r *reporter) {
	var srcs []codeSource
	for _, cs := range codeConnectionSources(t, r) {
		if cs.kind == codeDBScript && cs.enabled && (cs.name == "login" || cs.name == "create" || cs.name == "change_password") {
			srcs = append(srcs, cs)
		}
	}
	codeEachScript(r, srcs, func(cs codeSource, s *jsflow.Script) {
		pw := codePasswordName(cs.name, s)
		// createHash calls, and the variables bound to them.
		hashVars := map[string]string{}
		for _, b := range s.Bindings() {
			if c, ok := jsflow.Unwrap(b.Init).(*ast.CallExpression); ok && b.Name != "" && codeMethodOf(c) == "createHash" && len(c.ArgumentList) > 0 {
				alg, _ := jsflow.StringValue(c.ArgumentList[0])
				hashVars[b.Name] = strings.ToLower(alg)
			}
		}
		type use struct {
			loc Location
			alg string
		}
		var uses []use
		updated := map[ast.Node]bool{} // createHash calls whose update() was seen
		for _, c := range s.Calls() {
			switch {
			case c.Method == "createHash":
				continue // judged through its update(), or below
			case c.Method == "update":
				dot, ok := jsflow.Unwrap(c.Node.(*ast.CallExpression).Callee).(*ast.DotExpression)
				if !ok || len(c.Args) == 0 {
					continue
				}
				alg, isHash := "", false
				if hc, ok := jsflow.Unwrap(dot.Left).(*ast.CallExpression); ok && codeMethodOf(hc) == "createHash" {
					isHash = true
					updated[hc] = true
					if len(hc.ArgumentList) > 0 {
						alg, _ = jsflow.StringValue(hc.ArgumentList[0])
					}
				} else if id, ok := jsflow.Unwrap(dot.Left).(*ast.Identifier); ok {
					alg, isHash = hashVars[id.Name.String()]
				}
				if isHash && codeMentions(c.Args[0], pw) {
					uses = append(uses, use{codeSpan(s, c.Node), strings.ToLower(alg)})
				}
			case codeDigestCalls[strings.ToLower(c.Method)]:
				if slices.ContainsFunc(c.Args, func(a ast.Expression) bool { return codeMentions(a, pw) }) {
					uses = append(uses, use{codeSpan(s, c.Node), strings.ToLower(c.Method)})
				}
			}
		}
		// createHash("md5") with no update() of something else.
		for _, c := range s.Calls() {
			if c.Method != "createHash" || len(c.Args) == 0 || updated[c.Node] {
				continue
			}
			alg, _ := jsflow.StringValue(c.Args[0])
			if !codeWeakDigests[strings.ToLower(alg)] {
				continue
			}
			bound := false
			for name, a := range hashVars {
				if a == strings.ToLower(alg) && codeVarUpdatesOnlyOther(s, name, pw) {
					bound = true
				}
			}
			if !bound {
				uses = append(uses, use{codeSpan(s, c.Node), strings.ToLower(alg)})
			}
		}
		if len(uses) == 0 {
			return
		}
		slices.SortFunc(uses, func(a, b use) int {
			if a.loc.Line != b.loc.Line {
				return a.loc.Line - b.loc.Line
			}
			return a.loc.Column - b.loc.Column
		})
		var algs []string
		var lines []int
		for _, u := range uses {
			if u.alg != "" {
				algs = append(algs, u.alg)
			}
			lines = append(lines, u.loc.Line)
		}
		algs = sortedSet(algs)
		r.reportCode(0, cs.res, cs.path, uses[0].loc, fmt.Sprintf(
			"%s hashes passwords with a fast digest (%s, line %d): a leaked table is cracked at billions of guesses per second. Use bcrypt, scrypt, argon2 or PBKDF2.",
			cs.label, strings.Join(algs, ", "), uses[0].loc.Line), map[string]any{"digests": algs, "lines": lines})
	})
}

// codeVarUpdatesOnlyOther reports whether the hash bound to variable name
// is updated only with values that do not involve the password.
func codeVarUpdatesOnlyOther(s *jsflow.Script, name, pw string) bool {
	seen := false
	for _, c := range s.Calls() {
		if c.Callee != name+".update" || len(c.Args) == 0 {
			continue
		}
		if codeMentions(c.Args[0], pw) {
			return false
		}
		seen = true
	}
	return seen
}

// ---- AL-MFA-002 MFA never required --------------------------------------

// AL-MFA-002: the MFA policy is "never"; graded by whether code requests
// MFA instead: quiet when a bound post-login Action or an enabled Rule asks
// for it on every login (Auth0 documents Actions as the way to enforce an
// MFA policy of one's own), low when code asks for it on some logins,
// medium when nothing does.
func checkCodeMFANeverRequired(t *model.Tenant, r *reporter) {
	pols, _ := t.GuardianPolicies()
	if pols == nil && !t.Has(inventory.KindGuardianPolicies, model.GuardianPoliciesID) {
		r.skip(guardianPoliciesResource(), "the MFA policies record is not in the snapshot", "read:mfa_policies")
		return
	}
	if len(pols) > 0 {
		return
	}
	var requesters []string
	rec, gap := codeTriggerBindings(t, auth0mgmt.TriggerPostLogin)
	if gap != nil {
		r.skip(guardianPoliciesResource(), "the bindings of the post-login trigger were not read", gap.MissingScopes...)
		return
	}
	if rec != nil {
		scripts, missing := codeBoundScripts(t, rec)
		if missing != "" {
			r.skip(guardianPoliciesResource(), fmt.Sprintf("the deployed code of the post-login Action %s is not in the snapshot", missing))
			return
		}
		for _, sc := range scripts {
			switch codeRequestsMFA(sc.src, codeMFAActionSpec) {
			case codeMFAAlways:
				return // every login through the trigger is asked for MFA
			case codeMFASometimes:
				requesters = append(requesters, fmt.Sprintf("Action %q", sc.label))
			}
		}
	}
	rules, _ := t.Rules()
	for i := range rules {
		ru := &rules[i]
		if !ru.Enabled {
			continue
		}
		switch codeRequestsMFA(ru.Script, codeMFARuleSpec) {
		case codeMFAAlways:
			return
		case codeMFASometimes:
			requesters = append(requesters, fmt.Sprintf("Rule %q", ru.Name))
		}
	}
	slices.Sort(requesters)
	requesters = slices.Compact(requesters)
	if len(requesters) == 0 {
		r.reportSev(SeverityMedium, guardianPoliciesResource(), "policies",
			"The MFA policy is Never and no post-login Action or enabled Rule requests MFA: no login is ever asked for a second factor.",
			map[string]any{"policies": []string{}, "mfa_requested_by": []string{}})
		return
	}
	r.reportSev(SeverityLow, guardianPoliciesResource(), "policies", fmt.Sprintf(
		"The MFA policy is Never: MFA depends entirely on code (%s), and a login that code skips, or an error in it, gets no second factor.",
		strings.Join(requesters, ", ")), map[string]any{"policies": []string{}, "mfa_requested_by": requesters})
}

// How a script requests MFA (codeRequestsMFA).
const (
	codeMFANever = iota
	codeMFASometimes
	codeMFAAlways
)

// The calls and assignments that ask for a second factor, in Actions and
// in Rules.
var (
	codeMFAActionSpec = jsflow.Spec{Params: []string{"event", "api"}, Sinks: []jsflow.Sink{
		{Callee: "api.multifactor.enable", Guard: true}, {Callee: "api.authentication.challengeWith", Guard: true},
		{Callee: "api.authentication.challengeWithAny", Guard: true}}}
	codeMFARuleSpec = jsflow.Spec{Params: []string{"user", "context", "callback"},
		AssignSinks: []jsflow.AssignSink{{Prefix: "context.multifactor", Guard: true}}}
)

// codeRequestsMFA says whether a script asks for MFA on every run
// (codeMFAAlways: a call no condition or early return guards),
// on some runs, or never. A script that does not parse is searched as
// text: a mention counts as some runs.
func codeRequestsMFA(src string, spec jsflow.Spec) int {
	s, err := jsflow.Parse("script", src)
	if err != nil {
		for _, sk := range spec.Sinks {
			if strings.Contains(src, sk.Callee) {
				return codeMFASometimes
			}
		}
		for _, sk := range spec.AssignSinks {
			if strings.Contains(src, sk.Prefix) {
				return codeMFASometimes
			}
		}
		return codeMFANever
	}
	got := codeMFANever
	for _, c := range jsflow.Analyze(s, spec).Calls {
		if !c.Conditional {
			return codeMFAAlways
		}
		got = codeMFASometimes
	}
	return got
}
