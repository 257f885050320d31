package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/graph"
	"github.com/authlens/authlens/posture/render"
)

// WriteMarkdown writes res as a Markdown report for people (GitHub
// Flavored Markdown): the tenant, counts by severity and by area, the
// checks that could not run and why, the findings by area, highest
// severity first, the attack paths with their steps and a Mermaid
// flowchart of each, then the suppressed findings and the suppressions
// that matched nothing. Every value that comes from the tenant or the
// suppressions file is escaped, so that a hostile name cannot add links,
// HTML, mentions or table cells. The same Result always gives the same
// bytes.
func WriteMarkdown(w io.Writer, res *posture.Result, opts Options) error {
	if err := validate(res); err != nil {
		return err
	}
	m := &mdReport{res: res, opts: opts, checks: checksOf(res)}
	m.count()
	// Each section writes its own blocks, each ending in a blank line.
	for _, section := range []func(){
		m.title,
		m.summary,
		m.notEvaluated,
		m.findings,
		m.attackPaths,
		m.suppressed,
		m.unusedSuppressions,
	} {
		section()
	}
	out := bytes.TrimRight(m.b.Bytes(), "\n")
	out = append(out, '\n')
	_, err := w.Write(out)
	return err
}

type mdReport struct {
	res    *posture.Result
	opts   Options
	checks *checkSet
	b      bytes.Buffer

	// areas lists the areas with checks or findings, in report order.
	areas []posture.Area
	// counts holds the findings that count, by area and severity;
	// checksByArea the checks of each area.
	counts       map[posture.Area]map[posture.Severity]int
	bySeverity   map[posture.Severity]int
	checksByArea map[posture.Area]int
	total        int
	nSuppressed  int
	expired      int
}

func (m *mdReport) printf(format string, args ...any) { fmt.Fprintf(&m.b, format, args...) }

// count computes the tables' numbers from the findings themselves, so that
// they agree with the lists below them.
func (m *mdReport) count() {
	m.counts = map[posture.Area]map[posture.Severity]int{}
	m.bySeverity = map[posture.Severity]int{}
	m.checksByArea = map[posture.Area]int{}
	seen := map[posture.Area]bool{}
	for _, c := range m.checks.infos {
		m.checksByArea[c.Area]++
		seen[c.Area] = true
	}
	for _, f := range m.res.Findings {
		seen[f.Area] = true
		if f.Suppressed {
			m.nSuppressed++
			continue
		}
		if f.Suppression != nil && f.Suppression.Expired {
			m.expired++
		}
		if m.counts[f.Area] == nil {
			m.counts[f.Area] = map[posture.Severity]int{}
		}
		m.counts[f.Area][f.Severity]++
		m.bySeverity[f.Severity]++
		m.total++
	}
	m.areas = orderAreas(seen)
}

// orderAreas returns the areas of a set in posture.Areas order, then the
// ones it does not know, by name.
func orderAreas(set map[posture.Area]bool) []posture.Area {
	var out []posture.Area
	for _, a := range posture.Areas() {
		if set[a] {
			out = append(out, a)
		}
	}
	var unknown []posture.Area
	for a := range set {
		if !slices.Contains(out, a) {
			unknown = append(unknown, a)
		}
	}
	slices.Sort(unknown)
	return append(out, unknown...)
}

func (m *mdReport) title() {
	if m.res.Tenant == "" {
		m.printf("# Auth0 posture report\n\n")
	} else {
		m.printf("# Auth0 posture report: %s\n\n", mdCode(m.res.Tenant, false))
	}
	notRun, partial := m.notEvaluatedCounts()
	checks := len(m.checks.infos)
	m.printf("%s selected: %d judged everything they read, %d only part of it, %d could not run. ",
		plural(checks, "check", "checks"), max(checks-notRun-partial, 0), partial, notRun)
	m.printf("%s %s", plural(m.total, "finding", "findings"), verb(m.total, "counts", "count"))
	if m.total > 0 {
		m.printf(" (worst: %s)", strings.ToLower(severityTitle(worst(m.bySeverity))))
	}
	m.printf("; %s suppressed", plural(m.nSuppressed, "finding is", "findings are"))
	if m.expired > 0 {
		m.printf("; the suppression of %s has expired", plural(m.expired, "finding", "findings"))
	}
	m.printf(".\n\n")
}

func (m *mdReport) notEvaluatedCounts() (notRun, partial int) {
	for _, ne := range m.res.NotEvaluated {
		if ne.Partial() {
			partial++
		} else {
			notRun++
		}
	}
	return notRun, partial
}

func (m *mdReport) summary() {
	m.printf("## Summary\n\n")
	m.printf("| Severity | Findings |\n| :-- | --: |\n")
	for _, s := range posture.Severities() {
		m.printf("| %s | %d |\n", severityTitle(s), m.bySeverity[s])
	}
	m.printf("| **Total** | **%d** |\n\n", m.total)
	if len(m.areas) == 0 {
		return
	}
	m.printf("| Area | Checks |")
	for _, s := range posture.Severities() {
		m.printf(" %s |", severityTitle(s))
	}
	m.printf("\n| :-- | --: |%s\n", strings.Repeat(" --: |", len(posture.Severities())))
	for _, a := range m.areas {
		m.printf("| %s | %d |", mdText(a.Title()), m.checksByArea[a])
		for _, s := range posture.Severities() {
			m.printf(" %d |", m.counts[a][s])
		}
		m.printf("\n")
	}
	m.printf("\n")
}

func (m *mdReport) notEvaluated() {
	if len(m.res.NotEvaluated) == 0 {
		return
	}
	notRun, partial := m.notEvaluatedCounts()
	m.printf("## Checks that could not run\n\n")
	var parts []string
	if notRun > 0 {
		parts = append(parts, fmt.Sprintf("%s could not run", plural(notRun, "check", "checks")))
	}
	if partial > 0 {
		parts = append(parts, fmt.Sprintf("%s judged only part of the tenant", plural(partial, "check", "checks")))
	}
	m.printf("%s", strings.Join(parts, " and "))
	var scopes []string
	for _, ne := range m.res.NotEvaluated {
		scopes = append(scopes, ne.MissingScopes...)
	}
	slices.Sort(scopes)
	scopes = slices.Compact(scopes)
	if len(scopes) > 0 {
		codes := make([]string, len(scopes))
		for i, s := range scopes {
			codes[i] = mdCode(s, false)
		}
		m.printf(", because the snapshot lacks what these scopes read: %s", strings.Join(codes, ", "))
	} else {
		m.printf(": see why below")
	}
	m.printf(".\n\n")
	m.printf("| Check | Title | Status | Reason | Missing scopes |\n| :-- | :-- | :-- | :-- | :-- |\n")
	for _, ne := range m.res.NotEvaluated {
		info, _ := m.checks.get(ne.Check)
		status := "not run"
		if ne.Partial() {
			status = "partial: " + plural(len(ne.Resources), "resource", "resources") + " not judged"
		}
		codes := make([]string, len(ne.MissingScopes))
		for i, s := range ne.MissingScopes {
			codes[i] = mdCode(s, true)
		}
		m.printf("| %s | %s | %s | %s | %s |\n", mdCode(ne.Check, true), mdText(info.Title), status,
			mdText(ne.Reason), strings.Join(codes, ", "))
	}
	m.printf("\n")
}

func (m *mdReport) findings() {
	m.printf("## Findings\n\n")
	if m.total == 0 {
		m.printf("No findings count.\n\n")
		return
	}
	byArea := map[posture.Area][]*posture.Finding{}
	for i := range m.res.Findings {
		if f := &m.res.Findings[i]; !f.Suppressed {
			byArea[f.Area] = append(byArea[f.Area], f)
		}
	}
	for _, a := range m.areas {
		fs := byArea[a]
		if len(fs) == 0 {
			continue
		}
		slices.SortStableFunc(fs, func(x, y *posture.Finding) int { return cmp.Compare(y.Severity, x.Severity) })
		m.printf("### %s\n\n", mdText(a.Title()))
		for _, f := range fs {
			m.finding(f)
		}
	}
}

// finding writes one finding: a heading and a list of its facts.
func (m *mdReport) finding(f *posture.Finding) {
	m.printf("#### %s: %s %s\n\n", severityTitle(f.Severity), mdCode(f.Check, false), mdText(f.Title))
	m.printf("- **Resource:** %s\n", mdResource(f.Resource, false))
	if where := mdWhere(f.Path, f.Location, false); where != "" {
		m.printf("- **Path:** %s\n", where)
	}
	if f.Message != "" {
		m.printf("- **Message:** %s\n", mdText(f.Message))
	}
	if len(f.Evidence) > 0 {
		m.printf("- **Evidence:**\n")
		keys := make([]string, 0, len(f.Evidence))
		for k := range f.Evidence {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			m.printf("  - %s: %s\n", mdCode(k, false), mdCode(m.evidenceValue(f.Evidence[k]), false))
		}
	}
	if len(f.Steps) > 0 {
		m.printf("- **Attack path:** %s, drawn under Attack paths\n", plural(len(f.Steps), "step", "steps"))
	}
	if f.Remediation != "" {
		m.printf("- **Remediation:** %s\n", mdText(f.Remediation))
	}
	if len(f.Links) > 0 {
		links := make([]string, len(f.Links))
		for i, l := range f.Links {
			links[i] = mdLink(l)
		}
		m.printf("- **Links:** %s\n", strings.Join(links, ", "))
	}
	if s := f.Suppression; s != nil && s.Expired {
		m.printf("- **Suppression expired**")
		if s.Expires != "" {
			m.printf(" (%s)", mdText(s.Expires))
		}
		m.printf(": %s\n", mdText(s.Reason))
	}
	if f.Fingerprint != "" {
		m.printf("- **Fingerprint:** %s\n", mdCode(f.Fingerprint, false))
	}
	m.printf("\n")
}

// evidenceValue is a value as compact JSON, cut to the evidence width.
func (m *mdReport) evidenceValue(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	s := ""
	if err := enc.Encode(v); err != nil {
		s = fmt.Sprint(v)
	} else {
		s = strings.TrimSuffix(b.String(), "\n")
	}
	return cut(s, m.opts.evidenceWidth())
}

// attackPaths writes a subsection per attack path that counts, highest
// severity first: its message, its steps as a numbered list, the change
// that breaks it, and a Mermaid flowchart of the steps.
func (m *mdReport) attackPaths() {
	var paths []*posture.Finding
	for i := range m.res.Findings {
		if f := &m.res.Findings[i]; !f.Suppressed && len(f.Steps) > 0 {
			paths = append(paths, f)
		}
	}
	if len(paths) == 0 {
		return
	}
	slices.SortStableFunc(paths, func(x, y *posture.Finding) int { return cmp.Compare(y.Severity, x.Severity) })
	m.printf("## Attack paths\n\n")
	m.printf("%s from a foothold an outsider or a low-privileged user has to a privilege, foothold first.\n\n",
		plural(len(paths), "path leads", "paths lead"))
	for _, f := range paths {
		m.attackPath(f)
	}
}

func (m *mdReport) attackPath(f *posture.Finding) {
	m.printf("### %s: %s %s\n\n", severityTitle(f.Severity), mdCode(f.Check, false), mdText(f.Title))
	if f.Message != "" {
		m.printf("%s\n\n", mdText(f.Message))
	}
	for i, s := range f.Steps {
		m.printf("%d. %s", i+1, mdStep(s))
		if s.Detail != "" {
			m.printf(": %s", mdText(s.Detail))
		}
		if where := mdWhere(s.Path, s.Location, false); where != "" {
			m.printf(" (%s)", where)
		}
		m.printf("\n")
	}
	m.printf("\n")
	if f.Remediation != "" {
		m.printf("**Break:** %s\n\n", mdText(f.Remediation))
	}
	var b bytes.Buffer
	// The diagram's labels are escaped for Mermaid, which writes no
	// backtick: no line of it can close the fence.
	if err := render.WritePath(&b, pathOf(f), render.Mermaid, render.Options{Untitled: true}); err == nil {
		m.printf("```mermaid\n%s```\n\n", b.String())
	}
}

// pathOf is an attack path finding as a graph.Path to draw: its steps,
// titled by the finding, the step its remediation changes marked.
func pathOf(f *posture.Finding) *graph.Path {
	p := &graph.Path{Title: f.Title, Impact: f.Severity.String(), Breaks: -1}
	for _, s := range f.Steps {
		gs := graph.Step{
			Hop:  graph.Hop{Kind: s.Kind, ID: s.ID, Name: s.Name, Detail: s.Detail},
			Path: s.Path,
		}
		if s.Location != nil {
			gs.Line, gs.Column = s.Location.Line, s.Location.Column
		}
		if s.Breaks {
			// the path's own fix when the finding gives it, else the
			// check's remediation
			fix, _ := f.Evidence["fix"].(string)
			p.Breaks, p.Break = len(p.Steps), cmp.Or(fix, f.Remediation)
		}
		p.Steps = append(p.Steps, gs)
	}
	return p
}

// mdStep names a step's record: "Name (`kind/id`)", or the name alone
// for what the graph derives (no kind).
func mdStep(s posture.Step) string {
	if s.Kind == "" {
		return mdText(cmp.Or(s.Name, s.ID, "(derived)"))
	}
	return mdResource(posture.Resource{Kind: s.Kind, ID: s.ID, Name: s.Name}, false)
}

func (m *mdReport) suppressed() {
	if m.nSuppressed == 0 {
		return
	}
	m.printf("## Suppressed findings\n\n")
	m.printf("%s accepted by a suppression, not counted above.\n\n", plural(m.nSuppressed, "finding is", "findings are"))
	m.printf("| Severity | Check | Resource | Path | Message | Reason | Expires |\n| :-- | :-- | :-- | :-- | :-- | :-- | :-- |\n")
	for _, f := range m.res.Findings {
		if !f.Suppressed {
			continue
		}
		reason, expires := "", "never"
		if s := f.Suppression; s != nil {
			reason = s.Reason
			if s.Expires != "" {
				expires = mdText(s.Expires)
			}
		}
		m.printf("| %s | %s | %s | %s | %s | %s | %s |\n", severityTitle(f.Severity), mdCode(f.Check, true),
			mdResource(f.Resource, true), mdWhere(f.Path, f.Location, true), mdText(f.Message), mdText(reason), expires)
	}
	m.printf("\n")
}

func (m *mdReport) unusedSuppressions() {
	if len(m.res.UnusedSuppressions) == 0 {
		return
	}
	m.printf("## Unused suppressions\n\n")
	m.printf("%s matched no finding: the problem is gone, or the suppression names a wrong resource.\n\n",
		plural(len(m.res.UnusedSuppressions), "suppression", "suppressions"))
	m.printf("| Check | Resource | Path | Reason | Expires |\n| :-- | :-- | :-- | :-- | :-- |\n")
	for _, s := range m.res.UnusedSuppressions {
		r := s.Resource
		var res []string
		if r.Kind != "" {
			res = append(res, "kind "+mdCode(string(r.Kind), true))
		}
		if r.ID != "" {
			res = append(res, "id "+mdCode(r.ID, true))
		}
		if r.Name != "" {
			res = append(res, "name "+mdText(r.Name))
		}
		path := ""
		if s.Path != "" {
			path = mdCode(s.Path, true)
		}
		expires := "never"
		if s.Expires != "" {
			expires = mdText(s.Expires)
		}
		m.printf("| %s | %s | %s | %s | %s |\n", mdCode(s.Check, true), strings.Join(res, ", "), path, mdText(s.Reason), expires)
	}
	m.printf("\n")
}

// mdResource is "Name (`kind/id`)", or "`kind/id`" for a record without a
// name.
func mdResource(r posture.Resource, table bool) string {
	ref := string(r.Kind)
	if r.ID != "" {
		ref += "/" + r.ID
	}
	code := mdCode(ref, table)
	if r.Name == "" || r.Name == r.ID {
		return code
	}
	return mdText(r.Name) + " (" + code + ")"
}

// mdWhere is "`path`, line 3, column 5" (the parts there are).
func mdWhere(path string, loc *posture.Location, table bool) string {
	var parts []string
	if path != "" {
		parts = append(parts, mdCode(path, table))
	}
	if loc != nil && loc.Line > 0 {
		p := "line " + strconv.Itoa(loc.Line)
		if loc.Column > 0 {
			p += ", column " + strconv.Itoa(loc.Column)
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

// mdText escapes text for Markdown: every character that could start
// emphasis, a link, an image, HTML, an entity, a table cell, math, a
// mention or an issue reference is escaped with a backslash, and so are a
// ':' and a '.' inside a word (so that no autolink forms: "http\://evil\.com");
// line breaks and control characters become spaces.
func mdText(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case strings.ContainsRune("\\`*_[]<>|&~$:@#!", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '.':
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if i+1 < len(s) && !unicode.IsSpace(next) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case isUnsafe(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isUnsafe reports runes that must not reach a report: line breaks and
// other control characters, and bidirectional overrides that reorder what
// a reader sees.
func isUnsafe(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
}

// mdCode is s as a code span: a fence longer than any run of backticks in
// s, padded when s starts or ends with a backtick or a space; in a table
// cell, '|' is escaped (GFM reads the cell before the span).
func mdCode(s string, table bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case isUnsafe(r):
			b.WriteByte(' ')
		case r == '|' && table:
			b.WriteString(`\|`)
		default:
			b.WriteRune(r)
		}
	}
	s = b.String()
	if s == "" {
		return "` `"
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if s[0] == '`' || s[len(s)-1] == '`' || s[0] == ' ' || s[len(s)-1] == ' ' {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdLink is an autolink for an http(s) URL and a code span for anything
// else.
func mdLink(l string) string {
	u, err := url.Parse(l)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		strings.ContainsFunc(l, func(r rune) bool { return r <= ' ' || r == '<' || r == '>' || isUnsafe(r) || r > unicode.MaxASCII }) {
		return mdCode(l, false)
	}
	return "<" + l + ">"
}

// cut shortens s to width characters, the last one "…" (no cut for width
// 0).
func cut(s string, width int) string {
	if width <= 0 || utf8.RuneCountInString(s) <= width {
		return s
	}
	rs := []rune(s)
	return string(rs[:max(width-1, 0)]) + "…"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func worst(by map[posture.Severity]int) posture.Severity {
	for _, s := range posture.Severities() {
		if by[s] > 0 {
			return s
		}
	}
	return 0
}
