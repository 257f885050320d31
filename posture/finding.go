package posture

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/authlens/authlens/inventory"
)

// Resource names the snapshot record a finding is about. An empty ID
// means the kind as a whole (for example "no log stream is active").
type Resource struct {
	// Kind is the snapshot kind ("clients", "connections", ...).
	Kind inventory.Kind `json:"kind"`
	// ID is the record's id in the snapshot.
	ID string `json:"id"`
	// Name is the record's name for people (an application's name, a
	// connection's name), when it has one.
	Name string `json:"name,omitempty"`
}

// String returns "kind/id (name)".
func (r Resource) String() string {
	s := string(r.Kind)
	if r.ID != "" {
		s += "/" + r.ID
	}
	if r.Name != "" && r.Name != r.ID {
		s += " (" + r.Name + ")"
	}
	return s
}

// Location is a position in a script (an Action's code, a Rule's script,
// a custom database script): 1-based line and column.
type Location struct {
	Line      int `json:"line"`
	Column    int `json:"column"`
	EndLine   int `json:"end_line,omitempty"`
	EndColumn int `json:"end_column,omitempty"`
}

// Finding is one problem one check found in one resource.
type Finding struct {
	// Check is the check's stable id, AL-<AREA>-<NNN>.
	Check string `json:"check"`
	// Severity grades this finding; a check that grades its findings
	// (by the scopes a grant holds, say) never exceeds the severity of
	// its catalogue entry.
	Severity Severity `json:"severity"`
	Area     Area     `json:"area"`
	// Title is the check's title; Message says what is wrong with this
	// resource.
	Title    string   `json:"title"`
	Message  string   `json:"message"`
	Resource Resource `json:"resource"`
	// Path is the JSON path of the offending field inside the record
	// ("callbacks[1]", "options.passwordPolicy", "code"); empty when the
	// finding is about the whole record or kind.
	Path string `json:"path,omitempty"`
	// Location is the position in the script at Path, for findings in
	// code.
	Location *Location `json:"location,omitempty"`
	// Steps are the steps of an attack path, foothold first (findings of
	// the path checks only).
	Steps []Step `json:"steps,omitempty"`
	// Evidence holds the offending values as the snapshot has them
	// (redacted where it is); secrets found in code are masked.
	Evidence map[string]any `json:"evidence,omitempty"`
	// Remediation says how to fix it; Links point at Auth0's
	// documentation.
	Remediation string   `json:"remediation"`
	Links       []string `json:"links,omitempty"`
	// Fingerprint identifies the finding across scans (check, resource,
	// path and evidence; not the position in a script, which edits
	// elsewhere move).
	Fingerprint string `json:"fingerprint"`
	// Suppressed is true when an unexpired suppression accepts the
	// finding; Suppression is set when one matched, also an expired one.
	Suppressed  bool              `json:"suppressed"`
	Suppression *SuppressionMatch `json:"suppression,omitempty"`
}

// Step is one step of an attack path: a record of the snapshot (Kind and
// ID; ID empty for what the graph derives, such as a scope), what it
// contributes, and for a step in code its field and position.
type Step struct {
	Kind   inventory.Kind `json:"kind"`
	ID     string         `json:"id"`
	Name   string         `json:"name,omitempty"`
	Detail string         `json:"detail"`
	// Path is the field in the record ("code", "options.customScripts.login").
	Path     string    `json:"path,omitempty"`
	Location *Location `json:"location,omitempty"`
	// Breaks marks the step that the finding's remediation changes: the
	// one change that breaks the path.
	Breaks bool `json:"breaks,omitempty"`
}

// SuppressionMatch is the suppression a finding matched.
type SuppressionMatch struct {
	Reason string `json:"reason"`
	// Expires is the expiry date as written ("" for none).
	Expires string `json:"expires,omitempty"`
	// Expired is true when the suppression has expired: the finding
	// counts again.
	Expired bool `json:"expired"`
}

// fingerprint identifies f across scans: its check, resource and field,
// and what it found there (the evidence), but not where in a script it
// sits, so that editing the lines above a finding in code does not make
// it a new one. Run numbers findings that would share one (see
// distinctFingerprints).
func fingerprint(f *Finding) string {
	h := sha256.New()
	parts := []string{f.Check, string(f.Resource.Kind), f.Resource.ID, f.Path}
	if len(f.Evidence) > 0 {
		if b, err := json.Marshal(f.Evidence); err == nil {
			parts = append(parts, string(b))
		}
	}
	h.Write([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// distinctFingerprints gives findings that share a fingerprint (the same
// secret twice in one script) a suffix by their order: "…-2", "…-3".
func distinctFingerprints(fs []Finding) {
	seen := map[string]int{}
	for i := range fs {
		n := seen[fs[i].Fingerprint]
		seen[fs[i].Fingerprint] = n + 1
		if n > 0 {
			fs[i].Fingerprint += "-" + strconv.Itoa(n+1)
		}
	}
}

// NotEvaluated is a check that could not judge everything it looks at.
type NotEvaluated struct {
	Check string `json:"check"`
	// Reason says what was missing ("connections: forbidden: missing
	// scope read:connections"); MissingScopes names the scopes that would
	// have allowed it.
	Reason        string   `json:"reason"`
	MissingScopes []string `json:"missing_scopes,omitempty"`
	// Resources lists the records the check could not judge when it ran
	// on the others (partial); empty when it could not run at all.
	Resources []Resource `json:"resources,omitempty"`
}

// Partial reports whether the check ran on some resources.
func (n NotEvaluated) Partial() bool { return len(n.Resources) > 0 }

// Summary counts a result.
type Summary struct {
	// Checks is the number of checks selected; Evaluated ran on
	// everything they look at, Partial on some of it, NotEvaluated could
	// not run.
	Checks       int `json:"checks"`
	Evaluated    int `json:"evaluated"`
	Partial      int `json:"partial"`
	NotEvaluated int `json:"not_evaluated"`
	// Findings counts the unsuppressed findings, BySeverity splits them.
	Findings   int              `json:"findings"`
	BySeverity map[Severity]int `json:"by_severity"`
	// Suppressed counts the findings an unexpired suppression accepts;
	// Expired those whose suppression has expired (counted in Findings).
	Suppressed int `json:"suppressed"`
	Expired    int `json:"expired_suppressions"`
}

// Result is what Run found.
type Result struct {
	// Tenant is the snapshot's tenant URL.
	Tenant string `json:"tenant"`
	// Checks are the catalogue entries of the checks selected, in id
	// order.
	Checks []CheckInfo `json:"-"`
	// Findings, highest severity first, then by check id and resource.
	Findings     []Finding      `json:"findings"`
	NotEvaluated []NotEvaluated `json:"not_evaluated"`
	// UnusedSuppressions are the suppressions that matched no finding
	// (the problem they accepted is gone, or they name a wrong resource).
	UnusedSuppressions []Suppression `json:"unused_suppressions,omitempty"`
	Summary            Summary       `json:"summary"`
}

// Unsuppressed returns the findings that count: not suppressed, or whose
// suppression has expired.
func (r *Result) Unsuppressed() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if !f.Suppressed {
			out = append(out, f)
		}
	}
	return out
}

// Worst returns the highest severity of the unsuppressed findings (0 when
// there are none).
func (r *Result) Worst() Severity {
	var w Severity
	for _, f := range r.Findings {
		if !f.Suppressed && f.Severity > w {
			w = f.Severity
		}
	}
	return w
}

// AtLeast counts the unsuppressed findings of severity s or higher.
func (r *Result) AtLeast(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if !f.Suppressed && f.Severity >= s {
			n++
		}
	}
	return n
}

// path builds a JSON path from member names and array indexes:
// path("options", "passwordPolicy") is "options.passwordPolicy",
// path("callbacks", 1) is "callbacks[1]", and a member name that is not
// a plain identifier is quoted: path("stage", "pre-user-registration")
// is `stage["pre-user-registration"]`.
func path(parts ...any) string {
	var b strings.Builder
	for _, p := range parts {
		switch v := p.(type) {
		case int:
			b.WriteString("[" + strconv.Itoa(v) + "]")
		case string:
			if plainName(v) {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(v)
			} else {
				b.WriteString("[" + strconv.Quote(v) + "]")
			}
		default:
			panic(fmt.Sprintf("posture: path part %T", p))
		}
	}
	return b.String()
}

func plainName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case c == '_' || c == '$', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
