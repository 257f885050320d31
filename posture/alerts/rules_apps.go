package alerts

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// Applications and APIs: where tokens go, how they are signed, which
// grants hand them out.

// urlLists are the URL members of an application, with the severity of a
// wildcard, a plain-http and a localhost entry in each.
var urlLists = []struct {
	member                    string
	wildcard, http, localhost posture.Severity
}{
	{"callbacks", posture.SeverityHigh, posture.SeverityHigh, posture.SeverityMedium},
	{"web_origins", posture.SeverityMedium, posture.SeverityMedium, posture.SeverityLow},
	{"allowed_origins", posture.SeverityMedium, posture.SeverityMedium, posture.SeverityLow},
	{"allowed_logout_urls", posture.SeverityMedium, posture.SeverityMedium, posture.SeverityLow},
}

// riskyGrants are the grant types ALR-APP-003 reports, with their grade.
var riskyGrants = map[string]posture.Severity{
	"password": posture.SeverityHigh,
	"implicit": posture.SeverityMedium,
	"http://auth0.com/oauth/grant-type/password-realm":       posture.SeverityHigh,
	"http://auth0.com/oauth/legacy/grant-type/ro":            posture.SeverityHigh,
	"http://auth0.com/oauth/legacy/grant-type/ro/jwt-bearer": posture.SeverityHigh,
	"http://auth0.com/oauth/legacy/grant-type/delegation":    posture.SeverityHigh,
	"http://auth0.com/oauth/legacy/grant-type/access_token":  posture.SeverityHigh,
}

// urlRisk grades an URL entry of a list: the worst of wildcard, plain
// http to another host, and localhost; 0 when none applies.
func urlRisk(u string, wildcard, http, local posture.Severity) (posture.Severity, string) {
	var sev posture.Severity
	var why []string
	tr := posture.ClassifyURL(u)
	if tr.Wildcard {
		sev, why = max(sev, wildcard), append(why, "wildcard")
	}
	switch {
	case tr.Loopback:
		sev, why = max(sev, local), append(why, "localhost")
	case tr.PlainHTTP:
		sev, why = max(sev, http), append(why, "plain http")
	}
	return sev, strings.Join(why, ", ")
}

// applicationRules: ALR-APP-001, ALR-APP-002 and ALR-APP-003.
func (p *pass) applicationRules() {
	for _, r := range p.records[inventory.KindClients] {
		if r.op == inventory.OpRemoved {
			continue
		}
		lists := make([]string, 0, len(urlLists))
		for _, l := range urlLists {
			lists = append(lists, l.member)
		}
		if !r.touches(append(lists, "jwt_configuration", "grant_types")...) {
			continue
		}
		b, a := r.obj()
		res := posture.Resource{Kind: inventory.KindClients, ID: r.id, Name: str(a["name"])}
		name := fmt.Sprintf("%q", str(a["name"]))

		var changes []Change
		var sev posture.Severity
		var what []string
		for _, l := range urlLists {
			after := strList(a[l.member])
			var before []string
			if b != nil {
				before = strList(b[l.member])
			}
			var risky []string
			for _, u := range minus(after, before) {
				if s, why := urlRisk(u, l.wildcard, l.http, l.localhost); s > 0 {
					sev = max(sev, s)
					risky = append(risky, u)
					what = append(what, fmt.Sprintf("%s %s (%s)", l.member, u, why))
				}
			}
			if len(risky) > 0 {
				changes = append(changes, listChange(l.member, nilIfAdded(r, before), after, risky, nil))
			}
		}
		if len(changes) > 0 {
			p.raise(RuleAppURLsWidened, sev, res, fmt.Sprintf("Application %s accepts %s: %s.",
				name, plural(len(what), "new risky URL"), sample(what, 3)), changes, nil)
		}

		alg := func(m map[string]any) string {
			if v := str(get(m, "jwt_configuration", "alg")); v != "" {
				return v
			}
			return "RS256" // Auth0's default
		}
		if strings.EqualFold(alg(a), "HS256") && (b == nil || !strings.EqualFold(alg(b), "HS256")) {
			var before any
			if b != nil {
				before = get(b, "jwt_configuration", "alg")
			}
			p.raise(RuleAppHS256, posture.SeverityHigh, res, fmt.Sprintf(
				"Application %s now signs its ID tokens with HS256, keyed by its client secret.", name),
				[]Change{valueChange("jwt_configuration.alg", before, "HS256")}, nil)
		}

		var grants []string
		var gsev posture.Severity
		var bg []string
		if b != nil {
			bg = strList(b["grant_types"])
		}
		for _, g := range minus(strList(a["grant_types"]), bg) {
			if s, ok := riskyGrants[g]; ok {
				gsev = max(gsev, s)
				grants = append(grants, g)
			}
		}
		if len(grants) > 0 {
			p.raise(RuleAppRiskyGrant, gsev, res, fmt.Sprintf("Application %s now allows the %s grant.", name, strings.Join(grants, ", ")),
				[]Change{listChange("grant_types", nilIfAdded(r, bg), strList(a["grant_types"]), grants, nil)}, nil)
		}
	}
}

// apiRules: ALR-API-001.
func (p *pass) apiRules() {
	for _, r := range p.records[inventory.KindResourceServers] {
		if r.op == inventory.OpRemoved || !r.touches("signing_alg") {
			continue
		}
		b, a := r.obj()
		if !strings.EqualFold(str(a["signing_alg"]), "HS256") {
			continue
		}
		var before any
		if b != nil {
			before = b["signing_alg"]
			if strings.EqualFold(str(before), "HS256") {
				continue
			}
		}
		name := str(a["name"])
		if name == "" {
			name = str(a["identifier"])
		}
		p.raise(RuleAPIHS256, posture.SeverityHigh, posture.Resource{Kind: inventory.KindResourceServers, ID: r.id, Name: name},
			fmt.Sprintf("API %q now signs its access tokens with HS256: every service that verifies them holds the key that mints them.", name),
			[]Change{valueChange("signing_alg", before, a["signing_alg"])}, nil)
	}
}
