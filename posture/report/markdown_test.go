package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/authlens/authlens/posture"
)

func writeMarkdown(t *testing.T, res *posture.Result, opts Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteMarkdown(&b, res, opts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestMarkdownHostileValues: no value from the tenant reaches the report
// as HTML, a link, a mention or a code span of its own.
func TestMarkdownHostileValues(t *testing.T) {
	t.Parallel()
	md := writeMarkdown(t, fullResult(), Options{})
	for _, bad := range []string{
		"<script>alert",       // HTML
		"](http://evil",       // a link
		" @team",              // a mention
		"http://evil.example", // an autolink
		"| ](",                // a table cell
	} {
		if strings.Contains(md, bad) {
			t.Errorf("report contains %q", bad)
		}
	}
	for _, want := range []string{
		// The name, escaped, as the resource of the finding.
		`\<script\>alert(1)\</script\> \| \](http\://evil\.example) \` + "`x\\` \\@team (`clients/cl_evil`)",
		// Evidence in a code span whose fence outlasts its backticks.
		"``\"https://*.example.com/cb?next=<script>|`\"``",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// TestMarkdownTables: every row of every table has as many cells as its
// header, whatever the values hold.
func TestMarkdownTables(t *testing.T) {
	t.Parallel()
	md := writeMarkdown(t, fullResult(), Options{})
	header := -1
	tables := 0
	for i, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			header = -1
			continue
		}
		n := cells(line)
		if header < 0 {
			header = n
			tables++
			continue
		}
		if n != header {
			t.Errorf("line %d has %d cells, its header %d: %s", i+1, n, header, line)
		}
	}
	if tables != 5 { // severities, areas, not evaluated, suppressed, unused suppressions
		t.Errorf("%d tables, want 5", tables)
	}
}

// cells counts the cells of a table row: the pipes that are not escaped,
// less one.
func cells(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

// TestMarkdownStructure: sections in order, areas in posture.Areas order,
// findings in an area highest severity first, suppressed findings apart.
func TestMarkdownStructure(t *testing.T) {
	t.Parallel()
	res := fullResult()
	// A low finding listed before a critical one of the same area.
	res.Findings = append(res.Findings, posture.Finding{
		Check: "AL-APP-003", Severity: posture.SeverityLow, Area: posture.AreaApplications,
		Title: "Application without a description", Message: "No description.",
		Resource: posture.Resource{Kind: "clients", ID: "cl_2"}, Fingerprint: "7a8b9c0d1e2f3a4b",
	})
	res.Findings = append([]posture.Finding{res.Findings[len(res.Findings)-1]}, res.Findings[:len(res.Findings)-1]...)
	md := writeMarkdown(t, res, Options{})
	inOrder(t, md,
		"# Auth0 posture report: `https://acme.eu.auth0.com`",
		"## Summary",
		"| Critical | 1 |",
		"| Info | 1 |",
		"| **Total** | **6** |",
		"| Applications | 3 | 0 | 0 | 1 | 1 | 0 |",
		"| Machine-to-machine access | 1 | 1 | 0 | 0 | 0 | 0 |",
		"| Connections | 1 | 0 | 0 | 0 | 0 | 0 |",
		"| Tenant settings | 1 | 0 | 0 | 0 | 1 | 0 |",
		"| Logging | 1 | 0 | 0 | 0 | 0 | 1 |",
		"| Actions, Rules and Hooks | 1 | 0 | 1 | 0 | 0 | 0 |",
		"| Organizations | 1 | 0 | 0 | 0 | 0 | 0 |",
		"## Checks that could not run",
		"1 check could not run and 1 check judged only part of the tenant",
		"`read:connections`, `read:organization_members`",
		"| `AL-ORG-001` | Organization members without MFA | partial: 1 resource not judged |",
		"## Findings",
		"### Applications",
		"#### Medium: `AL-APP-001`",
		"- **Path:** `callbacks[0]`",
		"- **Suppression expired** (2025-01-31): Reviewed in SEC-1",
		"#### Low: `AL-APP-003`",
		"### Machine-to-machine access",
		"#### Critical: `AL-M2M-001`",
		"### Tenant settings",
		"### Logging",
		"### Actions, Rules and Hooks",
		"#### High: `AL-CODE-001` User metadata flows into an access token claim",
		"- **Resource:** Add roles (`actions/act_1`)",
		"- **Path:** `code`, line 12, column 5",
		"## Suppressed findings",
		"| High | `AL-APP-002` | Partner portal (`clients/cl_partner`) | `grant_types[1]` |",
		"Partner SPA, accepted in SEC-123 | 2027-03-31 |",
		"## Unused suppressions",
		"| `AL-APP-003` | kind `clients`, name Old app |  | legacy | 2026-01-01 |",
	)
	if strings.Contains(md, "#### High: `AL-APP-002`") {
		t.Error("the suppressed finding is listed with the findings that count")
	}
}

func inOrder(t *testing.T, s string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(s[at:], p)
		if i < 0 {
			if strings.Contains(s, p) {
				t.Fatalf("%q is out of order in:\n%s", p, s)
			}
			t.Fatalf("%q is missing from:\n%s", p, s)
		}
		at += i + len(p)
	}
}

func TestMarkdownEvidenceWidth(t *testing.T) {
	t.Parallel()
	long := `["create:clients","update:users","update:connections","create:actions","update:tenant_settings","create:client_grants"]`
	tests := []struct {
		width int
		want  string
	}{
		{0, "`" + long[:79] + "…`"},
		{20, "`" + long[:19] + "…`"},
		{-1, "`" + long + "`"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			md := writeMarkdown(t, fullResult(), Options{EvidenceWidth: tt.width})
			if !strings.Contains(md, "  - `takeover`: "+tt.want+"\n") {
				t.Errorf("evidence with width %d is not %s in:\n%s", tt.width, tt.want, md)
			}
		})
	}
}

func TestMarkdownEmpty(t *testing.T) {
	t.Parallel()
	md := writeMarkdown(t, &posture.Result{}, Options{})
	inOrder(t, md, "# Auth0 posture report\n", "0 checks selected", "## Summary", "| **Total** | **0** |", "## Findings", "No findings count.")
	for _, absent := range []string{"## Checks that could not run", "## Suppressed", "## Unused"} {
		if strings.Contains(md, absent) {
			t.Errorf("empty report has %q", absent)
		}
	}
}

func TestMDText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Legacy Customer Portal", "Legacy Customer Portal"},
		{"Rotate the secret. Then, rotate again.", "Rotate the secret. Then, rotate again."},
		{"<img src=x onerror=alert(1)>", `\<img src=x onerror=alert(1)\>`},
		{"[click](http://evil)", `\[click\](http\://evil)`},
		{"![x](http://evil/x.png)", `\!\[x\](http\://evil/x\.png)`},
		{"www.evil.com", `www\.evil\.com`},
		{"a@b.co", `a\@b\.co`},
		{"a | b", `a \| b`},
		{"*bold* _it_ ~del~", `\*bold\* \_it\_ \~del\~`},
		{"`code`", "\\`code\\`"},
		{"&lt; $x$ #1", `\&lt; \$x\$ \#1`},
		{`back\slash`, `back\\slash`},
		{"line\nbreak\r\n# heading", `line break  \# heading`},
		{"rtl\u202eevil", "rtl evil"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := mdText(tt.in); got != tt.want {
				t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMDCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		table bool
		want  string
	}{
		{"callbacks[0]", false, "`callbacks[0]`"},
		{"a`b", false, "``a`b``"},
		{"`x`", false, "`` `x` ``"},
		{"a``b`", false, "``` a``b` ```"},
		{" padded ", false, "`  padded  `"},
		{"a|b", false, "`a|b`"},
		{"a|b", true, "`a\\|b`"},
		{"two\nlines", false, "`two lines`"},
		{"", false, "` `"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := mdCode(tt.in, tt.table); got != tt.want {
				t.Errorf("mdCode(%q, %v) = %q, want %q", tt.in, tt.table, got, tt.want)
			}
		})
	}
}

func TestMDLink(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://auth0.com/docs/secure", "<https://auth0.com/docs/secure>"},
		{"javascript:alert(1)", "`javascript:alert(1)`"},
		{"https://evil.example/a>b", "`https://evil.example/a>b`"},
		{"https://evil.example/a b", "`https://evil.example/a b`"},
		{"not a url", "`not a url`"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if got := mdLink(tt.in); got != tt.want {
				t.Errorf("mdLink(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
