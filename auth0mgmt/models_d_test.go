package auth0mgmt

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"
)

// Models of the organization, connection and login-page surfaces:
// organizations' discovery domains and client grants, connection keys,
// ACUL render settings, the default theme and the page template.

func TestRecordedModelsD(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind  string
		check func(t *testing.T, kind string)
	}{
		{"organization_discovery_domains", func(t *testing.T, kind string) {
			var verified, used, unsaid bool
			for _, d := range checkRoundTrip[OrganizationDiscoveryDomain](t, kind) {
				if d.ID == "" || d.Domain == "" || d.VerificationHost == "" || d.VerificationTXT == "" || len(d.Extra) != 0 {
					t.Errorf("typed fields not decoded: %+v", d)
				}
				verified = verified || d.Verified()
				used = used || d.UsedForDiscovery()
				unsaid = unsaid || d.UseForOrganizationDiscovery == nil
			}
			if !verified || !used || !unsaid {
				t.Errorf("verified %v, used for discovery %v, flag absent %v", verified, used, unsaid)
			}
		}},
		{"organization_client_grants", func(t *testing.T, kind string) {
			var byID, byGrantID, subject bool
			for _, g := range checkRoundTrip[OrganizationClientGrant](t, kind) {
				if g.GrantRef() == "" || g.ClientID == "" || g.Audience == "" || len(g.Scope) == 0 || len(g.Extra) != 0 {
					t.Errorf("typed fields not decoded: %+v", g)
				}
				byID = byID || g.ID != ""
				byGrantID = byGrantID || g.GrantID != ""
				subject = subject || g.SubjectType == "client"
			}
			if !byID || !byGrantID || !subject {
				t.Errorf("id %v, grant_id %v, subject_type %v", byID, byGrantID, subject)
			}
		}},
		{"connection_keys", func(t *testing.T, kind string) {
			var current, next, previous bool
			for _, k := range checkRoundTrip[ConnectionKey](t, kind) {
				if k.Kid == "" || k.Algorithm != "RS256" || k.KeyUse != "signing" || k.Thumbprint == "" || k.PKCS == "" || len(k.Extra) != 0 {
					t.Errorf("typed fields not decoded: %+v", k)
				}
				na, err := k.NotAfter()
				if err != nil || na.Before(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
					t.Errorf("%s: not after %v, %v", k.Kid, na, err)
				}
				current = current || (k.Current && k.CurrentSince != "")
				next = next || k.Next
				previous = previous || k.Previous
			}
			if !current || !next || !previous {
				t.Errorf("current %v, next %v, previous %v", current, next, previous)
			}
		}},
		{"prompt_renderings", func(t *testing.T, kind string) {
			var advanced, sri, noSRI, filtered bool
			for _, r := range checkRoundTrip[PromptRendering](t, kind) {
				if r.RenderingMode == "" && len(r.ContextConfiguration) == 0 && r.Prompt == "" {
					t.Errorf("typed fields not decoded: %+v", r)
				}
				advanced = advanced || r.Advanced()
				filtered = filtered || r.Filters.String("match_type") != ""
				for _, h := range r.HeadTags {
					if h.Tag == "" {
						t.Errorf("head tag: %+v", h)
					}
					if h.URL() == "" {
						continue
					}
					if len(h.Integrity()) > 0 {
						sri = true
					} else {
						noSRI = true
					}
				}
			}
			if !advanced || !sri || !noSRI || !filtered {
				t.Errorf("advanced %v, with SRI %v, without %v, filters %v", advanced, sri, noSRI, filtered)
			}
		}},
		{"branding_themes", func(t *testing.T, kind string) {
			var named, ids bool
			for _, th := range checkRoundTrip[BrandingTheme](t, kind) {
				if th.ThemeID == "" || th.Fonts.String("font_url") == "" || len(th.Colors) == 0 || len(th.Extra) != 0 {
					t.Errorf("typed fields not decoded: %+v", th)
				}
				named = named || th.DisplayName != ""
				ids = ids || len(th.Identifiers) > 0
			}
			if !named || !ids {
				t.Errorf("displayName %v, identifiers %v", named, ids)
			}
		}},
		{"branding_universal_login_template", func(t *testing.T, kind string) {
			for _, tpl := range checkRoundTrip[UniversalLoginTemplate](t, kind) {
				if tpl.Body == "" || len(tpl.Extra) != 0 {
					t.Errorf("typed fields not decoded: %+v", tpl)
				}
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			tc.check(t, tc.kind)
		})
	}
}

// TestModelsDEndpoints: each listing pages by the API's mode, on its path,
// to the last page.
func TestModelsDEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	checkpoint := func(r *http.Request) (int, string) {
		q := r.URL.Query()
		take := queryInt(t, q, "take")
		from := 0
		if f := q.Get("from"); f != "" {
			fmt.Sscanf(f, "c%d", &from)
		}
		var items []map[string]any
		for i := from; i < min(250, from+take); i++ {
			items = append(items, map[string]any{"id": fmt.Sprintf("item-%d", i), "domain": fmt.Sprintf("d%d.example", i), "status": "verified"})
		}
		env := map[string]any{"domains": items}
		if from+take < 250 {
			env["next"] = fmt.Sprintf("c%d", from+take)
		}
		return 200, mustJSON(env)
	}
	count := func(seq func(c *Client) func(func(string, error) bool)) func(c *Client) (int, error) {
		return func(c *Client) (int, error) {
			n := 0
			for _, err := range seq(c) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}
	}
	for _, l := range []struct {
		name   string
		path   string
		handle func(r *http.Request) (int, string)
		count  func(c *Client) (int, error)
		param  string
	}{
		{"discovery domains", "/api/v2/organizations/org_1/discovery-domains", checkpoint, count(func(c *Client) func(func(string, error) bool) {
			return maIDs(c.Organizations.DiscoveryDomains(ctx, "org_1", nil), func(x OrganizationDiscoveryDomain) string { return x.ID })
		}), "take"},
		{"organization client grants", "/api/v2/organizations/org_1/client-grants", offsetServer(t, 250, "client_grants", "totals", false), count(func(c *Client) func(func(string, error) bool) {
			return maIDs(c.Organizations.ClientGrants(ctx, "org_1", nil), func(x OrganizationClientGrant) string { return x.GrantRef() })
		}), "include_totals"},
		{"prompt renderings", "/api/v2/prompts/rendering", offsetServer(t, 250, "configs", "totals", false), count(func(c *Client) func(func(string, error) bool) {
			return maIDs(c.Prompts.Renderings(ctx, nil), func(x PromptRendering) string { return x.Screen })
		}), "include_totals"},
	} {
		t.Run(l.name, func(t *testing.T) {
			t.Parallel()
			c, m := newMockB(t, l.handle)
			n, err := l.count(c)
			if err != nil || n != 250 {
				t.Fatalf("%d items, %v", n, err)
			}
			reqs := m.requests()
			if len(reqs) != 3 {
				t.Errorf("%d requests, want 3 (no trailing empty page)", len(reqs))
			}
			for _, r := range reqs {
				if r.EscapedPath() != l.path || r.Query().Get(l.param) == "" {
					t.Errorf("request %s", r)
				}
			}
		})
	}
}

func TestModelsDUnpaged(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	keys := string(recordedObjects(t, "connection_keys")[0])
	c, _ := newMockB(t, func(r *http.Request) (int, string) {
		switch r.URL.Path {
		case "/api/v2/connections/con_1/keys":
			return 200, "[" + keys + "]"
		case "/api/v2/branding/themes/default":
			return 200, `{"themeId":"th_1","fonts":{"font_url":"https://fonts.example/x.woff"}}`
		case "/api/v2/branding/templates/universal-login":
			return 200, `{"body":"<html>{%- auth0:head -%}{%- auth0:widget -%}</html>"}`
		}
		return 404, `{"statusCode":404,"error":"Not Found","message":"Not Found"}`
	})
	ks, err := c.Connections.Keys(ctx, "con_1")
	if err != nil || len(ks) != 1 || !ks[0].Current {
		t.Errorf("keys %v, %v", ks, err)
	}
	if _, err := c.Connections.Keys(ctx, "con_2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("no keys: %v", err)
	}
	th, err := c.Branding.DefaultTheme(ctx)
	if err != nil || th.ThemeID != "th_1" {
		t.Errorf("theme %v, %v", th, err)
	}
	tpl, err := c.Branding.UniversalLoginTemplate(ctx)
	if err != nil || tpl.Body == "" {
		t.Errorf("template %v, %v", tpl, err)
	}
	if _, err := (ConnectionKey{Cert: "not a certificate"}).NotAfter(); err == nil {
		t.Error("a key without a certificate has no expiry")
	}
}

func TestModelsDNotConfigured(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := newMockB(t, func(*http.Request) (int, string) {
		return 404, `{"statusCode":404,"error":"Not Found","message":"Template not found"}`
	})
	if _, err := c.Branding.UniversalLoginTemplate(ctx); !errors.Is(err, ErrNotFound) {
		t.Errorf("template: %v", err)
	}
	if _, err := c.Branding.DefaultTheme(ctx); !errors.Is(err, ErrNotFound) {
		t.Errorf("theme: %v", err)
	}
}

func TestModelsDInsufficientScope(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		scope string
		call  func(c *Client) error
	}{
		{"read:organization_discovery_domains", func(c *Client) error {
			_, err := c.Organizations.DiscoveryDomainsPage(ctx, "org_1", nil)
			return err
		}},
		{"read:organization_client_grants", func(c *Client) error { _, err := c.Organizations.ClientGrantsPage(ctx, "org_1", nil); return err }},
		{"read:connections_keys", func(c *Client) error { _, err := c.Connections.Keys(ctx, "con_1"); return err }},
		{"read:prompts", func(c *Client) error { _, err := c.Prompts.RenderingsPage(ctx, nil); return err }},
		{"read:branding", func(c *Client) error { _, err := c.Branding.UniversalLoginTemplate(ctx); return err }},
	} {
		t.Run(tc.scope, func(t *testing.T) {
			t.Parallel()
			c, _ := newMockB(t, func(*http.Request) (int, string) {
				return 403, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: ` + tc.scope + `","errorCode":"insufficient_scope"}`
			})
			err := tc.call(c)
			var ae *APIError
			if !errors.Is(err, ErrInsufficientScope) || !errors.As(err, &ae) || !slices.Equal(ae.MissingScopes, []string{tc.scope}) {
				t.Errorf("err %v", err)
			}
		})
	}
}
