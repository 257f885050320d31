package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/authlens/authlens/biometric"
	"github.com/authlens/authlens/biometric/verifiedtest"
)

// hopPrinter is a RoundTripper that prints each request and response of
// the walk, with tokens, codes and states redacted.
type hopPrinter struct {
	next http.RoundTripper
	out  *printer
	n    int
}

func (h *hopPrinter) RoundTrip(req *http.Request) (*http.Response, error) {
	h.n++
	h.out.Printf("  %2d   %s %s\n", h.n, req.Method, redactURL(req.URL))
	resp, err := h.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	h.out.Printf("       <- %d %s\n", resp.StatusCode, http.StatusText(resp.StatusCode))
	return resp, nil
}

// isSecretParam reports query parameters that carry a credential.
func isSecretParam(k string) bool {
	switch k {
	case biometric.DefaultTokenParam, "token", "code", "id_token", "access_token", "client_secret":
		return true
	}
	return false
}

func redactURL(u *url.URL) string {
	if u.RawQuery == "" {
		return u.String()
	}
	parts := strings.Split(u.RawQuery, "&")
	for i, p := range parts {
		k, v, _ := strings.Cut(p, "=")
		switch {
		case isSecretParam(k):
			parts[i] = k + "=[redacted]"
		case k == "state" || k == "nonce":
			if len(v) > 6 {
				parts[i] = k + "=" + v[:6] + "..."
			}
		}
	}
	c := *u
	c.RawQuery = strings.Join(parts, "&")
	return c.String()
}

// walkOnce follows one login from start to the app's callback.
func walkOnce(ctx context.Context, start string, out *printer) (int, callbackResult, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return 0, callbackResult{}, err
	}
	c := &http.Client{
		Jar:       jar,
		Transport: &hopPrinter{next: loopbackTransport(), out: out},
		Timeout:   15 * time.Second,
		CheckRedirect: func(_ *http.Request, via []*http.Request) error {
			if len(via) >= 10 {
				return fmt.Errorf("too many redirects")
			}
			return nil
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, start, nil)
	if err != nil {
		return 0, callbackResult{}, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, callbackResult{}, err
	}
	// A page that posts itself back (Verified's POST return to /continue)
	// is submitted as a browser would.
	for range 3 {
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			break
		}
		page, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if err != nil {
			return resp.StatusCode, callbackResult{}, err
		}
		action, fields, ok := parseAutoPost(page)
		if !ok {
			return resp.StatusCode, callbackResult{}, fmt.Errorf("an HTML page without a form to post")
		}
		to, err := resp.Request.URL.Parse(action)
		if err != nil {
			return resp.StatusCode, callbackResult{}, fmt.Errorf("form action is not a URL")
		}
		out.Printf("       (auto-submitting form: POST with %s)\n", strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, to.String(), strings.NewReader(fields.Encode()))
		if err != nil {
			return 0, callbackResult{}, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if resp, err = c.Do(req); err != nil {
			return 0, callbackResult{}, err
		}
	}
	defer resp.Body.Close()
	var res callbackResult
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&res); err != nil {
		return resp.StatusCode, res, fmt.Errorf("callback answered no JSON: %w", err)
	}
	b, _ := json.Marshal(res)
	out.Printf("       app: %s\n", b)
	return resp.StatusCode, res, nil
}

var (
	formTag  = regexp.MustCompile(`(?is)<form\b([^>]*)>`)
	inputTag = regexp.MustCompile(`(?is)<input\b([^>]*)>`)
	attr     = regexp.MustCompile(`(?is)([a-z][a-z0-9_-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)
)

func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, a := range attr.FindAllStringSubmatch(tag, -1) {
		m[strings.ToLower(a[1])] = html.UnescapeString(a[2] + a[3] + a[4])
	}
	return m
}

// parseAutoPost reads the first method=post form of an HTML page: its
// action and its named inputs.
func parseAutoPost(page []byte) (action string, fields url.Values, ok bool) {
	f := formTag.FindSubmatch(page)
	if f == nil {
		return "", nil, false
	}
	fa := attrs(string(f[1]))
	if !strings.EqualFold(fa["method"], http.MethodPost) {
		return "", nil, false
	}
	fields = url.Values{}
	for _, in := range inputTag.FindAllSubmatch(page, -1) {
		ia := attrs(string(in[1]))
		if ia["name"] != "" {
			fields.Add(ia["name"], ia["value"])
		}
	}
	return fa["action"], fields, true
}

// walkAll runs the three logins and reports whether each ended as
// expected; the last one (a successful step-up) must carry the amr claim.
// With an external Verified the second (a failure ordered from the fake)
// is skipped.
func walkAll(ctx context.Context, st *stack, mode biometric.Mode, out *printer) bool {
	scenarios := []struct {
		title     string
		path      string
		needsFake bool
		setup     func()
		status    int
		stepUp    bool
		wantError string
	}{
		{
			title: "1. plain login (no acr_values)", path: "/login",
			status: http.StatusOK, stepUp: mode == biometric.AlwaysOn,
		},
		{
			title: "2. step-up, Verified answers failure", path: "/stepup", needsFake: true,
			setup:  func() { st.fake.SetNextOutcome(biometric.OutcomeFailure) },
			status: http.StatusForbidden, wantError: "access_denied",
		},
		{
			title: "3. step-up (acr_values=" + biometric.ACRMultiFactor + ")", path: "/stepup",
			status: http.StatusOK, stepUp: true,
		},
	}
	ok := true
	for _, sc := range scenarios {
		if ctx.Err() != nil {
			return false
		}
		if sc.needsFake && st.fake == nil {
			out.Printf("== %s: skipped (external Verified)\n\n", sc.title)
			continue
		}
		out.Printf("== %s\n", sc.title)
		if sc.setup != nil {
			sc.setup()
		}
		status, res, err := walkOnce(ctx, st.appURL+sc.path, out)
		switch {
		case err != nil:
			out.Printf("   FAIL: %v\n\n", err)
			ok = false
		case status != sc.status || res.StepUp != sc.stepUp || !strings.HasPrefix(res.Error, sc.wantError):
			out.Printf("   FAIL: got status %d step_up=%v error=%q, want %d step_up=%v error=%q\n\n",
				status, res.StepUp, res.Error, sc.status, sc.stepUp, sc.wantError)
			ok = false
		default:
			out.Printf("   ok\n\n")
		}
	}
	if st.fake != nil && ctx.Err() == nil {
		title := "4. the step-up's session token replayed to the Verified side"
		if st.replicas > 1 {
			title += fmt.Sprintf(" (the next of %d replicas)", st.replicas)
		}
		out.Printf("== %s\n", title)
		if replayRefused(ctx, st, out) {
			out.Printf("   ok: refused\n\n")
		} else {
			ok = false
		}
	}
	if st.fake != nil {
		s := st.fake.Stats()
		out.Printf("Verified fake saw %d requests: %d accepted, %d rejected, %d succeeded, %d failed\n",
			s.Requests, s.Accepted, s.Rejected, s.Succeeded, s.Failed)
	} else {
		out.Printf("Verified (external): walk finished\n")
	}
	return ok
}

// replayRefused walks a step-up, keeping the URL that sent the browser to
// Verified, then presents that URL (its session token) once more, as an
// attacker holding it would: the Verified side must refuse it, whichever
// replica gets it.
func replayRefused(ctx context.Context, st *stack, out *printer) bool {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return false
	}
	var verifyURL string
	c := &http.Client{
		Jar: jar, Transport: loopbackTransport(), Timeout: 15 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Path == verifiedtest.VerifyPath && verifyURL == "" {
				verifyURL = req.URL.String()
			}
			if len(via) >= 10 {
				return fmt.Errorf("too many redirects")
			}
			return nil
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, st.appURL+"/stepup?login_hint=replay", nil)
	if err != nil {
		return false
	}
	resp, err := c.Do(req)
	if err != nil {
		out.Printf("   FAIL: %v\n\n", err)
		return false
	}
	resp.Body.Close()
	if verifyURL == "" {
		out.Printf("   FAIL: the step-up never reached Verified\n\n")
		return false
	}
	req, err = http.NewRequestWithContext(ctx, http.MethodGet, verifyURL, nil)
	if err != nil {
		return false
	}
	resp, err = (&http.Client{Transport: loopbackTransport(), Timeout: 15 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		out.Printf("   FAIL: %v\n\n", err)
		return false
	}
	defer resp.Body.Close()
	if resp.StatusCode < 400 {
		// Accepted: the answer carries a fresh result token; not printed.
		out.Printf("       replay -> %d %s\n", resp.StatusCode, http.StatusText(resp.StatusCode))
		out.Printf("   FAIL: the replayed session token was accepted (a replica that does not share the replay store)\n\n")
		return false
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10)) // a refusal's fixed text
	out.Printf("       replay -> %d %s", resp.StatusCode, body)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "already used") {
		out.Printf("   FAIL: the replayed session token was not refused as used (status %d)\n\n", resp.StatusCode)
		return false
	}
	return true
}
