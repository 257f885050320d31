package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/authlens/authlens/auth0mgmt"
	"github.com/authlens/authlens/posture/jsflow"
	"github.com/authlens/authlens/posture/model"
)

// paths finds the attack paths of every kind whose kinds were read.
func (b *builder) paths() {
	if b.have(PathSharedSecretToManagement) {
		b.sharedSecretPaths()
	}
	b.codePaths()
}

// have reports whether every kind the paths of kind k need was read.
func (b *builder) have(k PathKind) bool {
	for _, kind := range PathNeeds(k) {
		if !b.ok[kind] {
			return false
		}
	}
	return true
}

// addPath completes a path (its id) and keeps it.
func (b *builder) addPath(p Path) {
	h := sha256.New()
	h.Write([]byte(p.Kind))
	for _, s := range p.Steps {
		h.Write([]byte{0})
		h.Write([]byte(s.EntityKey + "\x01" + s.Name + "\x01" + strconv.Itoa(s.Line) + ":" + strconv.Itoa(s.Column)))
	}
	p.ID = hex.EncodeToString(h.Sum(nil)[:8])
	for _, q := range b.g.Paths {
		if q.ID == p.ID {
			return
		}
	}
	b.g.Paths = append(b.g.Paths, p)
}

// entityHop is the hop of an entity of the graph.
func (b *builder) entityHop(key, detail string) Hop {
	i, ok := b.g.byKey[key]
	if !ok {
		return Hop{Detail: detail}
	}
	e := &b.g.Entities[i]
	return Hop{EntityKey: key, Kind: e.Kind, ID: e.ID, Name: e.DisplayName, Detail: detail}
}

// ---- shared secret → Management API ---------------------------------------

// sharedSecretPaths: an application authenticated by a shared secret
// that holds a Management API grant with takeover, delete or bulk-read
// scopes.
func (b *builder) sharedSecretPaths() {
	byClient := map[string][]*auth0mgmt.ClientGrant{}
	for i := range b.grants {
		g := &b.grants[i]
		if !g.IsUserGrant() && b.isMgmt(g.Audience) {
			byClient[g.ClientID] = append(byClient[g.ClientID], g)
		}
	}
	for i := range b.clients {
		c := &b.clients[i]
		if boolOf(c.Global) || len(byClient[c.ClientID]) == 0 {
			continue
		}
		shared, method := usesSharedSecret(c)
		if !shared {
			continue
		}
		for _, g := range byClient[c.ClientID] {
			tiers := mgmtTiers(g.Scope)
			power := slices.Concat(tiers[TierTakeover], tiers[TierDestructive], tiers[TierBulkRead])
			if len(power) == 0 {
				continue
			}
			// what the worst tier lets the holder do, counting only the
			// scopes of that tier
			impact, what, n := "high", "", 0
			switch {
			case len(tiers[TierTakeover]) > 0:
				impact, n = "critical", len(tiers[TierTakeover])
				what = "take the tenant over (" + sample(tiers[TierTakeover], 3) + ")"
			case len(tiers[TierDestructive]) > 0:
				n = len(tiers[TierDestructive])
				what = "delete tenant data (" + sample(tiers[TierDestructive], 3) + ")"
			default:
				n = len(tiers[TierBulkRead])
				what = "read personal data or secrets in bulk (" + sample(tiers[TierBulkRead], 3) + ")"
			}
			ck := b.key(TypeClient, c.ClientID)
			gk := b.key(TypeClientGrant, g.ID)
			steps := []Step{
				{Hop: b.entityHop(ck, fmt.Sprintf("authenticates to the token endpoint with a shared client secret (%s): whoever holds the secret is the application", method)),
					Path: "token_endpoint_auth_method"},
				{Hop: b.entityHop(gk, fmt.Sprintf("grants %d Management API scope(s) that %s", n, what)), Path: "scope"},
			}
			api := b.entityHop(b.key(TypeServer, g.Audience), "the Management API acts on the whole tenant")
			if api.EntityKey == "" {
				api.Name = "Auth0 Management API"
			}
			steps = append(steps, Step{Hop: api})
			b.addPath(Path{Kind: PathSharedSecretToManagement, Impact: impact, Steps: steps,
				Foothold:  fmt.Sprintf("whoever holds the client secret of %q", c.Name),
				Privilege: fmt.Sprintf("%d Management API scope(s) that %s", n, what),
				Title:     fmt.Sprintf("Whoever holds the client secret of %q can %s through the Management API.", c.Name, what),
				Break:     "switch the application to Private Key JWT (or mTLS) and rotate its client secret", Breaks: 0})
		}
	}
}

// sample lists up to n items, "and k more" after them.
func sample(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}

// ---- connections whose identity provider decides email_verified ----------

// emailTrust is how a connection lets its identity provider decide
// email_verified: the option (path) and the change that stops it.
type emailTrust struct {
	path, detail, fix string
	// unparsed is set when a fetchUserProfile script could not be read
	unparsed string
}

// emailTrustOf says whether the identity provider of a connection (with
// its options read) decides email_verified.
func emailTrustOf(c *model.Connection) emailTrust {
	if c.ShouldTrustEmailVerifiedConnection() == "always_set_emails_as_verified" {
		return emailTrust{path: "options.should_trust_email_verified_connection",
			detail: "marks every email address its identity provider sends as verified (should_trust_email_verified_connection: always_set_emails_as_verified)",
			fix:    "set should_trust_email_verified_connection to never_set_emails_as_verified"}
	}
	var am auth0mgmt.Object
	if c.Options.Get("attribute_map", &am) && am.String("mapping_mode") == "bind_all" {
		return emailTrust{path: "options.attribute_map.mapping_mode",
			detail: "copies every claim of its identity provider, email_verified included (attribute_map.mapping_mode: bind_all)",
			fix:    "set attribute_map.mapping_mode to use_map or basic_profile and map email_verified to false"}
	}
	for _, member := range []string{"fieldsMap", "fields_map"} {
		var m auth0mgmt.Object
		if c.Options.Get(member, &m) && m.Has("email_verified") {
			return emailTrust{path: "options." + member + ".email_verified",
				detail: "maps email_verified from an attribute of its identity provider's assertion (" + member + ".email_verified)",
				fix:    "remove email_verified from " + member}
		}
	}
	if c.Strategy == "oauth2" || c.Strategy == "oauth1" {
		var scripts auth0mgmt.Object
		if c.Options.Get("scripts", &scripts) {
			if src := scripts.String("fetchUserProfile"); src != "" {
				s, err := jsflow.Parse("connections/"+c.ID+"/options.scripts.fetchUserProfile", src)
				if err != nil || redacted(src) {
					return emailTrust{unparsed: "the fetchUserProfile script of the connection cannot be read as code"}
				}
				if setsEmailVerified(s) {
					return emailTrust{path: "options.scripts.fetchUserProfile",
						detail: "sets email_verified in its fetchUserProfile script from what the identity provider answers",
						fix:    "stop setting email_verified in the fetchUserProfile script (leave it false)"}
				}
			}
		}
	}
	return emailTrust{}
}

// setsEmailVerified reports whether a script sets email_verified (an
// object literal member or an assignment).
func setsEmailVerified(s *jsflow.Script) bool {
	for _, p := range s.Properties() {
		if p.Key == "email_verified" {
			return true
		}
	}
	for _, a := range s.Assignments() {
		if a.Target != "" && jsflow.LastName(a.Target) == "email_verified" {
			return true
		}
	}
	return false
}
