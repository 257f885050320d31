package biometric

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/authlens/authlens/internal/testtool"
)

// nodeReader is the script TestStrictDecodeNode runs: for each payload
// (base64), what jsonwebtoken reads of our claims: the payload bytes as
// UTF-8 (Buffer's toString, as jws does), then JSON.parse.
const nodeReader = `
const names = ["sub","iss","exp","nbf","iat","jti","state","integration_id","continue_uri","ip","outcome"];
let input = "";
process.stdin.on("data", d => input += d);
process.stdin.on("end", () => {
	const out = JSON.parse(input).map(b64 => {
		let o;
		try { o = JSON.parse(Buffer.from(b64, "base64").toString("utf8")); } catch (e) { return null; }
		if (o === null || typeof o !== "object" || Array.isArray(o)) return null;
		const r = {};
		for (const n of names) {
			if (!Object.prototype.hasOwnProperty.call(o, n)) continue;
			const v = o[n];
			// A lone surrogate would not survive JSON.stringify unchanged: mark it.
			const lone = typeof v === "string" && !v.isWellFormed();
			r[n] = {type: v === null ? "null" : typeof v, value: typeof v === "object" ? null : (lone ? "<lone surrogate>" : v)};
		}
		return r;
	});
	process.stdout.write(JSON.stringify(out));
});`

// TestStrictDecodeNode is the differential test against V8's JSON.parse,
// the reading of Auth0's jsonwebtoken, over the hostile payloads and the
// fuzz corpus: every payload the strict decoder accepts reads the same in
// node. Without node on the PATH it skips, or fails when CI requires it
// (testtool.RequireEnv); it needs no network.
func TestStrictDecodeNode(t *testing.T) {
	t.Parallel()
	node := testtool.Need(t, "node", "nodejs", "the strict decoder's agreement with V8's JSON.parse")
	var payloads [][]byte
	for _, tc := range hostilePayloads {
		payloads = append(payloads, []byte(tc.payload))
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzDecodeClaims", "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) != 2 {
			continue
		}
		p, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		payloads = append(payloads, []byte(p))
	}
	enc := make([]string, len(payloads))
	for i, p := range payloads {
		enc[i] = base64.StdEncoding.EncodeToString(p)
	}
	in, _ := json.Marshal(enc)
	cmd := exec.CommandContext(t.Context(), node, "-e", nodeReader)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var readings []map[string]jsClaim
	if err := json.Unmarshal(out, &readings); err != nil || len(readings) != len(payloads) {
		t.Fatalf("node answered %d readings (%v)", len(readings), err)
	}
	accepted := 0
	for i, p := range payloads {
		var c tokenClaims
		if c.UnmarshalJSON(p) != nil {
			continue
		}
		accepted++
		js := readings[i]
		if js == nil {
			t.Errorf("%q: accepted here, JSON.parse in node refuses it", p)
			continue
		}
		t.Run(strconv.Itoa(i), func(t *testing.T) { compareReading(t, p, &c, js) })
	}
	t.Logf("%d payloads, %d accepted and compared with node", len(payloads), accepted)
}
