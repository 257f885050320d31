package seczetta_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/authlens/authlens/internal/version"
	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/seczetta"
)

const (
	mockBase     = "https://tenant.nonemployee.com/prefix"
	mockAttr     = "7cffa07d-ad6d-4398-ba07-b3d1e5f9ee9f"
	mockType     = "2b8c4f0e-5d1a-4c3b-9e7f-6a0d1c2b3e4f"
	mockProfile  = "633b5e71-090c-4a47-a1a3-d0b8338df872"
	searchURL    = mockBase + "/api/advanced_search/run"
	scoresURL    = mockBase + "/api/risk_scores"
	profilesJSON = `{"profiles":[{"id":"` + mockProfile + `","uid":"036e7e2a3d0c41938609cdc6029d5b11","name":"Bob",
		"profile_type_id":"` + mockType + `","status":"Active","id_proofing_status":"verified",
		"created_at":"2021-05-05T14:23:12.000-04:00","updated_at":"2021-05-06T10:00:00Z","attributes":{"user_name":"bob"}}]}`
)

func scoresJSON(entries string) string {
	return `{"risk_scores":[` + entries + `],"_metadata":{"limit":25,"offset":0,"total":1,"next":null,"previous":null}}`
}

// mockClient returns a client on a per-test httpmock transport.
func mockClient(t *testing.T, mutate func(*seczetta.Config)) (*seczetta.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	cfg := seczetta.Config{
		BaseURL:       mockBase,
		APIKey:        testKey,
		AttributeID:   mockAttr,
		ProfileTypeID: mockType,
		HTTPClient:    &http.Client{Transport: mt},
		MinRetryWait:  time.Millisecond,
		MaxRetryWait:  time.Millisecond,
	}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := seczetta.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, mt
}

func TestRequestsOnTheWire(t *testing.T) {
	t.Parallel()
	for _, scheme := range []seczetta.AuthScheme{"", seczetta.AuthToken, seczetta.AuthBearer} {
		t.Run(string(scheme), func(t *testing.T) {
			t.Parallel()
			c, mt := mockClient(t, func(cfg *seczetta.Config) { cfg.AuthScheme = scheme })
			wantAuth := "Token token=" + testKey
			if scheme == seczetta.AuthBearer {
				wantAuth = "Bearer " + testKey
			}
			check := func(r *http.Request, body bool) {
				if got := r.Header.Get("Authorization"); got != wantAuth {
					t.Errorf("Authorization %q", got)
				}
				if r.Header.Get("Accept") != "application/json" {
					t.Errorf("Accept %q", r.Header.Get("Accept"))
				}
				if body && r.Header.Get("Content-Type") != "application/json" {
					t.Errorf("Content-Type %q", r.Header.Get("Content-Type"))
				}
				if ua := r.Header.Get("User-Agent"); ua != version.UserAgent {
					t.Errorf("User-Agent %q, want %q", ua, version.UserAgent)
				}
			}
			mt.RegisterResponder(http.MethodPost, searchURL, func(r *http.Request) (*http.Response, error) {
				check(r, true)
				b, _ := io.ReadAll(r.Body)
				if !strings.Contains(string(b), `"value":"bob"`) {
					t.Errorf("body %s", b)
				}
				// A profile of another type comes first: it must be ignored.
				other := strings.Replace(strings.Replace(profilesJSON, mockType, "11111111-2222-4333-8444-555555555555", 1),
					mockProfile, "99999999-090c-4a47-a1a3-d0b8338df872", 1)
				body := strings.Replace(other, `}]}`, `},`+strings.TrimPrefix(profilesJSON, `{"profiles":[`), 1)
				return httpmock.NewStringResponse(http.StatusOK, body), nil
			})
			mt.RegisterResponder(http.MethodGet, scoresURL+"?object_id="+mockProfile, func(r *http.Request) (*http.Response, error) {
				check(r, false)
				return httpmock.NewStringResponse(http.StatusOK, scoresJSON(`{"id":"14118693-983e-462f-a330-f3b34d29f281",
					"uid":"036e7e2a3d0c41938609cdc6029d5b11","object_id":"`+mockProfile+`","object_type":"Profile",
					"overall_score":3.5,"overall_risk_level_id":"29fc4382-2c60-4c6d-891b-15102cdc9e01",
					"impact_score":7.0,"impact_risk_level_id":"29fc4382-2c60-4c6d-891b-15102cdc9e01",
					"probability_score":0.0,"probability_risk_level_id":"c1f10e76-44c0-4bda-b344-8ae2a256d6c4"}`)), nil
			})
			sc, err := c.Score(context.Background(), riskscore.Subject{Username: "bob"})
			if err != nil {
				t.Fatal(err)
			}
			if sc.Value != 3.5 || sc.Detail["profile_id"] != mockProfile || sc.Detail["risk_score_id"] != "14118693-983e-462f-a330-f3b34d29f281" ||
				sc.Detail["lookup_field"] != "username" || sc.Detail["profile_status"] != "Active" {
				t.Fatalf("score %+v", sc)
			}
			if n := mt.GetTotalCallCount(); n != 2 {
				t.Fatalf("%d calls", n)
			}
		})
	}
}

func TestDecodingEdgeCases(t *testing.T) {
	t.Parallel()
	entry := func(score string) string {
		return `{"id":"s1","object_id":"` + mockProfile + `","object_type":"Profile","overall_score":` + score + `}`
	}
	tests := []struct {
		name     string
		profiles string
		scores   string
		want     float64
		wantErr  error
	}{
		{"score as a string", profilesJSON, scoresJSON(entry(`"7.5"`)), 7.5, nil},
		{"negative score passes through", profilesJSON, scoresJSON(entry(`-1`)), -1, nil},
		{"unknown fields ignored", strings.Replace(profilesJSON, `"uid"`, `"extra":{"a":[1]},"uid"`, 1), scoresJSON(entry(`2`)), 2, nil},
		{"numbers where text expected", strings.Replace(profilesJSON, `"name":"Bob"`, `"name":12`, 1), scoresJSON(entry(`2`)), 2, nil},
		{"bad timestamps tolerated", strings.Replace(profilesJSON, `"2021-05-06T10:00:00Z"`, `"yesterday"`, 1), scoresJSON(entry(`2`)), 2, nil},
		{"null score", profilesJSON, scoresJSON(entry(`null`)), 0, seczetta.ErrMalformed},
		{"missing score", profilesJSON, scoresJSON(`{"id":"s1"}`), 0, seczetta.ErrMalformed},
		{"NaN string", profilesJSON, scoresJSON(entry(`"NaN"`)), 0, seczetta.ErrMalformed},
		{"Inf string", profilesJSON, scoresJSON(entry(`"+Inf"`)), 0, seczetta.ErrMalformed},
		{"overflow", profilesJSON, scoresJSON(entry(`1e400`)), 0, seczetta.ErrMalformed},
		{"boolean score", profilesJSON, scoresJSON(entry(`true`)), 0, seczetta.ErrMalformed},
		{"one unreadable among several", profilesJSON, scoresJSON(entry(`1`) + `,` + entry(`"high"`)), 0, seczetta.ErrMalformed},
		{"risk_scores missing", profilesJSON, `{"_metadata":{}}`, 0, seczetta.ErrMalformed},
		{"risk_scores null: no score", profilesJSON, `{"risk_scores":null}`, 0, seczetta.ErrNoScore},
		{"risk_scores null with metadata: no score", profilesJSON, `{"risk_scores":null,"_metadata":{"total":0}}`, 0, seczetta.ErrNoScore},
		{"risk_scores not an array", profilesJSON, `{"risk_scores":{"overall_score":1}}`, 0, seczetta.ErrMalformed},
		{"odd metadata tolerated", profilesJSON, `{"risk_scores":[` + entry(`4`) + `],"_metadata":"x"}`, 4, nil},
		{"empty risk_scores", profilesJSON, scoresJSON(``), 0, seczetta.ErrNoScore},
		{"object_id and object_type in another case", profilesJSON,
			scoresJSON(`{"id":"s1","object_id":"` + strings.ToUpper(mockProfile) + `","object_type":"profile","overall_score":6.5}`), 6.5, nil},
		{"object_type PROFILE", profilesJSON, scoresJSON(`{"id":"s1","object_id":"` + mockProfile + `","object_type":"PROFILE","overall_score":3}`), 3, nil},
		{"other object, other case, still ignored", profilesJSON,
			scoresJSON(entry(`2`) + `,{"id":"s2","object_id":"` + mockProfile + `","object_type":"workflowsession","overall_score":9}`), 2, nil},
		{"profile_type_id in upper case", strings.Replace(profilesJSON, mockType, strings.ToUpper(mockType), 1), scoresJSON(entry(`4`)), 4, nil},
		{"profile of another type ignored", strings.Replace(profilesJSON, mockType, "9b8c4f0e-5d1a-4c3b-9e7f-6a0d1c2b3e4f", 1), ``, 0, seczetta.ErrProfileNotFound},
		{"profiles missing", `{}`, ``, 0, seczetta.ErrMalformed},
		{"profiles null: not found", `{"profiles":null}`, ``, 0, seczetta.ErrProfileNotFound},
		{"profiles false", `{"profiles":false}`, ``, 0, seczetta.ErrMalformed},
		{"profiles a string null", `{"profiles":"null"}`, ``, 0, seczetta.ErrMalformed},
		{"profiles empty", `{"profiles":[]}`, ``, 0, seczetta.ErrProfileNotFound},
		{"profile without id", `{"profiles":[{"uid":"x"}]}`, ``, 0, seczetta.ErrMalformed},
		{"profile not an object", `{"profiles":["x"]}`, ``, 0, seczetta.ErrMalformed},
		{"attributes not an object", strings.Replace(profilesJSON, `{"user_name":"bob"}`, `[1]`, 1), ``, 0, seczetta.ErrMalformed},
		{"top level array", `[]`, ``, 0, seczetta.ErrMalformed},
		{"HTML", `<html>oops</html>`, ``, 0, seczetta.ErrMalformed},
		{"trailing data", profilesJSON + `{}`, ``, 0, seczetta.ErrMalformed},
		{"too large", `{"profiles":[],"pad":"` + strings.Repeat("x", 5<<20) + `"}`, ``, 0, seczetta.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := mockClient(t, func(cfg *seczetta.Config) { cfg.MaxRetries = -1 })
			mt.RegisterResponder(http.MethodPost, searchURL, httpmock.NewStringResponder(http.StatusOK, tt.profiles))
			mt.RegisterResponder(http.MethodGet, scoresURL, httpmock.NewStringResponder(http.StatusOK, tt.scores))
			sc, err := c.Score(context.Background(), riskscore.Subject{Username: "bob"})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				checkNoKey(t, err)
				return
			}
			if err != nil || sc.Value != tt.want {
				t.Fatalf("Score = %v, %v; want %v", sc.Value, err, tt.want)
			}
		})
	}
}

// TestRetryAfterHonoured checks, in fake time, that a 429's Retry-After is
// waited out before the next attempt.
func TestRetryAfterHonoured(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t, func(cfg *seczetta.Config) {
			cfg.MinRetryWait, cfg.MaxRetryWait = 0, 0
			cfg.Timeout = time.Minute
		})
		var sent []time.Time
		limited := httpmock.NewStringResponder(http.StatusTooManyRequests, `{"error":"slow down"}`).
			HeaderSet(http.Header{"Retry-After": {"30"}}).Once()
		mt.RegisterResponder(http.MethodPost, searchURL, func(r *http.Request) (*http.Response, error) {
			sent = append(sent, time.Now())
			return httpmock.NewStringResponse(http.StatusOK, profilesJSON), nil
		})
		mt.RegisterResponder(http.MethodGet, scoresURL, func(r *http.Request) (*http.Response, error) {
			sent = append(sent, time.Now())
			if len(sent) == 2 {
				return limited(r)
			}
			return httpmock.NewStringResponse(http.StatusOK, scoresJSON(`{"overall_score":6}`)), nil
		})
		sc, err := c.Score(context.Background(), riskscore.Subject{Username: "bob"})
		if err != nil || sc.Value != 6 {
			t.Fatalf("Score = %v, %v", sc.Value, err)
		}
		if len(sent) != 3 {
			t.Fatalf("%d requests", len(sent))
		}
		wait := sent[2].Sub(sent[1])
		if wait < 30*time.Second || wait > 31*time.Second {
			t.Fatalf("waited %v after Retry-After: 30", wait)
		}
	})
}

// TestLongServerWaitIsRateLimitedAtOnce: a 429 whose Retry-After (or
// X-RateLimit-Reset) lies beyond the deadline is not waited for: it is
// ErrRateLimited at once, not a timeout at the deadline (fake time).
func TestLongServerWaitIsRateLimitedAtOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		header  func() http.Header // called inside the bubble (fake clock)
		timeout time.Duration      // Config.Timeout
		ctxWait time.Duration      // caller's deadline; 0: none
	}{
		{"Retry-After beyond Timeout", func() http.Header { return http.Header{"Retry-After": {"3600"}} }, 10 * time.Second, 0},
		{"Retry-After as a date beyond Timeout", func() http.Header {
			return http.Header{"Retry-After": {time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)}}
		}, 10 * time.Second, 0},
		{"X-RateLimit-Reset beyond Timeout", func() http.Header {
			return http.Header{"X-Ratelimit-Limit": {"10"}, "X-Ratelimit-Remaining": {"0"},
				"X-Ratelimit-Reset": {strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)}}
		}, 10 * time.Second, 0},
		{"Retry-After beyond the caller's shorter deadline", func() http.Header { return http.Header{"Retry-After": {"5"}} }, time.Minute, 2 * time.Second},
		{"Retry-After of the default Timeout", func() http.Header { return http.Header{"Retry-After": {"11"}} }, 0, 0},
	}
	for _, tt := range tests {
		for _, ep := range []string{"search", "scores"} {
			t.Run(tt.name+"/"+ep, func(t *testing.T) {
				t.Parallel()
				synctest.Test(t, func(t *testing.T) {
					c, mt := mockClient(t, func(cfg *seczetta.Config) {
						cfg.Timeout = tt.timeout
						cfg.MaxRateLimitWaits = -1 // only the deadline bounds the waits
					})
					limited := func(*http.Request) (*http.Response, error) {
						r := httpmock.NewStringResponse(http.StatusTooManyRequests, `{"error":"slow down"}`)
						for k, v := range tt.header() {
							r.Header[k] = v
						}
						return r, nil
					}
					if ep == "search" {
						mt.RegisterResponder(http.MethodPost, searchURL, limited)
					} else {
						mt.RegisterResponder(http.MethodPost, searchURL, httpmock.NewStringResponder(http.StatusOK, profilesJSON))
						mt.RegisterResponder(http.MethodGet, scoresURL, limited)
					}
					ctx := context.Background()
					if tt.ctxWait > 0 {
						var cancel context.CancelFunc
						ctx, cancel = context.WithTimeout(ctx, tt.ctxWait)
						defer cancel()
					}
					start := time.Now()
					_, err := c.Score(ctx, riskscore.Subject{Username: "bob"})
					if d := time.Since(start); d != 0 {
						t.Errorf("gave up after %v of fake time, want at once", d)
					}
					for _, want := range []error{seczetta.ErrRateLimited, riskscore.ErrRateLimited, riskscore.ErrUnavailable} {
						if !errors.Is(err, want) {
							t.Errorf("err = %v, not %v", err, want)
						}
					}
					if errors.Is(err, context.DeadlineExceeded) {
						t.Errorf("err = %v is a timeout", err)
					}
					var se *seczetta.Error
					if !errors.As(err, &se) || se.StatusCode != http.StatusTooManyRequests || se.Attempts != 1 {
						t.Errorf("err = %#v", err)
					}
					if code := riskscore.ErrorCode(err); code != "rate_limited" {
						t.Errorf("code %q, want rate_limited", code)
					}
					if n := mt.GetTotalCallCount(); n != map[string]int{"search": 1, "scores": 2}[ep] {
						t.Errorf("%d requests", n)
					}
					checkNoKey(t, err)
				})
			})
		}
	}
}

// TestShortServerWaitIsWaited: a Retry-After within the deadline is still
// waited out (fake time), and a later 429 beyond what is left of the
// deadline then ends at once as ErrRateLimited.
func TestShortServerWaitIsWaited(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, mt := mockClient(t, func(cfg *seczetta.Config) {
			cfg.Timeout = 10 * time.Second
			cfg.MaxRateLimitWaits = -1
		})
		n := 0
		mt.RegisterResponder(http.MethodPost, searchURL, func(*http.Request) (*http.Response, error) {
			n++
			r := httpmock.NewStringResponse(http.StatusTooManyRequests, `{}`)
			r.Header.Set("Retry-After", "6") // fits once in 10s, not twice
			return r, nil
		})
		start := time.Now()
		_, err := c.Score(context.Background(), riskscore.Subject{Username: "bob"})
		if !errors.Is(err, seczetta.ErrRateLimited) || errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
		if d := time.Since(start); d < 6*time.Second || d >= 10*time.Second {
			t.Fatalf("ended after %v of fake time, want one 6s wait", d)
		}
		if n != 2 {
			t.Fatalf("%d requests, want 2", n)
		}
	})
}

// TestRateLimitedClaim: through an Evaluator, a 429 beyond the deadline
// decides at once, with the claim error "rate_limited" (fake time).
func TestRateLimitedClaim(t *testing.T) {
	t.Parallel()
	for _, authOnErr := range []bool{false, true} {
		t.Run(strconv.FormatBool(authOnErr), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				c, mt := mockClient(t, func(cfg *seczetta.Config) { cfg.Timeout = 3 * time.Second })
				mt.RegisterResponder(http.MethodPost, searchURL, httpmock.NewStringResponder(http.StatusTooManyRequests, `{}`).
					HeaderSet(http.Header{"Retry-After": {"60"}}))
				ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: c, Policy: riskscore.DefaultPolicy(),
					Timeout: 5 * time.Second, AuthenticateOnError: authOnErr})
				if err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				r := ev.Evaluate(context.Background(), riskscore.Subject{Username: "bob"})
				if d := time.Since(start); d != 0 {
					t.Errorf("decided after %v of fake time, want at once", d)
				}
				want := riskscore.Deny
				if authOnErr {
					want = riskscore.Allow
				}
				if r.Outcome != want || r.Reason != riskscore.ReasonProviderError || !errors.Is(r.Err, seczetta.ErrRateLimited) {
					t.Fatalf("Evaluate = %v/%v, %v", r.Outcome, r.Reason, r.Err)
				}
				if r.Claims.Risk.Error != "rate_limited" {
					t.Fatalf("claim error %q, want rate_limited", r.Claims.Risk.Error)
				}
			})
		})
	}
}
