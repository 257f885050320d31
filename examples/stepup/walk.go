package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/authlens/authlens/biometric"
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
	defer resp.Body.Close()
	var res callbackResult
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&res); err != nil {
		return resp.StatusCode, res, fmt.Errorf("callback answered no JSON: %w", err)
	}
	b, _ := json.Marshal(res)
	out.Printf("       app: %s\n", b)
	return resp.StatusCode, res, nil
}

// walkAll runs the three logins and reports whether each ended as
// expected; the last one (a successful step-up) must carry the amr claim.
func walkAll(ctx context.Context, st *stack, mode biometric.Mode, out *printer) bool {
	scenarios := []struct {
		title     string
		path      string
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
			title: "2. step-up, Verified answers failure", path: "/stepup",
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
	s := st.fake.Stats()
	out.Printf("Verified fake saw %d requests: %d accepted, %d rejected, %d succeeded, %d failed\n",
		s.Requests, s.Accepted, s.Rejected, s.Succeeded, s.Failed)
	return ok
}
