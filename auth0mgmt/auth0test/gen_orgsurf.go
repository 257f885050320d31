package auth0test

import (
	"crypto/ed25519"
	"crypto/sha1" //nolint:gosec // certificate fingerprints are SHA-1 by convention, as Auth0 gives them
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"strings"
	"time"
)

// The organization, connection and login-page surfaces: organizations'
// discovery domains and client grants, the signing keys of OIDC and Okta
// connections, ACUL render settings, the default theme and the Universal
// Login page template. They draw from a stream of their own (40), so that
// everything generated before is byte for byte what it was.
//
// The demo tenant plants: an OIDC connection whose current
// signing certificate expires 10 days after BaseTime; an ACUL screen that
// loads a script from a public CDN and a stylesheet from a loopback
// http:// address without Subresource Integrity; a page template that
// loads an analytics script without it. The clean tenant has none. The
// demo's discovery domain pending verification (used for discovery) is
// data, not a problem: discovery only uses verified domains.
type orgSurfaces struct {
	// discovery and discoveryCreated by organization index
	discovery        map[int][]obj
	discoveryCreated map[int][]int64
	// orgGrants by organization index: the client grants associated
	orgGrants map[int][]obj
	// connKeys by connection index (OIDC and Okta connections only)
	connKeys   map[int][]obj
	renderings []obj
	theme      obj
	template   obj
}

func (g *gen) orgSurfaces() {
	t := g.t
	s := &t.org
	s.discovery, s.discoveryCreated, s.orgGrants, s.connKeys = map[int][]obj{}, map[int][]int64{}, map[int][]obj{}, map[int][]obj{}
	r := newRNG(g.seed, 40)

	// discovery domains of the first organization
	if t.orgs.len() > 0 {
		slug := strField(t.orgs.items[0], "name")
		orgTag := strings.TrimPrefix(t.orgs.ids[0], "org_")
		pendingUsed := !g.clean
		for i, d := range []struct {
			domain, status string
			used           bool
		}{
			{slug + ".authlens-demo.example", "verified", true},
			{slug + "-partners.example", "pending", pendingUsed},
		} {
			id := "ord_" + r.alnum(22)
			s.discovery[0] = append(s.discovery[0], obj{{"id", id}, {"domain", d.domain}, {"status", d.status},
				{"verification_host", "_ss-verification.org_" + orgTag + "." + d.domain}, {"verification_txt", r.hex(32)},
				{"use_for_organization_discovery", d.used}})
			s.discoveryCreated[0] = append(s.discoveryCreated[0], base()-int64(60-i*20)*dayMS)
		}
	}
	// the organization's client grants: a grant to an API other than the
	// Management API, when the tenant has one
	if t.orgs.len() > 0 {
		for i, cg := range t.clientGrants.items {
			if aud := strField(cg, "audience"); aud != "" && !strings.HasSuffix(aud, "/api/v2/") {
				s.orgGrants[0] = append(s.orgGrants[0], obj{{"id", t.clientGrants.ids[i]}, {"client_id", strField(cg, "client_id")},
					{"audience", aud}, {"scope", fieldOf(cg, "scope")}, {"organization_usage", "allow"}, {"allow_any_organization", false}})
				break
			}
		}
	}
	// signing keys of the OIDC and Okta connections
	for i, strategy := range t.connStrategy {
		if strategy != "oidc" && strategy != "okta" {
			continue
		}
		name := t.connNames[i]
		life := 365 * dayMS
		if !g.clean && len(s.connKeys) == 0 {
			life = 10 * dayMS // the demo's first one: expires in 10 days
		}
		current := connectionKey(r, name, base()-300*dayMS, base()+life)
		current = append(current, kv{"current", true}, kv{"current_since", fmtMS(base() - 300*dayMS)})
		next := connectionKey(r, name, base()-1*dayMS, base()+400*dayMS)
		next = append(next, kv{"next", true})
		s.connKeys[i] = []obj{current, next}
	}
	// ACUL render settings
	cdnScript := obj{{"src", "https://cdn.jsdelivr.net/npm/@authlens-demo/acul-login@1.4.2/dist/index.js"}, {"defer", true}}
	style := obj{{"rel", "stylesheet"}, {"href", "http://localhost:8080/assets/shared/style.css"}}
	if g.clean {
		cdnScript = append(cdnScript, kv{"integrity", []string{"sha384-" + r.b64(64)}})
		style = obj{{"rel", "stylesheet"}, {"href", "https://assets.authlens-demo.example/acul/style.css"},
			{"integrity", []string{"sha384-" + r.b64(64)}}}
	}
	tenantName := strings.Split(t.domain, ".")[0]
	s.renderings = []obj{
		{{"tenant", tenantName}, {"prompt", "login-id"}, {"screen", "login-id"}, {"rendering_mode", "advanced"},
			{"context_configuration", []string{"branding.settings", "branding.themes.default", "client.logo_uri"}},
			{"default_head_tags_disabled", false}, {"use_page_template", false},
			{"head_tags", []obj{{{"tag", "script"}, {"attributes", cdnScript}}, {{"tag", "link"}, {"attributes", style}}}}},
		{{"tenant", tenantName}, {"prompt", "login-password"}, {"screen", "login-password"}, {"rendering_mode", "standard"},
			{"context_configuration", []string{}}, {"default_head_tags_disabled", false}, {"use_page_template", false},
			{"head_tags", []obj{}}},
	}
	s.theme = obj{{"borders", obj{{"button_border_radius", 3}, {"button_border_weight", 1}, {"buttons_style", "rounded"},
		{"input_border_radius", 3}, {"input_border_weight", 1}, {"inputs_style", "rounded"}, {"show_widget_shadow", true},
		{"widget_border_weight", 0}, {"widget_corner_radius", 5}}},
		{"colors", obj{{"body_text", "#1e212a"}, {"error", "#d03c38"}, {"header", "#1e212a"}, {"icons", "#65676e"},
			{"input_background", "#ffffff"}, {"input_border", "#c9cace"}, {"primary_button", "#635dff"},
			{"primary_button_label", "#ffffff"}, {"widget_background", "#ffffff"}}},
		{"fonts", obj{{"font_url", "https://assets.authlens-demo.example/fonts/inter.woff2"}, {"links_style", "normal"},
			{"reference_text_size", 16}, {"title", obj{{"bold", true}, {"size", 150}}}}},
		{"page_background", obj{{"background_color", "#f4f4f5"}, {"background_image_url", ""}, {"page_layout", "center"}}},
		{"widget", obj{{"header_text_alignment", "center"}, {"logo_height", 52}, {"logo_position", "center"},
			{"logo_url", "https://assets.authlens-demo.example/logo.png"}, {"social_buttons_layout", "bottom"}}},
		{"displayName", "Authlens demo"}, {"themeId", r.alnum(32)}}
	body := `<!DOCTYPE html><html lang="{{locale}}"><head>{%- auth0:head -%}</head><body class="_widget-auto-layout">{%- auth0:widget -%}</body></html>`
	if !g.clean {
		body = `<!DOCTYPE html><html lang="{{locale}}"><head>{%- auth0:head -%}<script src="https://cdn.analytics-vendor.example/tag.js" async></script></head><body class="_widget-auto-layout">{%- auth0:widget -%}</body></html>`
	}
	s.template = obj{{"body", body}}
}

// fieldOf returns member k of o (nil when absent).
func fieldOf(o obj, k string) any {
	v, _ := o.get(k)
	return v
}

// connectionKey makes a connection signing key: a self-signed
// certificate for CN=name valid from notBefore to notAfter (ms), with
// Auth0's fingerprint and thumbprint forms. The key is Ed25519 (derived
// from the stream, so that the tenant is the same byte for byte); Auth0's
// are RSA, which no field here but the certificate's own key shows.
func connectionKey(r rng, name string, notBefore, notAfter int64) obj {
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = byte(r.IntN(256))
	}
	priv := ed25519.NewKeyFromSeed(seed)
	serial := new(big.Int).SetUint64(r.Uint64() >> 1)
	tpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.UnixMilli(notBefore).UTC(),
		NotAfter:              time.UnixMilli(notAfter).UTC(),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(nil, tpl, tpl, priv.Public(), priv)
	if err != nil {
		panic("auth0test: connection key certificate: " + err.Error())
	}
	sum := sha1.Sum(der) //nolint:gosec // a fingerprint, not a security boundary
	thumb := strings.ToUpper(hex.EncodeToString(sum[:]))
	pairs := make([]string, 0, len(sum))
	for i := 0; i < len(thumb); i += 2 {
		pairs = append(pairs, thumb[i:i+2])
	}
	cert := strings.ReplaceAll(string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), "\n", "\r\n")
	return obj{{"kid", r.b64(43)}, {"algorithm", "RS256"}, {"key_use", "signing"}, {"subject_dn", "/CN=" + name},
		{"cert", cert}, {"fingerprint", strings.Join(pairs, ":")}, {"thumbprint", thumb}}
}
