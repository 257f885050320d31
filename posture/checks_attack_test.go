package posture

import (
	"testing"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// Attack protection records shaped like the recorded bodies of
// /attack-protection/*.
const (
	bfGood  = `{"enabled":true,"shields":["user_notification","block"],"mode":"count_per_identifier_and_ip","allowlist":[],"max_attempts":10}`
	bpGood  = `{"enabled":true,"shields":["block","user_notification"],"admin_notification_frequency":["daily"],"method":"standard","stage":{"pre-user-registration":{"shields":["block"]},"pre-change-password":{"shields":["block","admin_notification"]}}}`
	sipGood = `{"enabled":true,"shields":["block","admin_notification"],"allowlist":[],"stage":{"pre-login":{"max_attempts":100,"rate":864000},"pre-user-registration":{"max_attempts":50,"rate":1200}}}`
	bdGood  = `{"challenge_password_policy":"when_risky","challenge_passwordless_policy":"when_risky","challenge_password_reset_policy":"when_risky","allowlist":[],"bot_detection_level":"medium","monitoring_mode_enabled":false}`
)

// apSnap builds the four attack protection records; an empty record is
// left out with a forbidden gap, as a scan records it.
func apSnap(bf, bp, sip, bd string) *snapBuilder {
	b := newSnap().empty(inventory.KindAttackProtection)
	for _, r := range []struct{ id, rec string }{
		{model.BruteForceID, bf}, {model.BreachedPasswordID, bp}, {model.SuspiciousIPID, sip}, {model.BotDetectionID, bd},
	} {
		if r.rec == "" {
			b.gap(inventory.KindAttackProtection, inventory.Gap{Part: r.id, Status: inventory.StatusForbidden,
				MissingScopes: []string{"read:attack_protection"}, Error: "insufficient scope"})
			continue
		}
		b.addID(inventory.KindAttackProtection, r.id, r.rec)
	}
	return b
}

var apForbidden = newSnap().status(inventory.KindAttackProtection, inventory.StatusForbidden, "read:attack_protection")

// atkWantSkipped runs a check and requires it to name exactly the records in
// ids as not judged, with no findings.
func atkWantSkipped(t *testing.T, id string, b *snapBuilder, ids ...string) {
	t.Helper()
	fs, ne := runCheckOn(t, id, b.build(t))
	if len(fs) != 0 || len(ne) != 1 || !ne[0].Partial() || len(ne[0].Resources) != len(ids) {
		t.Fatalf("%s: findings %v, not evaluated %+v; want %v skipped", id, fs, ne, ids)
	}
	for i, r := range ne[0].Resources {
		if r.ID != ids[i] {
			t.Errorf("%s: skipped %v, want %v", id, ne[0].Resources, ids)
		}
	}
}

func TestCheckBruteForceBlocks(t *testing.T) {
	t.Parallel()
	bf := model.BruteForceID
	runCases(t, "AL-ATK-001", []checkCase{
		{name: "disabled", snap: apSnap(`{"enabled":false,"shields":["block","user_notification"],"mode":"count_per_identifier_and_ip","allowlist":[],"max_attempts":10}`, bpGood, sipGood, bdGood),
			want: []string{bf + "@enabled"}},
		{name: "monitoring only", snap: apSnap(`{"enabled":true,"shields":["user_notification"],"mode":"count_per_identifier","allowlist":[],"max_attempts":10}`, bpGood, sipGood, bdGood),
			want: []string{bf + "@shields"}},
		{name: "no shields at all", snap: apSnap(`{"enabled":true,"shields":[],"mode":"count_per_identifier","max_attempts":10}`, bpGood, sipGood, bdGood),
			want: []string{bf + "@shields"}},
		{name: "enabled and blocking", snap: apSnap(bfGood, bpGood, sipGood, bdGood)},
		{name: "absent members are Auth0's defaults", snap: apSnap(`{"mode":"count_per_identifier_and_ip"}`, bpGood, sipGood, bdGood)},
		{name: "not read", snap: apForbidden, notEv: true},
	})
	atkWantSkipped(t, "AL-ATK-001", apSnap("", bpGood, sipGood, bdGood), bf)
}

func TestCheckBruteForceNotifies(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-ATK-002", []checkCase{
		{name: "block without notification", snap: apSnap(`{"enabled":true,"shields":["block"],"mode":"count_per_identifier_and_ip","allowlist":[],"max_attempts":10}`, bpGood, sipGood, bdGood),
			want: []string{model.BruteForceID + "@shields"}},
		{name: "block and notification", snap: apSnap(bfGood, bpGood, sipGood, bdGood)},
		{name: "disabled is AL-ATK-001's", snap: apSnap(`{"enabled":false,"shields":["block"],"max_attempts":10}`, bpGood, sipGood, bdGood)},
		{name: "not read", snap: apForbidden, notEv: true},
	})
}

func TestCheckAttackAllowlists(t *testing.T) {
	t.Parallel()
	bfList := func(list string) string {
		return `{"enabled":true,"shields":["user_notification","block"],"mode":"count_per_identifier","allowlist":[` + list + `],"max_attempts":10}`
	}
	sipList := func(list string) string {
		return `{"enabled":true,"shields":["block","admin_notification"],"allowlist":[` + list + `],"stage":{"pre-login":{"max_attempts":100,"rate":864000}}}`
	}
	const (
		webApp     = `{"client_id":"c_web","name":"Customer Portal","app_type":"regular_web","is_first_party":true,"is_token_endpoint_ip_header_trusted":false}`
		trustedApp = `{"client_id":"c_bff","name":"Login Proxy","app_type":"regular_web","is_first_party":true,"is_token_endpoint_ip_header_trusted":true,"token_endpoint_auth_method":"client_secret_post"}`
		globalApp  = `{"client_id":"c_global","name":"All Applications","global":true,"is_token_endpoint_ip_header_trusted":true}`
		proxied    = `{"custom_domain_id":"cd_1","domain":"login.example.com","primary":true,"status":"ready","type":"self_managed_certs",` +
			`"origin_domain_name":"example-cd-x.edge.tenants.eu.auth0.com","custom_client_ip_header":"cf-connecting-ip","tls_policy":"recommended"}`
		managed = `{"custom_domain_id":"cd_1","domain":"login.example.com","primary":true,"status":"ready","type":"auth0_managed_certs","tls_policy":"recommended"}`
	)
	snap := func(bf, sip string, clients []string, domains ...string) *snapBuilder {
		return apSnap(bf, bpGood, sip, bdGood).add(inventory.KindClients, clients...).empty(inventory.KindClients).
			add(inventory.KindCustomDomains, domains...).empty(inventory.KindCustomDomains)
	}
	plain := []string{webApp, globalApp}
	bf, sip := model.BruteForceID+"@allowlist", model.SuspiciousIPID+"@allowlist"
	runCases(t, "AL-ATK-003", []checkCase{
		{name: "a public range and one public address", snap: snap(bfList(`"203.0.113.0/24","198.51.100.7"`), sipList(`"198.51.100.7"`), plain),
			want: []string{bf, sip}, sev: []Severity{SeverityMedium, SeverityLow}},
		{name: "public IPv6: a /64 is a range, one address is low", snap: snap(bfList(`"2001:db8:1:2::/64"`), sipList(`"2001:db8::1"`), plain),
			want: []string{bf, sip}, sev: []Severity{SeverityMedium, SeverityLow}},
		{name: "private, loopback and link-local ranges never reach Auth0", snap: snap(
			bfList(`"10.0.0.0/8","192.168.1.0/24","127.0.0.1","169.254.0.0/16"`), sipList(`"fd00::/8","fe80::1","::1"`), plain, managed)},
		{name: "an application trusted to forward the address: private ranges count", snap: snap(bfList(`"10.0.0.0/8"`), sipList(`"192.168.10.0/24"`),
			[]string{webApp, trustedApp}), want: []string{bf, sip}, sev: []Severity{SeverityMedium, SeverityLow}},
		{name: "a proxied custom domain passing the client's address", snap: snap(bfList(`"172.16.5.0/24","127.0.0.1"`), sipList(""), plain, proxied),
			want: []string{bf}, sev: []Severity{SeverityLow}},
		{name: "private entries beside a public one: only the public one counts", snap: snap(bfList(`"10.0.0.0/8","198.51.100.7"`), sipList(""), plain),
			want: []string{bf}, sev: []Severity{SeverityLow}},
		{name: "empty allowlists", snap: snap(bfGood, sipGood, []string{trustedApp}, proxied)},
		{name: "not read", snap: newSnap().status(inventory.KindAttackProtection, inventory.StatusForbidden, "read:attack_protection").
			add(inventory.KindClients, webApp).empty(inventory.KindCustomDomains), notEv: true},
		{name: "clients not read", snap: apSnap(bfList(`"10.0.0.0/8"`), bpGood, sipGood, bdGood).empty(inventory.KindCustomDomains).
			status(inventory.KindClients, inventory.StatusForbidden, "read:clients"), notEv: true},
		{name: "custom domains not read", snap: apSnap(bfList(`"10.0.0.0/8"`), bpGood, sipGood, bdGood).add(inventory.KindClients, trustedApp).
			status(inventory.KindCustomDomains, inventory.StatusForbidden, "read:custom_domains"), notEv: true},
	})
	// One setting missing: the other is still judged.
	fs, ne := runCheckOn(t, "AL-ATK-003", snap(`{"enabled":true,"shields":["block"],"allowlist":["198.51.100.7"]}`, "", plain).build(t))
	if len(fs) != 1 || fs[0].Resource.ID != model.BruteForceID || len(ne) != 1 || ne[0].Resources[0].ID != model.SuspiciousIPID {
		t.Errorf("findings %v, not evaluated %+v", fs, ne)
	}
	if got := fs[0].Evidence["allowlist"].([]string); len(got) != 1 || got[0] != "198.51.100.7" {
		t.Errorf("evidence %v", fs[0].Evidence)
	}
}

func TestCheckBruteForceThreshold(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-ATK-004", []checkCase{
		{name: "25 attempts", snap: apSnap(`{"enabled":true,"shields":["user_notification","block"],"mode":"count_per_identifier_and_ip","allowlist":[],"max_attempts":25}`, bpGood, sipGood, bdGood),
			want: []string{model.BruteForceID + "@max_attempts"}},
		{name: "the default 10", snap: apSnap(bfGood, bpGood, sipGood, bdGood)},
		{name: "stricter than the default", snap: apSnap(`{"enabled":true,"shields":["block"],"max_attempts":5}`, bpGood, sipGood, bdGood)},
		{name: "absent is the default", snap: apSnap(`{"enabled":true,"shields":["block"]}`, bpGood, sipGood, bdGood)},
		{name: "not read", snap: apForbidden, notEv: true},
	})
	atkWantSkipped(t, "AL-ATK-004", apSnap("", bpGood, sipGood, bdGood), model.BruteForceID)
}

func TestCheckSuspiciousIPBlocks(t *testing.T) {
	t.Parallel()
	sip := model.SuspiciousIPID
	runCases(t, "AL-ATK-005", []checkCase{
		{name: "disabled", snap: apSnap(bfGood, bpGood, `{"enabled":false,"shields":["block","admin_notification"],"allowlist":[],"stage":{"pre-login":{"max_attempts":100,"rate":864000}}}`, bdGood),
			want: []string{sip + "@enabled"}},
		{name: "notification only", snap: apSnap(bfGood, bpGood, `{"enabled":true,"shields":["admin_notification"],"allowlist":[]}`, bdGood),
			want: []string{sip + "@shields"}},
		{name: "blocking", snap: apSnap(bfGood, bpGood, sipGood, bdGood)},
		{name: "not read", snap: apForbidden, notEv: true},
	})
	atkWantSkipped(t, "AL-ATK-005", apSnap(bfGood, bpGood, "", bdGood), sip)
}

func TestCheckBreachedPasswordBlocks(t *testing.T) {
	t.Parallel()
	bp := model.BreachedPasswordID
	runCases(t, "AL-ATK-006", []checkCase{
		{name: "disabled", snap: apSnap(bfGood, `{"enabled":false,"shields":[],"admin_notification_frequency":[],"method":"standard","stage":{"pre-user-registration":{"shields":[]},"pre-change-password":{"shields":[]}}}`, sipGood, bdGood),
			want: []string{bp + "@enabled"}},
		{name: "notify only", snap: apSnap(bfGood, `{"enabled":true,"shields":["user_notification","admin_notification"],"admin_notification_frequency":["daily"],"method":"standard"}`, sipGood, bdGood),
			want: []string{bp + "@shields"}},
		{name: "blocks at login", snap: apSnap(bfGood, bpGood, sipGood, bdGood)},
		{name: "not read", snap: apForbidden, notEv: true},
	})
	atkWantSkipped(t, "AL-ATK-006", apSnap(bfGood, "", sipGood, bdGood), bp)
}

func TestCheckBreachedPasswordStages(t *testing.T) {
	t.Parallel()
	bp := model.BreachedPasswordID
	runCases(t, "AL-ATK-007", []checkCase{
		{name: "sign-up not blocked", snap: apSnap(bfGood, `{"enabled":true,"shields":["block"],"method":"standard","stage":{"pre-user-registration":{"shields":["admin_notification"]},"pre-change-password":{"shields":["block"]}}}`, sipGood, bdGood),
			want: []string{bp + `@stage["pre-user-registration"].shields`}},
		{name: "password change not blocked", snap: apSnap(bfGood, `{"enabled":true,"shields":["block"],"method":"standard","stage":{"pre-user-registration":{"shields":["block"]},"pre-change-password":{"shields":[]}}}`, sipGood, bdGood),
			want: []string{bp + `@stage["pre-change-password"].shields`}},
		{name: "no stages", snap: apSnap(bfGood, `{"enabled":true,"shields":["block"],"method":"standard"}`, sipGood, bdGood),
			want: []string{bp + `@stage["pre-user-registration"].shields`}},
		{name: "every stage blocks", snap: apSnap(bfGood, bpGood, sipGood, bdGood)},
		{name: "disabled is AL-ATK-006's", snap: apSnap(bfGood, `{"enabled":false,"shields":[]}`, sipGood, bdGood)},
		{name: "not read", snap: apForbidden, notEv: true},
	})
}

func TestCheckBotDetectionChallenges(t *testing.T) {
	t.Parallel()
	bd := model.BotDetectionID
	runCases(t, "AL-ATK-008", []checkCase{
		{name: "never everywhere", snap: apSnap(bfGood, bpGood, sipGood, `{"challenge_password_policy":"never","challenge_passwordless_policy":"never","challenge_password_reset_policy":"never","allowlist":[],"bot_detection_level":"low","monitoring_mode_enabled":false}`),
			want: []string{bd + "@challenge_password_policy"}},
		{name: "absent policies are never", snap: apSnap(bfGood, bpGood, sipGood, `{"bot_detection_level":"medium","allowlist":[]}`),
			want: []string{bd + "@challenge_password_policy"}},
		{name: "one flow challenged", snap: apSnap(bfGood, bpGood, sipGood, `{"challenge_password_policy":"never","challenge_passwordless_policy":"never","challenge_password_reset_policy":"when_risky","allowlist":[],"bot_detection_level":"medium"}`)},
		{name: "when risky", snap: apSnap(bfGood, bpGood, sipGood, bdGood)},
		{name: "not read", snap: apForbidden, notEv: true},
	})
	atkWantSkipped(t, "AL-ATK-008", apSnap(bfGood, bpGood, sipGood, ""), bd)
}

func TestCheckBotDetectionMonitoring(t *testing.T) {
	t.Parallel()
	runCases(t, "AL-ATK-009", []checkCase{
		{name: "monitoring mode", snap: apSnap(bfGood, bpGood, sipGood, `{"challenge_password_policy":"when_risky","challenge_passwordless_policy":"when_risky","challenge_password_reset_policy":"when_risky","allowlist":["192.168.10.2/32"],"bot_detection_level":"medium","monitoring_mode_enabled":true}`),
			want: []string{model.BotDetectionID + "@monitoring_mode_enabled"}},
		{name: "enforcing", snap: apSnap(bfGood, bpGood, sipGood, bdGood)},
		{name: "not read", snap: apForbidden, notEv: true},
	})
}
