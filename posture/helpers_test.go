package posture

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/authlens/authlens/inventory"
)

// snapBuilder builds a snapshot from JSON records for check tests.
type snapBuilder struct {
	tenant string
	at     time.Time // CollectedAt
	kinds  map[inventory.Kind]*inventory.KindResult
	err    error
}

func newSnap() *snapBuilder {
	return &snapBuilder{tenant: "https://example.eu.auth0.com", kinds: map[inventory.Kind]*inventory.KindResult{}}
}

// recordKeys are the members that key each kind's records in a snapshot;
// singletons have fixed ids.
var recordKeys = map[inventory.Kind]string{
	inventory.KindClients: "client_id", inventory.KindClientGrants: "id", inventory.KindResourceServers: "id",
	inventory.KindConnections: "id", inventory.KindRoles: "id", inventory.KindOrganizations: "id",
	inventory.KindUsers: "user_id", inventory.KindActions: "id", inventory.KindTriggerBindings: "trigger_id",
	inventory.KindRules: "id", inventory.KindHooks: "id", inventory.KindLogStreams: "id", inventory.KindLogs: "log_id",
	inventory.KindCustomDomains: "custom_domain_id", inventory.KindEmailTemplates: "template",
	inventory.KindGuardianFactors: "name", inventory.KindNetworkACLs: "id", inventory.KindSigningKeys: "kid",
	inventory.KindRulesConfigs: "key", inventory.KindEventStreams: "id", inventory.KindFlows: "id",
	inventory.KindTokenExchangeProfiles: "id", inventory.KindClientCredentials: "client_id",
	inventory.KindSCIMConfigurations: "connection_id",
}

var singletonIDs = map[inventory.Kind]string{
	inventory.KindTenantSettings: "settings", inventory.KindEmailProvider: "provider",
	inventory.KindGuardianPolicies: "mfa_policies", inventory.KindBranding: "branding", inventory.KindPrompts: "prompts",
}

func (b *snapBuilder) kind(k inventory.Kind) *inventory.KindResult {
	r := b.kinds[k]
	if r == nil {
		r = &inventory.KindResult{Status: inventory.StatusOK, Records: map[string]json.RawMessage{}}
		b.kinds[k] = r
	}
	return r
}

// empty marks kinds as read with no records.
func (b *snapBuilder) empty(ks ...inventory.Kind) *snapBuilder {
	for _, k := range ks {
		b.kind(k)
	}
	return b
}

// add adds records of kind k, each keyed by its key member (or the
// singleton id).
func (b *snapBuilder) add(k inventory.Kind, records ...string) *snapBuilder {
	for _, rec := range records {
		id := singletonIDs[k]
		if id == "" {
			var m map[string]any
			if err := json.Unmarshal([]byte(rec), &m); err != nil {
				b.err = fmt.Errorf("%s record %s: %w", k, rec, err)
				return b
			}
			key, ok := recordKeys[k]
			if !ok {
				b.err = fmt.Errorf("kind %s needs addID", k)
				return b
			}
			id, _ = m[key].(string)
		}
		b.addID(k, id, rec)
	}
	return b
}

// addID adds one record under an explicit id (attack protection's
// settings).
func (b *snapBuilder) addID(k inventory.Kind, id, rec string) *snapBuilder {
	if !json.Valid([]byte(rec)) {
		b.err = fmt.Errorf("%s/%s: invalid JSON %s", k, id, rec)
		return b
	}
	r := b.kind(k)
	r.Records[id] = json.RawMessage(rec)
	r.Count = len(r.Records)
	return b
}

// collectedAt records when the snapshot was taken.
func (b *snapBuilder) collectedAt(at time.Time) *snapBuilder {
	b.at = at
	return b
}

// status sets a kind's status and missing scopes.
func (b *snapBuilder) status(k inventory.Kind, st inventory.Status, scopes ...string) *snapBuilder {
	r := b.kind(k)
	r.Status = st
	r.MissingScopes = scopes
	if st == inventory.StatusForbidden {
		r.Error = "insufficient scope"
	}
	return b
}

// gap adds a gap to a kind (and makes it partial).
func (b *snapBuilder) gap(k inventory.Kind, g inventory.Gap) *snapBuilder {
	r := b.kind(k)
	r.Status = inventory.StatusPartial
	r.Gaps = append(r.Gaps, g)
	return b
}

func (b *snapBuilder) build(tb testing.TB) *inventory.Snapshot {
	tb.Helper()
	if b.err != nil {
		tb.Fatal(b.err)
	}
	return &inventory.Snapshot{Version: inventory.FormatVersion, Tenant: b.tenant,
		Scan: inventory.ScanSettings{LogWindow: "24h0m0s", MaxLogs: 10000}, CollectedAt: b.at, Kinds: b.kinds}
}

// runCheckOn runs one check over s.
func runCheckOn(tb testing.TB, id string, s *inventory.Snapshot) ([]Finding, []NotEvaluated) {
	tb.Helper()
	res, err := Run(context.Background(), s, Options{Checks: []string{id}})
	if err != nil {
		tb.Fatal(err)
	}
	return res.Findings, res.NotEvaluated
}

// checkCase is a table row: a snapshot and the findings one check must
// report on it, as "resource id" or "resource id@path" strings (empty for
// a quiet case).
type checkCase struct {
	name  string
	snap  *snapBuilder
	want  []string
	sev   []Severity // when set, the severity of each finding in want order
	notEv bool       // the check must report not_evaluated (fully)
	// partial: the check must skip some resources (a partial
	// not_evaluated); without it a skip fails the case: a skip is not a
	// pass.
	partial bool
}

// runCases runs a check's table.
func runCases(t *testing.T, id string, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fs, ne := runCheckOn(t, id, tc.snap.build(t))
			var got []string
			for _, f := range fs {
				if f.Check != id {
					t.Fatalf("finding of %s in a run of %s", f.Check, id)
				}
				k := f.Resource.ID
				if f.Path != "" {
					k += "@" + f.Path
				}
				got = append(got, k)
			}
			want := slices.Clone(tc.want)
			if !slices.Equal(sortedCopy(got), sortedCopy(want)) {
				t.Errorf("findings %q, want %q\n%s", got, want, describe(fs))
			}
			if tc.sev != nil {
				for i, w := range tc.want {
					for _, f := range fs {
						k := f.Resource.ID
						if f.Path != "" {
							k += "@" + f.Path
						}
						if k == w && f.Severity != tc.sev[i] {
							t.Errorf("%s: severity %s, want %s", w, f.Severity, tc.sev[i])
						}
					}
				}
			}
			switch {
			case tc.notEv && (len(ne) != 1 || ne[0].Partial()):
				t.Errorf("not_evaluated %+v, want the check not evaluated", ne)
			case !tc.notEv && len(ne) > 0 && !ne[0].Partial():
				t.Errorf("not evaluated: %+v", ne)
			case tc.partial && (len(ne) != 1 || !ne[0].Partial()):
				t.Errorf("not_evaluated %+v, want some resources skipped", ne)
			case !tc.notEv && !tc.partial && len(ne) > 0:
				t.Errorf("resources skipped, not judged: %+v", ne)
			}
		})
	}
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func describe(fs []Finding) string {
	var s string
	for _, f := range fs {
		s += fmt.Sprintf("  %s %s %s %s: %s %v\n", f.Check, f.Severity, f.Resource, f.Path, f.Message, f.Evidence)
	}
	return s
}
