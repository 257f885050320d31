package biometric

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// jsReader reads payloads as Auth0's jsonwebtoken does: JSON.parse, here
// in the goja engine, in process (exact member names, the last duplicate
// wins, nested members are not top-level claims). goja lexes JSON with
// encoding/json, so strings and numbers are not an independent reference
// there: escapes, surrogates and UTF-8 are checked against ECMAScript's
// rules in hostilePayloads, and against V8 itself by TestStrictDecodeNode
// where node is installed. One engine is not safe for concurrent use: a
// mutex guards it.
type jsReader struct {
	mu    sync.Mutex
	vm    *goja.Runtime
	parse goja.Callable
}

func newJSReader(t testing.TB) *jsReader {
	t.Helper()
	vm := goja.New()
	v, err := vm.RunString(`(function (text) {
		var o = JSON.parse(text);
		if (o === null || typeof o !== "object" || Array.isArray(o)) return null;
		var out = {};
		var names = ["sub","iss","exp","nbf","iat","jti","state","integration_id","continue_uri","ip","outcome"];
		for (var i = 0; i < names.length; i++) {
			var n = names[i];
			if (!Object.prototype.hasOwnProperty.call(o, n)) continue;
			var val = o[n];
			out[n] = {type: val === null ? "null" : typeof val, value: typeof val === "object" ? null : val};
		}
		return JSON.stringify(out);
	})`)
	if err != nil {
		t.Fatal(err)
	}
	fn, ok := goja.AssertFunction(v)
	if !ok {
		t.Fatal("not a function")
	}
	return &jsReader{vm: vm, parse: fn}
}

type jsClaim struct {
	Type  string `json:"type"`
	Value any    `json:"value"`
}

// read returns jsonwebtoken's view of our claims, or ok false when
// JSON.parse throws or the payload is not an object.
func (j *jsReader) read(payload []byte) (map[string]jsClaim, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	v, err := j.parse(goja.Undefined(), j.vm.ToValue(string(payload)))
	if err != nil || goja.IsNull(v) {
		return nil, false
	}
	var out map[string]jsClaim
	if err := json.Unmarshal([]byte(v.String()), &out); err != nil {
		panic(err)
	}
	return out, true
}

// agree fails t unless c (what the strict decoder read from payload) is
// what JSON.parse reads there.
func (j *jsReader) agree(t *testing.T, payload []byte, c *tokenClaims) {
	t.Helper()
	js, ok := j.read(payload)
	if !ok {
		if json.Valid(payload) {
			// goja's JSON.parse lexes with encoding/json, which refuses
			// numbers beyond float64 (1e700) that V8 reads as Infinity:
			// no reference here (the claims' own dates are range-checked).
			return
		}
		t.Fatalf("strict decoder accepted %q, JSON.parse refuses it", payload)
	}
	compareReading(t, payload, c, js)
}

// compareReading fails t unless c is the reading js of JSON.parse.
func compareReading(t *testing.T, payload []byte, c *tokenClaims, js map[string]jsClaim) {
	t.Helper()
	for f, name := range claimNames {
		got, present := js[name]
		switch f {
		case fieldExp, fieldNbf, fieldIat:
			d := map[int]*numericDate{fieldExp: c.ExpiresAt, fieldNbf: c.NotBefore, fieldIat: c.IssuedAt}[f]
			if d == nil {
				if present {
					t.Fatalf("%q: %s absent here, %v in JavaScript", payload, name, got)
				}
				continue
			}
			n, isNum := got.Value.(float64)
			sec := float64(d.UnixNano()) / 1e9
			if !present || got.Type != "number" || !isNum || math.Abs(n-sec) > 1e-6*math.Max(1, math.Abs(n)) {
				t.Fatalf("%q: %s = %v here, %+v in JavaScript", payload, name, sec, got)
			}
		case fieldOutcome:
			switch c.Outcome.kind {
			case outcomeAbsent:
				if present {
					t.Fatalf("%q: outcome absent here, %+v in JavaScript", payload, got)
				}
			case outcomeEmpty:
				if !present || !(got.Type == "null" || got.Value == "") {
					t.Fatalf("%q: outcome empty here, %+v in JavaScript", payload, got)
				}
			default:
				s, _ := got.Value.(string)
				if !present || got.Type != "string" || parseOutcome(s) != c.Outcome {
					t.Fatalf("%q: outcome %v here, %+v in JavaScript", payload, c.Outcome, got)
				}
			}
		default:
			ours := *c.stringField(f)
			if !present {
				if ours != "" {
					t.Fatalf("%q: %s = %q here, absent in JavaScript", payload, name, ours)
				}
				continue
			}
			if got.Type != "string" || got.Value != ours {
				t.Fatalf("%q: %s = %q here, %+v in JavaScript", payload, name, ours, got)
			}
		}
	}
}

// hostilePayloads: signed payloads that Go's case-insensitive,
// last-wins encoding/json and Node's JSON.parse read differently, or that
// only look so. refuse: the reason's expected fragment; else the reading.
var hostilePayloads = []struct {
	name, payload string
	refuse        string // a fragment of the refusal's reason
	sub           string // the subject read, when accepted
}{
	{name: "plain", payload: `{"sub":"alice","exp":1}`, sub: "alice"},
	{name: "duplicate sub", payload: `{"sub":"alice","sub":"mallory"}`, refuse: "claim sub given twice"},
	{name: "SUB beside sub", payload: `{"sub":"alice","SUB":"mallory"}`, refuse: "claim sub only in another case"},
	{name: "SUB before sub", payload: `{"SUB":"mallory","sub":"alice"}`, refuse: "claim sub only in another case"},
	{name: "SUB alone", payload: `{"SUB":"mallory"}`, refuse: "claim sub only in another case"},
	{name: "Sub", payload: `{"sub":"alice","Sub":"mallory"}`, refuse: "claim sub only in another case"},
	{name: "long s", payload: `{"sub":"alice","ſub":"mallory"}`, refuse: "claim sub only in another case"},
	{name: "escaped long s", payload: `{"sub":"alice","\u017fub":"mallory"}`, refuse: "claim sub only in another case"},
	{name: "Kelvin sign in a name", payload: "{\"outcome\":\"failure\",\"OUTCOME\":\"success\"}", refuse: "claim outcome only in another case"},
	{name: "escape spelling sub", payload: `{"\u0073ub":"alice"}`, sub: "alice"},
	{name: "escape duplicate", payload: `{"sub":"alice","\u0073ub":"mallory"}`, refuse: "claim sub given twice"},
	{name: "escaped value", payload: `{"sub":"\u0061lice"}`, sub: "alice"},
	{name: "duplicate exp", payload: `{"sub":"alice","exp":1,"exp":9999999999}`, refuse: "claim exp given twice"},
	{name: "EXP", payload: `{"sub":"alice","exp":1,"EXP":9999999999}`, refuse: "claim exp only in another case"},
	{name: "duplicate state", payload: `{"state":"a","state":"b"}`, refuse: "claim state given twice"},
	{name: "State", payload: `{"State":"b"}`, refuse: "claim state only in another case"},
	{name: "Integration_ID", payload: `{"Integration_ID":"x"}`, refuse: "claim integration_id only in another case"},
	{name: "nested sub is not the subject", payload: `{"sub":"alice","x":{"sub":"mallory","SUB":1}}`, sub: "alice"},
	{name: "nested array", payload: `{"sub":"alice","aud":["a",{"sub":"b"}]}`, sub: "alice"},
	{name: "sub as object", payload: `{"sub":{"id":"alice"}}`, refuse: "claim sub is not a string"},
	{name: "sub as array", payload: `{"sub":["alice"]}`, refuse: "claim sub is not a string"},
	{name: "sub null", payload: `{"sub":null}`, refuse: "claim sub is not a string"},
	{name: "sub number", payload: `{"sub":1}`, refuse: "claim sub is not a string"},
	{name: "exp string", payload: `{"exp":"1"}`, refuse: "claim exp is not a number"},
	{name: "exp null", payload: `{"exp":null}`, refuse: "claim exp is not a number"},
	{name: "exp huge", payload: `{"exp":1e400}`, refuse: "claim exp is not a number in range"},
	{name: "lone high surrogate", payload: `{"sub":"\ud800"}`, refuse: "lone surrogate"},
	{name: "lone low surrogate", payload: `{"sub":"a\udc00"}`, refuse: "lone surrogate"},
	{name: "lone surrogate in another key", payload: `{"sub":"alice","\ud800":1}`, refuse: "lone surrogate"},
	{name: "reversed pair", payload: `{"sub":"\udc00\ud800"}`, refuse: "lone surrogate"},
	{name: "surrogate pair", payload: `{"sub":"\ud83d\ude00"}`, sub: "\U0001F600"},
	{name: "escaped backslash then u", payload: `{"sub":"\\ud800"}`, sub: `\ud800`},
	{name: "invalid UTF-8", payload: "{\"sub\":\"\xff\"}", refuse: "not valid UTF-8"},
	{name: "invalid UTF-8 elsewhere", payload: "{\"sub\":\"a\",\"x\":\"\xc3\"}", refuse: "not valid UTF-8"},
	{name: "array payload", payload: `[{"sub":"a"}]`, refuse: "not a JSON object"},
	{name: "string payload", payload: `"sub"`, refuse: "not a JSON object"},
	{name: "trailing data", payload: `{"sub":"a"}{"sub":"b"}`, refuse: "data after"},
	{name: "unknown keys of every type", payload: `{"a":1,"b":-1.5e3,"c":true,"d":false,"e":null,"f":"x","g":{},"h":[],"sub":"alice"}`, sub: "alice"},
	{name: "unknown duplicates", payload: `{"email":"a","email":"b","sub":"alice"}`, sub: "alice"},
	{name: "white space", payload: " \t\r\n{ \"sub\" : \"alice\" ,\n\"exp\" : 1 } \n", sub: "alice"},
	{name: "proto key", payload: `{"__proto__":{"sub":"mallory"},"sub":"alice"}`, sub: "alice"},
	{name: "outcome null", payload: `{"outcome":null}`},
	{name: "outcome repeated", payload: `{"outcome":"failure","outcome":"success"}`, refuse: "claim outcome given twice"},
	{name: "outcome number", payload: `{"outcome":1}`, refuse: "claim outcome is not a string"},
}

func TestStrictDecodeHostilePayloads(t *testing.T) {
	t.Parallel()
	js := newJSReader(t)
	for _, tc := range hostilePayloads {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var c tokenClaims
			err := json.Unmarshal([]byte(tc.payload), &c) // as jwt/v5 calls it
			direct := new(tokenClaims).UnmarshalJSON([]byte(tc.payload))
			if tc.refuse != "" {
				var ce *claimsError
				if err == nil || !errors.As(direct, &ce) || !strings.Contains(ce.reason, tc.refuse) {
					t.Fatalf("err = %v, direct %v, want a refusal with %q", err, direct, tc.refuse)
				}
				return
			}
			if err != nil || direct != nil {
				t.Fatalf("refused: %v, %v", err, direct)
			}
			if c.Subject != tc.sub {
				t.Errorf("sub = %q, want %q", c.Subject, tc.sub)
			}
			js.agree(t, []byte(tc.payload), &c)
		})
	}
}

// Through the whole verification: a signed hostile payload is a
// malformed-token refusal naming the claim, never the value.
func TestStrictDecodeThroughVerify(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct{ name, extra, reason string }{
		{"duplicate sub", `,"sub":"auth0|mallory"`, "claim sub given twice"},
		{"SUB", `,"SUB":"auth0|mallory"`, "claim sub only in another case"},
		{"long s", `,"ſub":"auth0|mallory"`, "claim sub only in another case"},
		{"escaped duplicate", `,"\u0073ub":"auth0|mallory"`, "claim sub given twice"},
		{"duplicate exp", `,"exp":99999999999`, "claim exp given twice"},
		{"duplicate state", `,"STATE":"other"`, "claim state only in another case"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, clk := newDefaultLeewayVerifier(t)
			tok := verifiedResult("verified.authid.ai", clk.Now().Add(time.Minute), tc.extra)
			_, err := v.VerifyResult(ctx, tok, Expect{UserID: testUser, State: testState})
			checkRefusal(t, err, ErrMalformedJSON, tok)
			if !strings.Contains(err.Error(), tc.reason) || strings.Contains(err.Error(), "mallory") {
				t.Errorf("error %q: want the reason %q and no value", err, tc.reason)
			}
		})
	}
}

// What jsonwebtoken signs (JSON.stringify of a payload object, as
// api.redirect.encodeToken does) is accepted, and read alike.
func TestStrictDecodeAcceptsJSONStringify(t *testing.T) {
	t.Parallel()
	js := newJSReader(t)
	vm := goja.New()
	for _, obj := range []string{
		`{sub: "auth0|alice", iss: "tenant.example.auth0.com", exp: 1748779500, iat: 1748779200, ip: "203.0.113.7", continue_uri: "https://tenant.example.auth0.com/continue"}`,
		`{sub: "auth0|ünïcødé ✓ \u2028 \"quoted\" \\ back\tslash\n", exp: 1.5, state: "\u0000\u001f"}`,
		`{sub: "\ud83d\ude00", nested: {sub: "x", list: [1, "two", null, {a: []}]}, n: -0, big: 1e21, small: 5e-324}`,
		`{sub: "lone \ud800 surrogate"}`, // well-formed JSON.stringify escapes it: refused, not misread
	} {
		v, err := vm.RunString(`JSON.stringify(` + obj + `)`)
		if err != nil {
			t.Fatal(err)
		}
		payload := []byte(v.String())
		var c tokenClaims
		err = json.Unmarshal(payload, &c)
		if strings.Contains(obj, "lone") {
			if err == nil {
				t.Errorf("%s: lone surrogate accepted", obj)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", payload, err)
		}
		js.agree(t, payload, &c)
	}
}

// FuzzDecodeClaims: whatever the strict decoder accepts, JSON.parse
// accepts and reads alike (claim by claim); whatever it refuses is a
// *claimsError or a syntax error of encoding/json. The seed corpus is
// testdata/fuzz/FuzzDecodeClaims plus hostilePayloads.
func FuzzDecodeClaims(f *testing.F) {
	for _, tc := range hostilePayloads {
		f.Add([]byte(tc.payload))
	}
	js := newJSReader(f)
	f.Fuzz(func(t *testing.T, payload []byte) {
		var c tokenClaims
		err := json.Unmarshal(payload, &c)
		if err != nil {
			var ce *claimsError
			var se *json.SyntaxError
			if !errors.As(err, &ce) && !errors.As(err, &se) {
				t.Fatalf("refusal of another kind: %T %v", err, err)
			}
			if ce != nil && strings.Contains(ce.Error(), string(payload)) && len(payload) > 8 {
				t.Fatalf("refusal echoes the payload: %v", ce)
			}
			return
		}
		js.agree(t, payload, &c)
		// Called directly (without json.Unmarshal's own check), the
		// decoder reads the same.
		var d tokenClaims
		if err := d.UnmarshalJSON(payload); err != nil || !sameClaims(&c, &d) {
			t.Fatalf("direct call: %+v %v", d, err)
		}
	})
}

func sameClaims(a, b *tokenClaims) bool {
	date := func(x, y *numericDate) bool {
		return (x == nil) == (y == nil) && (x == nil || x.Equal(y.Time))
	}
	return a.Subject == b.Subject && a.Issuer == b.Issuer && a.ID == b.ID && a.State == b.State &&
		a.IntegrationID == b.IntegrationID && a.ContinueURI == b.ContinueURI && a.IP == b.IP &&
		a.Outcome == b.Outcome && date(a.ExpiresAt, b.ExpiresAt) && date(a.NotBefore, b.NotBefore) &&
		date(a.IssuedAt, b.IssuedAt)
}

// The decoder refuses, whatever the input, without panicking, also on
// text that json.Unmarshal would refuse first.
func TestStrictDecodeDirectOnInvalidJSON(t *testing.T) {
	t.Parallel()
	for _, p := range []string{``, `{`, `{"sub"`, `{"sub":}`, `{"sub":"a",}`, `{"sub" "a"}`, `{"a":tru}`, `{"a":[}`,
		`{"a":{"b":]}}`, `{"exp":01}`, `{"exp":1.}`, `{"exp":-}`, `{"exp":+1}`, `{"a":"\x01"}`, `{"sub":"a\"}`, `{"a":1 2}`} {
		var c tokenClaims
		if err := c.UnmarshalJSON([]byte(p)); err == nil {
			t.Errorf("%q accepted", p)
		}
	}
}

func BenchmarkDecodeClaims(b *testing.B) {
	payload := []byte(`{"sub":"auth0|alice","iss":"tenant.example.auth0.com","iat":1748779200,"exp":1748779500,"jti":"JTI0123456789ABCDEFGHIJKLMN","state":"state-0123456789abcdef","integration_id":"int-123","continue_uri":"https://tenant.example.auth0.com/continue","ip":"203.0.113.7"}`)
	b.ReportAllocs()
	for b.Loop() {
		var c tokenClaims
		if err := c.UnmarshalJSON(payload); err != nil {
			b.Fatal(err)
		}
	}
}
