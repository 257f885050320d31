package seczetta_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authlens/authlens/riskscore"
	"github.com/authlens/authlens/riskscore/seczetta"
	"github.com/authlens/authlens/riskscore/seczetta/seczettatest"
)

// testKey is a recognisable API key that must never show up anywhere.
const testKey = "szk_SUPERSECRET_0123456789abcdef"

// syncBuffer is a bytes.Buffer safe for concurrent log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type fixture struct {
	srv    *seczettatest.Server
	client *seczetta.Client
	logs   *syncBuffer
}

// newFixture starts a fake with testKey and a client with fast retries and
// a debug logger into a buffer.
func newFixture(t *testing.T, opts seczettatest.Options, mutate func(*seczetta.Config)) *fixture {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = testKey
	}
	srv := seczettatest.NewServer(opts)
	t.Cleanup(srv.Close)
	logs := &syncBuffer{}
	cfg := srv.Config()
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.MinRetryWait = time.Millisecond
	cfg.MaxRetryWait = 5 * time.Millisecond
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := seczetta.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if strings.Contains(logs.String(), testKey) {
			t.Errorf("the API key leaked into the logs:\n%s", logs.String())
		}
	})
	return &fixture{srv: srv, client: c, logs: logs}
}

// checkNoKey fails when err's text, in any format, shows the key.
func checkNoKey(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		if s := fmt.Sprintf(f, err); strings.Contains(s, testKey) || strings.Contains(s, "SUPERSECRET") {
			t.Errorf("error shows the key with %s: %s", f, s)
		}
	}
}

func TestScore(t *testing.T) {
	t.Parallel()
	type setup func(*seczettatest.Server)
	oneUser := func(score float64, values ...string) setup {
		return func(s *seczettatest.Server) { s.AddUser(score, values...) }
	}
	tests := []struct {
		name    string
		opts    seczettatest.Options
		mutate  func(*seczetta.Config)
		setup   setup
		subject riskscore.Subject
		want    float64
		wantErr []error
		// searches and scoreReads expected on the fake (-1: don't check)
		searches, scoreReads int
	}{
		{name: "allow-range score", setup: oneUser(2.5, "alice"), subject: riskscore.Subject{Username: "alice"}, want: 2.5, searches: 1, scoreReads: 1},
		{name: "two decimals kept", setup: oneUser(8.25, "mallory"), subject: riskscore.Subject{Username: "mallory"}, want: 8.25, searches: 1, scoreReads: 1},
		{name: "username before email", setup: func(s *seczettatest.Server) {
			s.AddUser(1, "bob")
			s.AddUser(9, "bob@example.com")
		}, subject: riskscore.Subject{Username: "bob", Email: "bob@example.com"}, want: 1, searches: 1, scoreReads: 1},
		{name: "email when no username", setup: oneUser(6, "carol@example.com"), subject: riskscore.Subject{UserID: "auth0|1", Email: "carol@example.com"}, want: 6, searches: 1, scoreReads: 1},
		{name: "lookup order configurable", mutate: func(c *seczetta.Config) {
			c.LookupFields = []seczetta.LookupField{seczetta.LookupEmail, seczetta.LookupUsername}
		}, setup: func(s *seczettatest.Server) {
			s.AddUser(1, "dan")
			s.AddUser(9, "dan@example.com")
		}, subject: riskscore.Subject{Username: "dan", Email: "dan@example.com"}, want: 9, searches: 1, scoreReads: 1},
		{name: "user_id lookup", mutate: func(c *seczetta.Config) { c.LookupFields = []seczetta.LookupField{seczetta.LookupUserID} },
			setup: oneUser(3, "auth0|42"), subject: riskscore.Subject{UserID: "auth0|42", Username: "x"}, want: 3, searches: 1, scoreReads: 1},
		{name: "bearer scheme", opts: seczettatest.Options{Scheme: seczetta.AuthBearer}, mutate: func(c *seczetta.Config) { c.AuthScheme = seczetta.AuthBearer },
			setup: oneUser(4, "erin"), subject: riskscore.Subject{Username: "erin"}, want: 4, searches: 1, scoreReads: 1},
		{name: "newer attribute rule", mutate: func(c *seczetta.Config) { c.AttributeType = seczetta.AttributeTextField },
			setup: oneUser(4, "erin"), subject: riskscore.Subject{Username: "erin"}, want: 4, searches: 1, scoreReads: 1},
		{name: "several scores: the highest", setup: func(s *seczettatest.Server) {
			p := s.AddProfile(seczetta.Profile{}, "frank")
			s.SetScores(p.ID, seczetta.RiskScore{OverallScore: 3}, seczetta.RiskScore{OverallScore: 7.75}, seczetta.RiskScore{OverallScore: 5})
		}, subject: riskscore.Subject{Username: "frank"}, want: 7.75, searches: 1, scoreReads: 1},
		{name: "scores of other objects ignored", setup: func(s *seczettatest.Server) {
			p := s.AddProfile(seczetta.Profile{}, "gina")
			s.SetScores(p.ID, seczetta.RiskScore{OverallScore: 2},
				seczetta.RiskScore{OverallScore: 9, ObjectID: seczettatest.NewUUID()},
				seczetta.RiskScore{OverallScore: 9, ObjectType: "WorkflowSession"})
		}, subject: riskscore.Subject{Username: "gina"}, want: 2, searches: 1, scoreReads: 1},
		{name: "IDs and object_type in another case", setup: func(s *seczettatest.Server) {
			p := s.AddProfile(seczetta.Profile{ProfileTypeID: strings.ToUpper(seczettatest.DefaultProfileTypeID)}, "cas")
			s.SetScores(p.ID, seczetta.RiskScore{OverallScore: 6.5, ObjectID: strings.ToUpper(p.ID), ObjectType: "profile"})
		}, subject: riskscore.Subject{Username: "cas"}, want: 6.5, searches: 1, scoreReads: 1},
		{name: "several profiles: uid match", setup: func(s *seczettatest.Server) {
			s.SetScore(s.AddProfile(seczetta.Profile{}, "hal").ID, 9)
			s.SetScore(s.AddProfile(seczetta.Profile{UID: "hal"}, "hal").ID, 1)
		}, subject: riskscore.Subject{Username: "hal"}, want: 1, searches: 1, scoreReads: 1},
		{name: "several profiles: the only active one", setup: func(s *seczettatest.Server) {
			s.SetScore(s.AddProfile(seczetta.Profile{Status: "Terminated"}, "ivy").ID, 1)
			s.SetScore(s.AddProfile(seczetta.Profile{Status: "Active"}, "ivy").ID, 6)
		}, subject: riskscore.Subject{Username: "ivy"}, want: 6, searches: 1, scoreReads: 1},

		{name: "no profile", subject: riskscore.Subject{Username: "nobody"},
			wantErr: []error{seczetta.ErrProfileNotFound, riskscore.ErrSubjectNotFound}, searches: 1, scoreReads: 0},
		{name: "ambiguous profiles", setup: func(s *seczettatest.Server) {
			s.AddUser(1, "kim")
			s.AddUser(2, "kim")
		}, subject: riskscore.Subject{Username: "kim"}, wantErr: []error{seczetta.ErrAmbiguousProfile, riskscore.ErrAmbiguousSubject}, searches: 1, scoreReads: 0},
		{name: "no lookup value", subject: riskscore.Subject{UserID: "auth0|1"},
			wantErr: []error{seczetta.ErrNoLookupValue, riskscore.ErrSubjectNotFound}, searches: 0, scoreReads: 0},
		{name: "lookup value too long", subject: riskscore.Subject{Username: strings.Repeat("a", seczetta.MaxLookupValueBytes+1)},
			wantErr: []error{seczetta.ErrNoLookupValue}, searches: 0, scoreReads: 0},
		{name: "lookup value not UTF-8", subject: riskscore.Subject{Username: "\xff\xfe"},
			wantErr: []error{seczetta.ErrNoLookupValue}, searches: 0, scoreReads: 0},
		{name: "empty risk_scores", setup: func(s *seczettatest.Server) {
			s.SetScores(s.AddProfile(seczetta.Profile{}, "lee").ID)
		}, subject: riskscore.Subject{Username: "lee"}, wantErr: []error{seczetta.ErrNoScore, riskscore.ErrNoScore}, searches: 1, scoreReads: 1},
		{name: "only other objects' scores", setup: func(s *seczettatest.Server) {
			p := s.AddProfile(seczetta.Profile{}, "max")
			s.SetScores(p.ID, seczetta.RiskScore{OverallScore: 1, ObjectID: seczettatest.NewUUID()})
		}, subject: riskscore.Subject{Username: "max"}, wantErr: []error{seczetta.ErrNoScore}, searches: 1, scoreReads: 1},
		{name: "empty score list fault", setup: func(s *seczettatest.Server) {
			s.AddUser(1, "ned")
			s.AddFault(seczettatest.Fault{EmptyScores: true})
		}, subject: riskscore.Subject{Username: "ned"}, wantErr: []error{seczetta.ErrNoScore}, searches: 1, scoreReads: 1},
		{name: "wrong key", mutate: func(c *seczetta.Config) { c.APIKey = "another_" + testKey },
			setup: oneUser(1, "ola"), subject: riskscore.Subject{Username: "ola"}, wantErr: []error{seczetta.ErrUnauthorized, riskscore.ErrUnauthorized}, searches: 1, scoreReads: 0},
		{name: "wrong scheme", opts: seczettatest.Options{Scheme: seczetta.AuthBearer},
			setup: oneUser(1, "ola"), subject: riskscore.Subject{Username: "ola"}, wantErr: []error{seczetta.ErrUnauthorized}, searches: 1, scoreReads: 0},
		{name: "403", setup: func(s *seczettatest.Server) {
			s.AddUser(1, "pat")
			s.AddFault(seczettatest.Fault{Endpoint: seczettatest.ScoresEndpoint, Status: http.StatusForbidden})
		}, subject: riskscore.Subject{Username: "pat"}, wantErr: []error{seczetta.ErrUnauthorized}, searches: 1, scoreReads: 1},
		{name: "429 after the waits", mutate: func(c *seczetta.Config) { c.MaxRateLimitWaits = 2 }, setup: func(s *seczettatest.Server) {
			s.AddUser(1, "quinn")
			s.AddFault(seczettatest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "0"})
		}, subject: riskscore.Subject{Username: "quinn"}, wantErr: []error{seczetta.ErrRateLimited, riskscore.ErrRateLimited, riskscore.ErrUnavailable}, searches: 3, scoreReads: 0},
		{name: "429 waited out", setup: func(s *seczettatest.Server) {
			s.AddUser(5.5, "rae")
			s.AddFault(seczettatest.Fault{Endpoint: seczettatest.ScoresEndpoint, Status: http.StatusTooManyRequests, RetryAfter: "0", Times: 1})
		}, subject: riskscore.Subject{Username: "rae"}, want: 5.5, searches: 1, scoreReads: 2},
		{name: "5xx after retries", mutate: func(c *seczetta.Config) { c.MaxRetries = 2 }, setup: func(s *seczettatest.Server) {
			s.AddUser(1, "sam")
			s.AddFault(seczettatest.Fault{Status: http.StatusBadGateway})
		}, subject: riskscore.Subject{Username: "sam"}, wantErr: []error{seczetta.ErrUnavailable, riskscore.ErrUnavailable}, searches: 3, scoreReads: 0},
		{name: "500 then fine", setup: func(s *seczettatest.Server) {
			s.AddUser(6, "tia")
			s.AddFault(seczettatest.Fault{Endpoint: seczettatest.SearchEndpoint, Status: http.StatusInternalServerError, Times: 1})
		}, subject: riskscore.Subject{Username: "tia"}, want: 6, searches: 2, scoreReads: 1},
		{name: "no retries", mutate: func(c *seczetta.Config) { c.MaxRetries = -1 }, setup: func(s *seczettatest.Server) {
			s.AddUser(1, "uma")
			s.AddFault(seczettatest.Fault{Status: http.StatusServiceUnavailable})
		}, subject: riskscore.Subject{Username: "uma"}, wantErr: []error{seczetta.ErrUnavailable}, searches: 1, scoreReads: 0},
		{name: "malformed JSON", mutate: func(c *seczetta.Config) { c.MaxRetries = 1 }, setup: func(s *seczettatest.Server) {
			s.AddUser(1, "val")
			s.AddFault(seczettatest.Fault{Endpoint: seczettatest.SearchEndpoint, Malformed: true})
		}, subject: riskscore.Subject{Username: "val"}, wantErr: []error{seczetta.ErrMalformed, riskscore.ErrMalformed}, searches: 2, scoreReads: 0},
		{name: "truncated once, then fine", setup: func(s *seczettatest.Server) {
			s.AddUser(2, "wes")
			s.AddFault(seczettatest.Fault{Endpoint: seczettatest.ScoresEndpoint, Malformed: true, Times: 1})
		}, subject: riskscore.Subject{Username: "wes"}, want: 2, searches: 1, scoreReads: 2},
		{name: "unexpected status", setup: func(s *seczettatest.Server) {
			s.AddUser(1, "xan")
			s.AddFault(seczettatest.Fault{Status: http.StatusNotFound})
		}, subject: riskscore.Subject{Username: "xan"}, wantErr: []error{seczetta.ErrUnexpectedStatus}, searches: 1, scoreReads: 0},
		{name: "timeout", mutate: func(c *seczetta.Config) { c.Timeout = 2 * time.Second }, setup: func(s *seczettatest.Server) {
			s.AddUser(1, "yul")
			s.AddFault(seczettatest.Fault{Latency: time.Minute})
		}, subject: riskscore.Subject{Username: "yul"}, wantErr: []error{seczetta.ErrUnavailable, context.DeadlineExceeded}, searches: 1, scoreReads: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, tt.opts, tt.mutate)
			if tt.setup != nil {
				tt.setup(f.srv)
			}
			sc, err := f.client.Score(context.Background(), tt.subject)
			checkNoKey(t, err)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Score: %v", err)
				}
				if sc.Value != tt.want || sc.Source != "seczetta" || sc.Detail["profile_id"] == "" {
					t.Fatalf("Score = %+v, want %v", sc, tt.want)
				}
			} else {
				if err == nil {
					t.Fatalf("Score = %+v, want an error", sc)
				}
				for _, want := range tt.wantErr {
					if !errors.Is(err, want) {
						t.Errorf("error %q is not %v", err, want)
					}
				}
				var se *seczetta.Error
				if !errors.As(err, &se) {
					t.Errorf("error %T is not a *seczetta.Error", err)
				}
			}
			c := f.srv.Counts()
			if c.Searches != tt.searches || c.ScoreReads != tt.scoreReads {
				t.Errorf("fake saw %d searches and %d score reads, want %d and %d", c.Searches, c.ScoreReads, tt.searches, tt.scoreReads)
			}
			if c.Rejected != 0 {
				t.Errorf("the fake rejected %d requests as malformed", c.Rejected)
			}
		})
	}
}

func TestShortContextDeadline(t *testing.T) {
	t.Parallel()
	f := newFixture(t, seczettatest.Options{}, nil)
	f.srv.AddUser(1, "zed")
	f.srv.AddFault(seczettatest.Fault{Endpoint: seczettatest.ScoresEndpoint, Latency: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := f.client.Score(ctx, riskscore.Subject{Username: "zed"})
	if !errors.Is(err, seczetta.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	var se *seczetta.Error
	if !errors.As(err, &se) || se.Op != seczetta.OpRiskScores || se.StatusCode != 0 {
		t.Fatalf("err = %#v", err)
	}
	checkNoKey(t, err)
}

func TestServerGone(t *testing.T) {
	t.Parallel()
	f := newFixture(t, seczettatest.Options{}, func(c *seczetta.Config) { c.MaxRetries = 1 })
	f.srv.Close()
	_, err := f.client.Score(context.Background(), riskscore.Subject{Username: "a"})
	if !errors.Is(err, seczetta.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	var se *seczetta.Error
	if !errors.As(err, &se) || se.Attempts != 2 {
		t.Fatalf("err = %#v", err)
	}
	checkNoKey(t, err)
}

func TestSearchBodyIsTheReferenceBody(t *testing.T) {
	t.Parallel()
	f := newFixture(t, seczettatest.Options{}, nil)
	f.srv.AddUser(1, `o"brien@example.com`)
	if _, err := f.client.Score(context.Background(), riskscore.Subject{Email: `o"brien@example.com`}); err != nil {
		t.Fatal(err)
	}
	want := `{"advanced_search":{"label":"All Contractors","condition_rules_attributes":[` +
		`{"type":"ProfileTypeRule","comparison_operator":"==","value":"` + seczettatest.DefaultProfileTypeID + `"},` +
		`{"type":"ProfileAttributeRule","condition_object_id":"` + seczettatest.DefaultAttributeID + `","object_type":"NeAttribute",` +
		`"comparison_operator":"==","value":"o\"brien@example.com"}]}}`
	if got := string(f.srv.LastSearchBody()); got != want {
		t.Fatalf("body\n got %s\nwant %s", got, want)
	}
	if got := string(f.client.SearchBody(`o"brien@example.com`)); got != want {
		t.Fatalf("SearchBody\n got %s\nwant %s", got, want)
	}
}

// TestUpperCaseConfigIDs: UUIDs given in upper case are accepted, sent in
// lower case, and validation still reads them.
func TestUpperCaseConfigIDs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, seczettatest.Options{}, func(c *seczetta.Config) {
		c.AttributeID = strings.ToUpper(c.AttributeID)
		c.ProfileTypeID = strings.ToUpper(c.ProfileTypeID)
	})
	cfg := f.srv.Config()
	cfg.AttributeID, cfg.ProfileTypeID = strings.ToUpper(cfg.AttributeID), strings.ToUpper(cfg.ProfileTypeID)
	if err := cfg.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	f.srv.AddUser(6.5, "bob")
	sc, err := f.client.Score(context.Background(), riskscore.Subject{Username: "bob"})
	if err != nil || sc.Value != 6.5 {
		t.Fatalf("Score = %v, %v", sc.Value, err)
	}
	body := string(f.srv.LastSearchBody())
	if !strings.Contains(body, `"value":"`+seczettatest.DefaultProfileTypeID+`"`) ||
		!strings.Contains(body, `"condition_object_id":"`+seczettatest.DefaultAttributeID+`"`) {
		t.Fatalf("search body does not carry the IDs in lower case: %s", body)
	}
}

func TestFindProfileAndRiskScores(t *testing.T) {
	t.Parallel()
	f := newFixture(t, seczettatest.Options{}, nil)
	created := time.Date(2023, 5, 6, 7, 8, 9, 0, time.UTC)
	p := f.srv.AddProfile(seczetta.Profile{
		Name: "Bob Contractor", Status: "On Leave", IDProofingStatus: "verified", CreatedAt: created,
		Attributes: map[string]any{"user_name": "bob", "personal_email": "bob@example.com"},
	}, "bob")
	want := f.srv.SetScore(p.ID, 6.25)
	got, err := f.client.FindProfile(context.Background(), "bob")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != p.ID || got.UID != p.UID || got.Name != "Bob Contractor" || got.Status != "On Leave" ||
		got.IDProofingStatus != "verified" || got.ProfileTypeID != seczettatest.DefaultProfileTypeID ||
		!got.CreatedAt.Equal(created) || !got.UpdatedAt.Equal(created) || got.Attributes["user_name"] != "bob" {
		t.Fatalf("profile %+v", got)
	}
	rs, md, err := f.client.RiskScores(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0] != want || md.Total != 1 || md.Limit != 25 || md.Next != nil {
		t.Fatalf("risk scores %+v %+v, want %+v", rs, md, want)
	}
}

func TestConfigAndClientNeverShowTheKey(t *testing.T) {
	t.Parallel()
	f := newFixture(t, seczettatest.Options{}, nil)
	cfg := f.srv.Config()
	c := f.client
	var things = []any{cfg, &cfg, c, *c, []any{cfg, c}, struct{ C seczetta.Config }{cfg}, map[string]any{"c": c}}
	for i, v := range things {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T"} {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, testKey) || strings.Contains(s, "SUPERSECRET") {
				t.Errorf("thing %d with %s shows the key: %s", i, verb, s)
			}
		}
	}
	if !strings.Contains(cfg.String(), "APIKey: [REDACTED]") || !strings.Contains(c.String(), "APIKey: [REDACTED]") {
		t.Errorf("String() = %s / %s", cfg.String(), c.String())
	}
	b, err := json.Marshal(cfg)
	if err != nil || strings.Contains(string(b), testKey) || !strings.Contains(string(b), `"APIKey":"[REDACTED]"`) {
		t.Errorf("json = %s, %v", b, err)
	}
	var buf bytes.Buffer
	for _, h := range []slog.Handler{slog.NewJSONHandler(&buf, nil), slog.NewTextHandler(&buf, nil)} {
		slog.New(h).Info("config", "cfg", cfg, "client", c, "ptr", &cfg)
	}
	if strings.Contains(buf.String(), testKey) {
		t.Errorf("slog shows the key: %s", buf.String())
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	t.Parallel()
	good := seczetta.Config{
		BaseURL:       "https://tenant.nonemployee.com",
		APIKey:        testKey,
		AttributeID:   "7cffa07d-ad6d-4398-ba07-b3d1e5f9ee9f",
		ProfileTypeID: "2b8c4f0e-5d1a-4c3b-9e7f-6a0d1c2b3e4f",
	}
	tests := []struct {
		name   string
		mutate func(*seczetta.Config)
		fields []string // nil: valid
	}{
		{"good", func(*seczetta.Config) {}, nil},
		{"path prefix", func(c *seczetta.Config) { c.BaseURL = "https://proxy.example.com/seczetta/" }, nil},
		{"http loopback v4", func(c *seczetta.Config) { c.BaseURL = "http://127.0.0.1:8080" }, nil},
		{"http loopback v6", func(c *seczetta.Config) { c.BaseURL = "http://[::1]:8080" }, nil},
		{"http localhost", func(c *seczetta.Config) { c.BaseURL = "http://localhost:8080" }, nil},
		{"bearer", func(c *seczetta.Config) { c.AuthScheme = seczetta.AuthBearer }, nil},
		{"empty", func(c *seczetta.Config) { *c = seczetta.Config{} }, []string{"BaseURL", "APIKey", "AttributeID", "ProfileTypeID"}},
		{"http elsewhere", func(c *seczetta.Config) { c.BaseURL = "http://tenant.nonemployee.com" }, []string{"BaseURL"}},
		{"http private address", func(c *seczetta.Config) { c.BaseURL = "http://10.0.0.1" }, []string{"BaseURL"}},
		{"other scheme", func(c *seczetta.Config) { c.BaseURL = "ftp://tenant.nonemployee.com" }, []string{"BaseURL"}},
		{"relative", func(c *seczetta.Config) { c.BaseURL = "tenant.nonemployee.com" }, []string{"BaseURL"}},
		{"user info", func(c *seczetta.Config) { c.BaseURL = "https://u:p@tenant.nonemployee.com" }, []string{"BaseURL"}},
		{"query", func(c *seczetta.Config) { c.BaseURL = "https://tenant.nonemployee.com/?x=1" }, []string{"BaseURL"}},
		{"unparsable", func(c *seczetta.Config) { c.BaseURL = "https://%zz" }, []string{"BaseURL"}},
		{"key with space", func(c *seczetta.Config) { c.APIKey = "abc " + testKey }, []string{"APIKey"}},
		{"key with newline", func(c *seczetta.Config) { c.APIKey = testKey + "\r\nX-Evil: 1" }, []string{"APIKey"}},
		{"attribute not a UUID", func(c *seczetta.Config) { c.AttributeID = "personal_email" }, []string{"AttributeID"}},
		{"attribute UUID v1", func(c *seczetta.Config) { c.AttributeID = "6ba7b810-9dad-11d1-80b4-00c04fd430c8" }, []string{"AttributeID"}},
		{"profile type upper case", func(c *seczetta.Config) { c.ProfileTypeID = strings.ToUpper(good.ProfileTypeID) }, nil},
		{"attribute mixed case", func(c *seczetta.Config) { c.AttributeID = "7CFFA07D-ad6d-4398-BA07-b3d1e5f9ee9f" }, nil},
		{"attribute UUID v1 upper case", func(c *seczetta.Config) { c.AttributeID = "6BA7B810-9DAD-11D1-80B4-00C04FD430C8" }, []string{"AttributeID"}},
		{"profile type not a UUID, upper case", func(c *seczetta.Config) { c.ProfileTypeID = "CONTRACTOR" }, []string{"ProfileTypeID"}},
		{"scheme", func(c *seczetta.Config) { c.AuthScheme = "basic" }, []string{"AuthScheme"}},
		{"lookup field unknown", func(c *seczetta.Config) { c.LookupFields = []seczetta.LookupField{"phone"} }, []string{"LookupFields"}},
		{"lookup field repeated", func(c *seczetta.Config) {
			c.LookupFields = []seczetta.LookupField{seczetta.LookupEmail, seczetta.LookupEmail}
		}, []string{"LookupFields"}},
		{"attribute type", func(c *seczetta.Config) { c.AttributeType = "DateAttribute" }, []string{"AttributeType"}},
		{"negative timeout", func(c *seczetta.Config) { c.Timeout = -time.Second }, []string{"Timeout"}},
		{"waits inverted", func(c *seczetta.Config) { c.MinRetryWait, c.MaxRetryWait = time.Second, time.Millisecond }, []string{"MaxRetryWait"}},
		{"label too long", func(c *seczetta.Config) { c.SearchLabel = strings.Repeat("l", 201) }, []string{"SearchLabel"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := good
			tt.mutate(&cfg)
			c, err := seczetta.New(cfg)
			if tt.fields == nil {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if err == nil || c != nil {
				t.Fatal("New accepted an invalid config")
			}
			if !errors.Is(err, seczetta.ErrInvalidConfig) || !errors.Is(err, riskscore.ErrInvalidConfig) {
				t.Errorf("error %v is not ErrInvalidConfig", err)
			}
			for _, field := range tt.fields {
				if !strings.Contains(err.Error(), "seczetta.Config."+field) {
					t.Errorf("error %q does not name %s", err, field)
				}
			}
			checkNoKey(t, err)
			if strings.Contains(err.Error(), "X-Evil") {
				t.Errorf("error shows the key's value: %v", err)
			}
		})
	}
}

// TestClaimErrorCodes: each SecZetta failure reaches the claims as its
// own code, through an Evaluator.
func TestClaimErrorCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(*seczetta.Config)
		setup  func(*seczettatest.Server)
		want   string
	}{
		{"401", func(c *seczetta.Config) { c.APIKey = "another_" + testKey }, func(s *seczettatest.Server) { s.AddUser(1, "u") }, "unauthorized"},
		{"403", nil, func(s *seczettatest.Server) {
			s.AddUser(1, "u")
			s.AddFault(seczettatest.Fault{Endpoint: seczettatest.ScoresEndpoint, Status: http.StatusForbidden})
		}, "unauthorized"},
		{"malformed", func(c *seczetta.Config) { c.MaxRetries = -1 }, func(s *seczettatest.Server) {
			s.AddUser(1, "u")
			s.AddFault(seczettatest.Fault{Endpoint: seczettatest.SearchEndpoint, Malformed: true})
		}, "malformed"},
		{"ambiguous", nil, func(s *seczettatest.Server) {
			s.AddUser(1, "u")
			s.AddUser(2, "u")
		}, "ambiguous"},
		{"not found", nil, func(*seczettatest.Server) {}, "not_found"},
		{"no score", nil, func(s *seczettatest.Server) { s.SetScores(s.AddProfile(seczetta.Profile{}, "u").ID) }, "no_score"},
		{"rate limited after the waits", func(c *seczetta.Config) { c.MaxRateLimitWaits = 1 }, func(s *seczettatest.Server) {
			s.AddUser(1, "u")
			s.AddFault(seczettatest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "0"})
		}, "rate_limited"},
		{"rate limited beyond the deadline", nil, func(s *seczettatest.Server) {
			s.AddUser(1, "u")
			s.AddFault(seczettatest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "86400"})
		}, "rate_limited"},
		{"5xx", func(c *seczetta.Config) { c.MaxRetries = -1 }, func(s *seczettatest.Server) {
			s.AddUser(1, "u")
			s.AddFault(seczettatest.Fault{Status: http.StatusBadGateway})
		}, "unavailable"},
		{"other status", nil, func(s *seczettatest.Server) {
			s.AddUser(1, "u")
			s.AddFault(seczettatest.Fault{Status: http.StatusNotFound})
		}, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, seczettatest.Options{}, tt.mutate)
			tt.setup(f.srv)
			ev, err := riskscore.NewEvaluator(riskscore.EvaluatorConfig{Provider: f.client, Policy: riskscore.DefaultPolicy(),
				Timeout: time.Minute, CacheTTL: -1})
			if err != nil {
				t.Fatal(err)
			}
			r := ev.Evaluate(context.Background(), riskscore.Subject{Username: "u"})
			if r.Outcome != riskscore.Deny || r.Reason != riskscore.ReasonProviderError {
				t.Fatalf("Evaluate = %v/%v (%v)", r.Outcome, r.Reason, r.Err)
			}
			if r.Claims.Risk.Error != tt.want || riskscore.ErrorCode(r.Err) != tt.want {
				t.Fatalf("claim error %q (err %v), want %q", r.Claims.Risk.Error, r.Err, tt.want)
			}
		})
	}
}
