package report

import (
	"bytes"
	"regexp"
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
		// An attack path's step through the hostile connection.
		"\n1. " + `\<script\>alert(1)\</script\> \| \](http\://evil\.example) \` + "`x\\` \\@team (`connections/con_evil`): " +
			`The identity provider decides email and email\_verified \[x\](http\://evil\.example) {0}.`,
		// ... and in its diagram, as entity codes.
		`connections#58; #60;script#62;alert(1)#60;/script#62; #124;<br/>#93;(http#58;//evil.example) #96;x#96; #64;team`,
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
	// The high attack path listed before the critical one.
	n := len(res.Findings)
	res.Findings[n-2], res.Findings[n-1] = res.Findings[n-1], res.Findings[n-2]
	md := writeMarkdown(t, res, Options{})
	inOrder(t, md,
		"# Auth0 posture report: `https://acme.eu.auth0.com`",
		"## Summary",
		"| Critical | 2 |",
		"| Info | 1 |",
		"| **Total** | **8** |",
		"| Applications | 3 | 0 | 0 | 1 | 1 | 0 |",
		"| Machine-to-machine access | 1 | 1 | 0 | 0 | 0 | 0 |",
		"| Connections | 1 | 0 | 0 | 0 | 0 | 0 |",
		"| Tenant settings | 1 | 0 | 0 | 0 | 1 | 0 |",
		"| Logging | 1 | 0 | 0 | 0 | 0 | 1 |",
		"| Actions, Rules and Hooks | 1 | 0 | 1 | 0 | 0 | 0 |",
		"| Organizations | 1 | 0 | 0 | 0 | 0 | 0 |",
		"| Attack paths | 2 | 1 | 1 | 0 | 0 | 0 |",
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
		"### Attack paths",
		"#### Critical: `AL-PATH-001` User-writable metadata reaches a privileged scope",
		"- **Attack path:** 4 steps, drawn under Attack paths",
		"#### High: `AL-PATH-002`",
		"- **Attack path:** 3 steps, drawn under Attack paths",
		"## Attack paths",
		"2 paths lead from a foothold",
		"### Critical: `AL-PATH-001` User-writable metadata reaches a privileged scope\n\n",
		"Anyone who signs up can set user\\_metadata\\.is\\_admin",
		"\n1. Username-Password-Authentication (`connections/con_db`): Anyone can sign up\\: self-signup is on. (`options.disable_signup`)\n",
		"2. user\\_metadata\\.is\\_admin: Every user writes their own user\\_metadata.\n",
		"3. Add roles (`actions/act_1`): ", "(`code`, line 4, column 5)\n",
		"4. Acme API (`resource_servers/https://api.acme.test/`): Accepts admin\\:write",
		"**Break:** Decide on app\\_metadata, which users cannot write, not on user\\_metadata.\n\n",
		"```mermaid\nflowchart LR\n  step_1[\"Step 1#58; foothold<br/>connections#58;",
		"  step_3 --> step_4\n",
		"  class step_4 privilege\n  class step_3 break\n```\n\n",
		"### High: `AL-PATH-002` Federated email decides a privilege",
		"2. Grant admin by domain (`rules/rul_1`)",
		"(`script`, line 7, column 3)",
		"**Break:** Set should\\_trust",
		"```mermaid\n", "  step_2 --> step_3\n", "```\n\n",
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
	for _, absent := range []string{"## Checks that could not run", "## Attack paths", "## Suppressed", "## Unused"} {
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

// mermaidLine is a line the diagram of a path may hold.
var mermaidLine = regexp.MustCompile(`^(flowchart LR|  step_[0-9]+\["[^"]*"\]|  step_[0-9]+ --> step_[0-9]+|  classDef [a-z]+ [a-z:#0-9,\- ]+|  class step_[0-9]+(,step_[0-9]+)* [a-z]+)$`)

// TestMarkdownAttackPaths: one section for the paths that count (a
// suppressed path is listed with the suppressed findings only), a
// Mermaid block per path whose every line is one the writer means, and
// whose labels hold nothing raw but letters, digits, spaces, a few
// punctuation marks, entity codes and line breaks.
func TestMarkdownAttackPaths(t *testing.T) {
	t.Parallel()
	res := fullResult()
	sup := res.Findings[7]
	sup.Check, sup.Fingerprint = "AL-PATH-003", "0d1e2f3a4b5c6d7e"
	sup.Suppressed = true
	sup.Suppression = &posture.SuppressionMatch{Reason: "accepted"}
	res.Findings = append(res.Findings, sup)
	md := writeMarkdown(t, res, Options{})
	section := md[strings.Index(md, "## Attack paths"):strings.Index(md, "## Suppressed findings")]
	if strings.Contains(section, "AL-PATH-003") || !strings.Contains(md, "| High | `AL-PATH-003` |") {
		t.Errorf("the suppressed path is in the section, or not in the suppressed table:\n%s", md)
	}
	blocks := strings.Split(section, "```mermaid\n")[1:]
	if len(blocks) != 2 {
		t.Fatalf("%d Mermaid blocks, want 2:\n%s", len(blocks), section)
	}
	safe := regexp.MustCompile(`^[\p{L}\p{N} .,_\-/()?!'+=]*$`)
	for i, blk := range blocks {
		end := strings.Index(blk, "```\n")
		if end < 0 {
			t.Fatalf("block %d is not closed", i)
		}
		for _, line := range strings.Split(strings.TrimSuffix(blk[:end], "\n"), "\n") {
			if !mermaidLine.MatchString(line) {
				t.Errorf("block %d: line %q", i, line)
				continue
			}
			if j := strings.IndexByte(line, '"'); j >= 0 {
				label := line[j+1 : strings.LastIndexByte(line, '"')]
				label = regexp.MustCompile(`#(quot|[0-9]+);|<br/>`).ReplaceAllString(label, "")
				if !safe.MatchString(label) {
					t.Errorf("block %d: raw characters in label %q", i, label)
				}
			}
		}
	}
	// Steps in order, the foothold, the privilege and the break marked.
	if !strings.Contains(blocks[0], "class step_1 foothold\n  class step_4 privilege\n  class step_3 break\n") ||
		!strings.Contains(blocks[1], "class step_1 foothold\n  class step_3 privilege\n  class step_1 break\n") {
		t.Errorf("marks missing:\n%s", section)
	}
}
