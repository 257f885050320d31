package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/authlens/authlens/posture"
)

// SARIF constants.
const (
	// sarifToolName and sarifInformationURI describe the tool driver.
	sarifToolName       = "authlens"
	sarifInformationURI = "https://github.com/authlens/authlens"
	// FingerprintKey is the partialFingerprints key of a finding's
	// fingerprint in SARIF results.
	FingerprintKey = "authlens/v1"
	// sarifSchemaURI is the OASIS errata01 schema, the one the tests
	// validate against.
	sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// sarifURIRoot is the first segment of the virtual artifact paths.
	sarifURIRoot = "auth0"
)

// SARIFLevel is the SARIF level of a severity: critical and high are
// "error", medium "warning", low and info "note".
func SARIFLevel(s posture.Severity) string {
	switch s {
	case posture.SeverityCritical, posture.SeverityHigh:
		return "error"
	case posture.SeverityMedium:
		return "warning"
	case posture.SeverityLow, posture.SeverityInfo:
		return "note"
	}
	return "none"
}

// SecuritySeverity is the "security-severity" score GitHub code scanning
// reads from a rule's properties: "9.5" critical, "8.0" high, "5.5"
// medium, "3.0" low, "1.0" info.
func SecuritySeverity(s posture.Severity) string {
	switch s {
	case posture.SeverityCritical:
		return "9.5"
	case posture.SeverityHigh:
		return "8.0"
	case posture.SeverityMedium:
		return "5.5"
	case posture.SeverityLow:
		return "3.0"
	case posture.SeverityInfo:
		return "1.0"
	}
	return "0.0"
}

// WriteSARIF writes res as a SARIF 2.1.0 log with one run (see the
// package documentation for the mapping), indented, with a final newline.
// The same Result always gives the same bytes.
func WriteSARIF(w io.Writer, res *posture.Result, opts Options) error {
	if err := validate(res); err != nil {
		return err
	}
	b := newSARIFBuilder(res, opts)
	log := b.build()
	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	data = append(data, '\n')
	_, err = w.Write(data)
	return err
}

// sarifBuilder turns a Result into one SARIF run. Each part of the run has
// its own method so that later parts (attack paths as codeFlows on the
// results they explain) slot in without reshaping the rest.
type sarifBuilder struct {
	res    *posture.Result
	opts   Options
	checks *checkSet
	run    *sarif.Run
}

func newSARIFBuilder(res *posture.Result, opts Options) *sarifBuilder {
	return &sarifBuilder{res: res, opts: opts, checks: checksOf(res)}
}

func (b *sarifBuilder) build() *sarif.Report {
	b.run = sarif.NewRunWithInformationURI(sarifToolName, sarifInformationURI)
	b.run.Tool.Driver.WithVersion(b.opts.toolVersion())
	// The category GitHub code scanning keeps analyses apart by: one per
	// tenant, so that uploading one tenant's log does not close the
	// alerts of another's.
	b.run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID("authlens/posture/" + tenantHost(b.res.Tenant) + "/"))
	props := sarif.NewPropertyBag()
	props.Add("tenant", b.res.Tenant)
	b.run.WithProperties(props)

	for _, info := range b.checks.infos {
		b.run.Tool.Driver.AddRule(b.rule(info))
	}
	for i := range b.res.Findings {
		b.run.AddResult(b.result(&b.res.Findings[i]))
	}
	b.run.AddInvocation(b.invocation())

	log := sarif.NewReport()
	log.Schema = sarifSchemaURI
	log.AddRun(b.run)
	return log
}

// rule is the reporting descriptor of a check.
func (b *sarifBuilder) rule(info posture.CheckInfo) *sarif.ReportingDescriptor {
	r := sarif.NewRule(info.ID).
		WithName(upperCamel(info.Title)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(sarifText(info.Title)))
	if info.Rationale != "" {
		r.WithFullDescription(sarif.NewMultiformatMessageString().WithText(sarifText(info.Rationale)))
	}
	if help := b.help(info); help != nil {
		r.WithHelp(help)
	}
	if len(info.Links) > 0 {
		r.WithHelpURI(info.Links[0])
	}
	r.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(SARIFLevel(info.Severity)))
	props := sarif.NewPropertyBag()
	tags := []string{"security"}
	if info.Area != "" {
		tags = append(tags, string(info.Area))
	}
	props.Tags = tags
	props.Add("security-severity", SecuritySeverity(info.Severity))
	r.WithProperties(props)
	return r
}

// help is a rule's help: the remediation and the links, as text and as
// Markdown.
func (b *sarifBuilder) help(info posture.CheckInfo) *sarif.MultiformatMessageString {
	if info.Remediation == "" && len(info.Links) == 0 {
		return nil
	}
	var text, md strings.Builder
	text.WriteString(sarifText(info.Remediation))
	md.WriteString(mdText(info.Remediation))
	if len(info.Links) > 0 {
		if info.Remediation != "" {
			text.WriteString("\n\n")
			md.WriteString("\n\n")
		}
		text.WriteString("See:")
		md.WriteString("See:\n")
		for _, l := range info.Links {
			text.WriteString("\n" + sarifText(l))
			md.WriteString("\n- " + mdLink(l))
		}
	}
	return sarif.NewMultiformatMessageString().WithText(text.String()).WithMarkdown(md.String())
}

// result is the SARIF result of a finding; an attack path's carries
// its steps as a code flow.
func (b *sarifBuilder) result(f *posture.Finding) *sarif.Result {
	_, idx := b.checks.get(f.Check)
	r := sarif.NewRuleResult(f.Check).
		WithRuleIndex(idx).
		WithLevel(SARIFLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(sarifText(f.Message))).
		AddLocation(b.location(f))
	if f.Fingerprint != "" {
		// GitHub code scanning matches alerts across uploads by
		// primaryLocationLineHash, which it cannot compute for the
		// virtual auth0/... files: the finding's fingerprint (stable
		// across edits above it) stands in for it.
		r.WithPartialFingerprints(map[string]string{FingerprintKey: f.Fingerprint, "primaryLocationLineHash": f.Fingerprint})
	}
	if len(f.Steps) > 0 {
		r.AddCodeFlow(b.codeFlow(f))
	}
	props := sarif.NewPropertyBag()
	props.Add("resource", f.Resource)
	props.Add("path", f.Path)
	props.Add("evidence", nonNilMap(f.Evidence))
	props.Add("severity", f.Severity.String())
	if s := f.Suppression; s != nil {
		switch {
		case f.Suppressed:
			sup := sarif.NewSuppression().WithKind("external").WithStatus("accepted").WithJustification(s.Reason)
			if s.Expires != "" {
				sp := sarif.NewPropertyBag()
				sp.Add("expires", s.Expires)
				sup.WithProperties(sp)
			}
			r.WithSuppressions([]*sarif.Suppression{sup})
		case s.Expired:
			props.Add("expiredSuppression", s)
		}
	}
	r.WithProperties(props)
	return r
}

// location places a finding: logically at the resource, physically at a
// virtual path inside the tenant, auth0/<kind>/<id>/<path>, with the
// region in the script for findings in code. Every result has the
// physical location, not only those in code: GitHub code scanning
// refuses a whole log when one result lacks an artifact URI.
func (b *sarifBuilder) location(f *posture.Finding) *sarif.Location {
	return sarif.NewLocation().
		WithPhysicalLocation(physicalLocation(f.Resource, f.Path, f.Location)).
		AddLogicalLocation(logicalLocation(f.Resource))
}

// codeFlow is an attack path's steps, foothold first, as one code flow
// of one thread flow: each step a location whose message is the step's
// detail, with the record as a logical location and, for a step that
// names a record, the physical one (auth0/<kind>/<id>/<path>, with the
// region for a step in code). A step the graph derives (a scope, a
// metadata field: no kind, no id) has the logical location only.
func (b *sarifBuilder) codeFlow(f *posture.Finding) *sarif.CodeFlow {
	tf := sarif.NewThreadFlow()
	for i, s := range f.Steps {
		res := posture.Resource{Kind: s.Kind, ID: s.ID, Name: s.Name}
		loc := sarif.NewLocation().
			WithMessage(sarif.NewTextMessage(sarifText(s.Detail))).
			AddLogicalLocation(logicalLocation(res))
		if s.Kind != "" {
			loc.WithPhysicalLocation(physicalLocation(res, s.Path, s.Location))
		}
		tf.AddLocation(sarif.NewThreadFlowLocation().
			WithLocation(loc).
			WithExecutionOrder(i + 1).
			WithImportance("essential"))
	}
	first, last := stepName(f.Steps[0]), stepName(f.Steps[len(f.Steps)-1])
	msg := fmt.Sprintf("Attack path of %d steps, from %s to %s", len(f.Steps), first, last)
	return sarif.NewCodeFlow().
		WithMessage(sarif.NewTextMessage(sarifText(msg))).
		AddThreadFlow(tf)
}

// stepName names a step's record for a message: its name, id or kind.
func stepName(s posture.Step) string {
	return cmp.Or(s.Name, s.ID, string(s.Kind), "a derived value")
}

// logicalLocation is a record as a logical location: named by its name
// (or id, or kind), fully qualified as "kind/id". A derived value
// without kind or id is qualified by its name.
func logicalLocation(res posture.Resource) *sarif.LogicalLocation {
	fqn := string(res.Kind)
	if res.ID != "" {
		if fqn != "" {
			fqn += "/"
		}
		fqn += res.ID
	}
	name := cmp.Or(res.Name, res.ID, string(res.Kind))
	return sarif.NewLogicalLocation().
		WithName(name).
		WithFullyQualifiedName(cmp.Or(fqn, name)).
		WithKind("resource")
}

// physicalLocation is the virtual path auth0/<kind>/<id>/<path>, with
// the region for a position in a script.
func physicalLocation(res posture.Resource, path string, loc *posture.Location) *sarif.PhysicalLocation {
	phys := sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewSimpleArtifactLocation(artifactURI(res, path)))
	if loc != nil && loc.Line > 0 {
		reg := sarif.NewRegion().WithStartLine(loc.Line)
		if loc.Column > 0 {
			reg.WithStartColumn(loc.Column)
		}
		if loc.EndLine > 0 {
			reg.WithEndLine(loc.EndLine)
		}
		if loc.EndColumn > 0 {
			reg.WithEndColumn(loc.EndColumn)
		}
		phys.WithRegion(reg)
	}
	return phys
}

// invocation says the run succeeded, with a warning per check that could
// not judge everything (a runtime condition of this scan: what the token
// could read) and a note per suppression that matched nothing (a
// condition of the configuration).
func (b *sarifBuilder) invocation() *sarif.Invocation {
	inv := sarif.NewInvocation().WithExecutionSuccessful(true)
	for _, ne := range b.res.NotEvaluated {
		_, idx := b.checks.get(ne.Check)
		n := sarif.NewNotification().
			WithLevel("warning").
			WithMessage(sarif.NewTextMessage(sarifText(ne.Reason))).
			WithAssociatedRule(sarif.NewReportingDescriptorReference().WithID(ne.Check).WithIndex(idx))
		props := sarif.NewPropertyBag()
		props.Add("partial", ne.Partial())
		props.Add("missingScopes", nonNil(ne.MissingScopes))
		props.Add("resources", nonNil(ne.Resources))
		n.WithProperties(props)
		inv.AddToolExecutionNotification(n)
	}
	for _, s := range b.res.UnusedSuppressions {
		_, idx := b.checks.get(s.Check)
		n := sarif.NewNotification().
			WithLevel("note").
			WithMessage(sarif.NewTextMessage(sarifText(fmt.Sprintf("The suppression of %s for %s matched no finding: %s",
				s.Check, suppressionTarget(s), s.Reason)))).
			WithAssociatedRule(sarif.NewReportingDescriptorReference().WithID(s.Check).WithIndex(idx))
		props := sarif.NewPropertyBag()
		props.Add("suppression", s)
		n.WithProperties(props)
		inv.AddToolConfigurationNotification(n)
	}
	return inv
}

// artifactURI is "auth0/<kind>/<id>/<path>", each segment escaped, the
// empty ones left out.
func artifactURI(r posture.Resource, path string) string {
	segs := []string{sarifURIRoot}
	for _, s := range []string{string(r.Kind), r.ID, path} {
		if s != "" {
			segs = append(segs, url.PathEscape(s))
		}
	}
	return strings.Join(segs, "/")
}

// tenantHost is the host of a tenant URL (the URL itself when it has
// none), escaped for a path segment.
func tenantHost(tenant string) string {
	if u, err := url.Parse(tenant); err == nil && u.Host != "" {
		return url.PathEscape(u.Host)
	}
	return url.PathEscape(tenant)
}

// suppressionTarget names what a suppression accepts, for messages.
func suppressionTarget(s posture.Suppression) string {
	r := s.Resource
	var t string
	switch {
	case r.ID != "":
		t = r.ID
	default:
		t = fmt.Sprintf("%q", r.Name)
	}
	if r.Kind != "" {
		t = string(r.Kind) + "/" + t
	}
	if s.Path != "" {
		t += " at " + s.Path
	}
	return t
}

// sarifText makes a plain-text SARIF message out of any text: "[" and "]"
// are escaped with a backslash (SARIF 2.1.0 §3.11.6: otherwise they may
// read as an embedded link) and "{" and "}" doubled (§3.11.5:
// placeholders); control characters become spaces.
func sarifText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '[' || r == ']':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '{' || r == '}':
			b.WriteRune(r)
			b.WriteRune(r)
		case r == '\n':
			b.WriteRune(r)
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// upperCamel turns a title into an UpperCamelCase rule name: "Management
// API grant with write scopes" is "ManagementAPIGrantWithWriteScopes".
func upperCamel(title string) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(title, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		rs := []rune(word)
		rs[0] = unicode.ToUpper(rs[0])
		b.WriteString(string(rs))
	}
	return b.String()
}

func nonNilMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
