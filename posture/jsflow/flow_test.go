package jsflow

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testActionSpec is an Action's spec as the graph package would give it.
var testActionSpec = Spec{
	Params: []string{"event", "api"},
	Sources: []Source{
		{Prefix: "event.user.user_metadata", Label: "user_metadata"},
		{Prefix: "event.user.app_metadata", Label: "app_metadata"},
		{Prefix: "event.user.email", Label: "email"},
		{Prefix: "event.user.email_verified", Label: "email_verified"},
		{Prefix: "event.request.query", Label: "request query"},
		{Prefix: "event.request.body", Label: "request body"},
		{Prefix: "event.connection", Label: "connection"},
	},
	Sinks: []Sink{
		{Callee: "api.accessToken.addScope", Label: "scope", Args: []int{0}, Guard: true},
		{Callee: "api.accessToken.setCustomClaim", Label: "access token claim"},
		{Callee: "api.idToken.setCustomClaim", Label: "id token claim"},
		{Callee: "api.user.setAppMetadata", Label: "app_metadata write"},
		{Callee: "api.user.setUserMetadata", Label: "user_metadata write"},
		{Callee: "api.multifactor.enable", Label: "mfa", Guard: true},
		{Callee: "api.authentication.challengeWith", Label: "mfa challenge", Guard: true},
		{Callee: "api.access.deny", Label: "deny", Guard: true},
	},
}

// testRuleSpec is a Rule's.
var testRuleSpec = Spec{
	Params: []string{"user", "context", "callback"},
	Sources: []Source{
		{Prefix: "user.user_metadata", Label: "user_metadata"},
		{Prefix: "user.app_metadata", Label: "app_metadata"},
		{Prefix: "user.email", Label: "email"},
		{Prefix: "context.request.query", Label: "request query"},
	},
	AssignSinks: []AssignSink{
		{Prefix: "context.accessToken", Label: "access token"},
		{Prefix: "context.idToken", Label: "id token"},
		{Prefix: "context.multifactor", Label: "mfa", Guard: true},
		{Prefix: "user.app_metadata", Label: "app_metadata write"},
	},
}

func flowString(f Flow) string {
	var b strings.Builder
	if f.Guard {
		b.WriteString("G ")
	}
	fmt.Fprintf(&b, "%s %v > %s %v", f.Source.Name, f.Source.Pos, f.Sink.Name, f.Sink.Pos)
	if len(f.Steps) > 0 {
		ps := make([]string, len(f.Steps))
		for i, s := range f.Steps {
			ps[i] = s.Pos.String()
		}
		b.WriteString(" via " + strings.Join(ps, ","))
	}
	return b.String()
}

func callString(c SinkUse) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %v", c.Name, c.Pos)
	if c.Conditional {
		b.WriteString(" cond")
	}
	for i := range 8 {
		if v, ok := c.Values[i]; ok {
			fmt.Fprintf(&b, " %d=%s", i, v)
		}
	}
	return b.String()
}

func TestAnalyzeFlows(t *testing.T) {
	t.Parallel()
	for _, tc := range flowCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			spec := tc.spec
			if spec.Params == nil {
				spec = testActionSpec
			}
			s, err := Parse(tc.name, tc.src)
			if err != nil {
				t.Fatal(err)
			}
			a := analyze(s, spec, false)
			var got []string
			for _, f := range a.Flows {
				got = append(got, flowString(f))
				checkPos(t, tc.src, f.Source.Pos, "source")
				checkPos(t, tc.src, f.Sink.Pos, "sink")
				for _, st := range f.Steps {
					checkPos(t, tc.src, st.Pos, "step")
					if st.Note == "" {
						t.Errorf("step at %v without a note", st.Pos)
					}
				}
			}
			if !slices.Equal(got, tc.flows) {
				t.Errorf("flows:\n  got  %q\n  want %q", got, tc.flows)
			}
			if tc.calls != nil {
				var calls []string
				for _, c := range a.Calls {
					calls = append(calls, callString(c))
				}
				if !slices.Equal(calls, tc.calls) {
					t.Errorf("calls:\n  got  %q\n  want %q", calls, tc.calls)
				}
			}
			if a.Truncated {
				t.Error("truncated")
			}
		})
	}
}

// TestAnalyzeSteps checks the notes of the steps and the labels.
func TestAnalyzeSteps(t *testing.T) {
	t.Parallel()
	src := `function requestedScopes(user) {
  const raw = user.user_metadata.scopes || '';
  return raw.split(',');
}
exports.onExecutePostLogin = async (event, api) => {
  const { user } = event;
  const md = user.user_metadata;
  const { role } = md;
  api.user.setAppMetadata('role', role);
  for (const s of requestedScopes(user)) api.accessToken.addScope(s);
  if (event.request.query.skip === 'yes') return;
  api.multifactor.enable('any');
};`
	s, err := Parse("steps", src)
	if err != nil {
		t.Fatal(err)
	}
	a := Analyze(s, testActionSpec)
	type want struct {
		flow, label string
		notes       []string
	}
	wants := []want{
		{"event.user.user_metadata.role 7:14 > api.user.setAppMetadata 9:3 via 7:9,8:11", "user_metadata",
			[]string{"md = user.user_metadata", "role = md.role"}},
		{"event.user.user_metadata.scopes 2:15 > api.accessToken.addScope 10:42 via 2:9,3:3,10:14", "user_metadata",
			[]string{"raw = user.user_metadata.scopes || ''", "requestedScopes(...) returns it", "s = an element of requestedScopes(user)"}},
		{"G event.user.user_metadata.scopes 2:15 > api.accessToken.addScope 10:42 via 2:9,3:3,10:19", "user_metadata",
			[]string{"raw = user.user_metadata.scopes || ''", "requestedScopes(...) returns it", "for (... of requestedScopes(user))"}},
		{"G event.request.query.skip 11:7 > api.multifactor.enable 12:3 via 11:7", "request query",
			[]string{"if (event.request.query.skip === 'yes') returns early"}},
	}
	if len(a.Flows) != len(wants) {
		for _, f := range a.Flows {
			t.Log(flowString(f))
		}
		t.Fatalf("%d flows, want %d", len(a.Flows), len(wants))
	}
	for i, w := range wants {
		f := a.Flows[i]
		if got := flowString(f); got != w.flow {
			t.Errorf("flow %d: %s, want %s", i, got, w.flow)
		}
		if f.Source.Source.Label != w.label {
			t.Errorf("flow %d: label %q, want %q", i, f.Source.Source.Label, w.label)
		}
		var notes []string
		for _, st := range f.Steps {
			notes = append(notes, st.Note)
		}
		if !slices.Equal(notes, w.notes) {
			t.Errorf("flow %d: notes %q, want %q", i, notes, w.notes)
		}
		if f.Sink.Sink.Label == "" || f.Sink.Name != f.Sink.Sink.Callee {
			t.Errorf("flow %d: sink %+v", i, f.Sink)
		}
	}
	if !a.Flows[3].Sink.Conditional || a.Flows[0].Sink.Conditional {
		t.Error("the MFA call is conditional (after an early return), setAppMetadata is not")
	}
}

// TestAnalyzeTestdata reads the realistic Actions and Rule of
// testdata/flow: the flows that matter are found, the look-alikes are
// not.
func TestAnalyzeTestdata(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file string
		spec Spec
		want []string // flows that must be there
		not  []string // substrings no flow may have
	}{
		{"scopes_from_metadata.js", testActionSpec,
			[]string{
				"event.user.user_metadata.requested_scopes 18:15 > api.accessToken.addScope 52:5 via 18:9,19:3,51:14",
				"G event.user.user_metadata.beta_features 47:49 > api.accessToken.addScope 49:5 via 47:26,48:7",
			},
			[]string{"> api.accessToken.addScope 38:5", "> api.accessToken.addScope 41:5", "> api.accessToken.addScope 44:5"}},
		{"mfa_policy.js", testActionSpec,
			[]string{
				"G event.request.query.skip_mfa 10:17 > api.multifactor.enable 30:5 via 10:9,11:7",
				"G event.user.user_metadata.remember_device_until 22:22 > api.multifactor.enable 30:5 via 22:9,23:7",
			},
			nil},
		{"progressive_profile.js", testActionSpec,
			[]string{
				"event.request.body.company 23:16 > api.user.setAppMetadata 32:3 via 23:9",
				"event.request.body.role 23:16 > api.user.setAppMetadata 34:5 via 23:9",
			},
			[]string{"> api.user.setAppMetadata 36:3", "> api.idToken.setCustomClaim"}},
		{"claims_from_org.js", testActionSpec,
			[]string{"event.user.user_metadata.language 19:16 > api.idToken.setCustomClaim 21:5 via 19:9"},
			[]string{"addScope", "> api.accessToken.setCustomClaim 11:3", "> api.accessToken.setCustomClaim 16:5"}},
		{"rule_scopes.js", testRuleSpec,
			[]string{
				"user.user_metadata.scopes 4:44 > context.accessToken.scope 6:3 via 4:9",
				"user.app_metadata.roles 3:23 > context.idToken.https://example.com/roles 7:3 via 3:3",
				"G context.request.query.prompt_mfa 9:32 > context.multifactor 12:3 via 9:7",
			},
			[]string{"> user.app_metadata 3:3"}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(filepath.Join("testdata", "flow", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(tc.file, string(b))
			if err != nil {
				t.Fatal(err)
			}
			a := analyze(s, tc.spec, false)
			var got []string
			for _, f := range a.Flows {
				got = append(got, flowString(f))
			}
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("missing %s", w)
				}
			}
			for _, g := range got {
				for _, n := range tc.not {
					if strings.Contains(g, n) {
						t.Errorf("unexpected %s", g)
					}
				}
			}
			if t.Failed() {
				t.Logf("flows:\n%s", strings.Join(got, "\n"))
			}
		})
	}
}

// TestAnalyzeEntries: the entry functions found, and a script without
// one read with the canonical names free.
func TestAnalyzeEntries(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, src string
		entries   []string
		flows     int
	}{
		{"two exports", "exports.onExecutePostLogin = async (e, a) => {};\nexports.onContinuePostLogin = async function (e, a) {};", []string{"1:30", "2:31"}, 0},
		{"module.exports object", "const f = async (e, a) => { a.accessToken.addScope(e.user.user_metadata.s); };\nmodule.exports = { onExecutePostLogin: f };", []string{"1:11"}, 1},
		{"module.exports.x", "module.exports.onExecutePostLogin = (e, a) => a.access.deny('x');", []string{"1:37"}, 0},
		{"wrapped rule", "function (user, context, callback) { callback(null, user, context); }", []string{"1:1"}, 0},
		{"named rule", "function myRule(u, c, cb) { c.idToken.x = u.user_metadata.y; cb(null, u, c); }", []string{"1:1"}, 0},
		{"no entry: free names", "api.accessToken.addScope(event.user.user_metadata.s);", nil, 1},
		{"helpers only", "function a(event, api) { api.accessToken.addScope(event.user.user_metadata.s); }\nfunction b() {}", nil, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := Parse(tc.name, tc.src)
			if err != nil {
				t.Fatal(err)
			}
			a := analyze(s, testActionSpec, false)
			var got []string
			for _, p := range a.Entries {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tc.entries) {
				t.Errorf("entries %v, want %v", got, tc.entries)
			}
			if len(a.Flows) != tc.flows {
				t.Errorf("%d flows, want %d", len(a.Flows), tc.flows)
			}
		})
	}
}

// TestAnalyzeDegenerate: no script, an empty one, a spec without
// anything, and a script past the work budget.
func TestAnalyzeDegenerate(t *testing.T) {
	t.Parallel()
	if a := Analyze(nil, testActionSpec); a == nil || len(a.Flows) != 0 {
		t.Errorf("nil script: %+v", a)
	}
	if a := Analyze(&Script{}, testActionSpec); a == nil || len(a.Flows) != 0 {
		t.Errorf("empty Script: %+v", a)
	}
	s, err := Parse("x", "exports.f = (event, api) => api.accessToken.addScope(event.user.user_metadata.x);")
	if err != nil {
		t.Fatal(err)
	}
	if a := analyze(s, Spec{}, false); len(a.Flows) != 0 || len(a.Calls) != 0 {
		t.Errorf("empty spec: %+v", a)
	}
	// Helpers calling each other ten times each: past the budget the
	// calls are not followed, and the analysis still ends.
	var b strings.Builder
	b.WriteString("function f0(x) { return x; }\n")
	for i := 1; i < 12; i++ {
		fmt.Fprintf(&b, "function f%d(x) { return f%d(x) + f%d(x) + f%d(x) + f%d(x) + f%d(x) + f%d(x) + f%d(x) + f%d(x); }\n",
			i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	b.WriteString("exports.f = (event, api) => api.accessToken.addScope(f11(event.user.user_metadata.x));\n")
	s, err = Parse("budget", b.String())
	if err != nil {
		t.Fatal(err)
	}
	a := analyze(s, testActionSpec, false)
	if !a.Truncated {
		t.Error("not truncated")
	}
	if len(a.Flows) != 1 {
		t.Errorf("%d flows, want 1", len(a.Flows))
	}
}

// testHookSpec is a client-credentials-exchange Hook's.
var testHookSpec = Spec{
	Params:  []string{"client", "scope", "audience", "context", "cb"},
	Sources: []Source{{Prefix: "scope", Label: "requested scope"}, {Prefix: "context.body", Label: "request body"}, {Prefix: "client.metadata", Label: "client metadata"}},
	Sinks:   []Sink{{Callee: "cb", Label: "token", Args: []int{1}}},
}

// recordedSources returns every script this package has as testdata,
// and the Actions, Rules and Hooks recorded from a real tenant in the
// shared reference directory when it is there.
func recordedSources(tb testing.TB) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, rs := range loadRecorded(tb) {
		out[rs.From] = rs.Source
	}
	for _, dir := range []string{"actions", "flow"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.js"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			out[f] = string(b)
		}
	}
	ref := filepath.Join("..", "..", "..", "..", "shared", "reference", "recorded")
	for _, kind := range []string{"actions", "action_versions", "rules", "hooks"} {
		b, err := os.ReadFile(filepath.Join(ref, kind+".json"))
		if err != nil {
			continue // not in this checkout
		}
		var objs []map[string]any
		if err := json.Unmarshal(b, &objs); err != nil {
			tb.Fatalf("%s: %v", kind, err)
		}
		for i, o := range objs {
			for _, k := range []string{"code", "script"} {
				if src, ok := o[k].(string); ok && src != "" {
					out[fmt.Sprintf("reference %s[%d].%s", kind, i, k)] = src
				}
			}
		}
	}
	return out
}

// TestAnalyzeRecorded runs the analysis over every recorded and
// testdata script, with each spec: no failure, every position inside
// the source.
func TestAnalyzeRecorded(t *testing.T) {
	t.Parallel()
	srcs := recordedSources(t)
	if len(srcs) < 20 {
		t.Fatalf("only %d scripts", len(srcs))
	}
	analysed := 0
	for name, src := range srcs {
		s, err := Parse(name, src)
		if err != nil {
			continue // the recorded drafts with a stray quote
		}
		analysed++
		for _, spec := range []Spec{testActionSpec, testRuleSpec, testHookSpec} {
			a := analyze(s, spec, false)
			checkAnalysis(t, src, a)
		}
	}
	if analysed < 20 {
		t.Errorf("only %d scripts analysed", analysed)
	}
}

// checkAnalysis checks that every position of a lies in src.
func checkAnalysis(t *testing.T, src string, a *Analysis) {
	t.Helper()
	for _, f := range a.Flows {
		checkPos(t, src, f.Source.Pos, "flow source")
		checkPos(t, src, f.Sink.Pos, "flow sink")
		for _, st := range f.Steps {
			checkPos(t, src, st.Pos, "flow step")
		}
	}
	for _, c := range a.Calls {
		checkPos(t, src, c.Pos, "sink call")
	}
	for _, p := range a.Entries {
		checkPos(t, src, p, "entry")
	}
}
