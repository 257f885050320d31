package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
	"github.com/authlens/authlens/posture/report"
)

// judgeConfig is what the posture flags ask for.
type judgeConfig struct {
	// outputs maps each report format to the file it goes to.
	outputs      map[report.Format]string
	suppressFile string
	suppressions []posture.Suppression
	failOn       posture.Severity
	opts         posture.Options
	// top is how many findings the terminal summary names.
	top int
}

// severityFlag is a flag.Value for a severity ("" for none).
type severityFlag struct{ s *posture.Severity }

func (f severityFlag) String() string {
	if f.s == nil || *f.s == 0 {
		return ""
	}
	return f.s.String()
}

func (f severityFlag) Set(v string) error {
	s, err := posture.ParseSeverity(v)
	if err != nil {
		return fmt.Errorf("want critical, high, medium, low or info")
	}
	*f.s = s
	return nil
}

// parseList splits a comma-separated flag value.
func parseList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// checkHint says what to do about a check id that names no check.
func checkHint(id string) string {
	if m := checkIDForm.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(id))); m != nil {
		n, _ := strconv.Atoi(m[2])
		if want := fmt.Sprintf("AL-%s-%03d", m[1], n); n > 0 {
			if _, ok := posture.Lookup(want); ok {
				return "did you mean " + want + "?"
			}
		}
	}
	return "give check ids as findings show them (AL-AREA-NNN, e.g. AL-APP-001), separated by commas"
}

var checkIDForm = regexp.MustCompile(`^AL-([A-Z0-9]+)-([0-9]{1,3})$`)

// checkJudgeConfig validates the posture flags (exit 2 on error): known
// check ids and areas, a readable suppressions file, output files in
// existing directories.
func checkJudgeConfig(j *judgeConfig, checks, areas string) error {
	for _, id := range parseList(checks) {
		if _, ok := posture.Lookup(strings.ToUpper(id)); !ok {
			return &usageError{fmt.Sprintf("-checks: unknown check %q; %s", id, checkHint(id))}
		}
		j.opts.Checks = append(j.opts.Checks, strings.ToUpper(id))
	}
	for _, a := range parseList(areas) {
		area, err := posture.ParseArea(a)
		if err != nil {
			return &usageError{fmt.Sprintf("-areas: unknown area %q (want one of %s)", a, areaNames())}
		}
		j.opts.Areas = append(j.opts.Areas, area)
	}
	for f, p := range j.outputs {
		if dir := filepath.Dir(p); dir != "." {
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return &usageError{fmt.Sprintf("-%s: directory %s does not exist", flagOf(f), dir)}
			}
		}
	}
	if j.suppressFile != "" {
		sup, err := posture.LoadSuppressions(j.suppressFile)
		if err != nil {
			return &usageError{"-suppress: " + strings.TrimPrefix(err.Error(), "posture: ")}
		}
		j.suppressions = sup
		j.opts.Suppressions = sup
	}
	return nil
}

func areaNames() string {
	var names []string
	for _, a := range posture.Areas() {
		names = append(names, string(a))
	}
	return strings.Join(names, ", ")
}

// flagOf names the flag that writes a format.
func flagOf(f report.Format) string {
	switch f {
	case report.FormatSARIF:
		return "sarif"
	case report.FormatMarkdown:
		return "report"
	}
	return "findings"
}

// judge runs the catalogue over snap, prints the summary, writes the
// reports and returns the exit status: exitOK, exitFindings when an
// unsuppressed finding reaches -fail-on, exitUnreadable when a report
// cannot be written.
func judge(ctx context.Context, j *judgeConfig, snap *inventory.Snapshot, stdout, stderr io.Writer) int {
	res, err := posture.Run(ctx, snap, j.opts)
	if err != nil {
		fmt.Fprintf(stderr, "tenantscan: %v\n", err)
		return exitUnreadable
	}
	findingsSummary(stdout, res, j.top)
	for _, f := range report.Formats() {
		p := j.outputs[f]
		if p == "" {
			continue
		}
		if err := writeReport(p, res, f); err != nil {
			fmt.Fprintf(stderr, "tenantscan: -%s: %v\n", flagOf(f), err)
			return exitUnreadable
		}
		fmt.Fprintf(stderr, "tenantscan: %s report written to %s\n", f, p)
	}
	if j.failOn != 0 {
		if n := res.AtLeast(j.failOn); n > 0 {
			fmt.Fprintf(stderr, "tenantscan: %d unsuppressed finding(s) at or above %s (-fail-on)\n", n, j.failOn)
			return exitFindings
		}
	} else if n := res.AtLeast(posture.SeverityHigh); n > 0 {
		fmt.Fprintf(stderr, "tenantscan: exit 0 with %d unsuppressed finding(s) at high or above: "+
			"-fail-on high makes a CI job fail on them\n", n)
	}
	return exitOK
}

// writeReport writes a report atomically (see writeFile).
func writeReport(path string, res *posture.Result, f report.Format) error {
	return writeFile(path, func(w io.Writer) error { return report.Write(w, res, f, report.Options{}) })
}

// findingsSummary prints the findings by severity, the top ones by name,
// and the checks that could not run.
func findingsSummary(w io.Writer, res *posture.Result, top int) {
	s := res.Summary
	fmt.Fprintf(w, "\nposture: %d checks: %d evaluated", s.Checks, s.Evaluated)
	if s.Partial > 0 {
		fmt.Fprintf(w, ", %d partially", s.Partial)
	}
	if s.NotEvaluated > 0 {
		fmt.Fprintf(w, ", %d could not run", s.NotEvaluated)
	}
	fmt.Fprintln(w)
	var parts []string
	for _, sev := range posture.Severities() {
		parts = append(parts, fmt.Sprintf("%d %s", s.BySeverity[sev], sev))
	}
	fmt.Fprintf(w, "findings: %s", strings.Join(parts, ", "))
	var extra []string
	if s.Suppressed > 0 {
		extra = append(extra, fmt.Sprintf("%d suppressed", s.Suppressed))
	}
	if s.Expired > 0 {
		extra = append(extra, fmt.Sprintf("%d whose suppression expired", s.Expired))
	}
	if len(extra) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(extra, ", "))
	}
	fmt.Fprintln(w)
	shown := 0
	for _, f := range res.Findings {
		if f.Suppressed {
			continue
		}
		if shown == top {
			if rest := s.Findings - shown; rest > 0 {
				fmt.Fprintf(w, "  ... and %d more (-report FILE lists them all)\n", rest)
			}
			break
		}
		expired := ""
		if f.Suppression != nil && f.Suppression.Expired {
			expired = " [suppression expired " + f.Suppression.Expires + "]"
		}
		fmt.Fprintf(w, "  %-8s %-11s %s: %s%s\n", f.Severity, f.Check, f.Title, resourceLabel(f.Resource), expired)
		shown++
	}
	for _, ne := range res.NotEvaluated {
		label, what := "not evaluated", "could not run"
		if ne.Partial() {
			label, what = "partly evaluated", fmt.Sprintf("skipped %d record(s)", len(ne.Resources))
		}
		fmt.Fprintf(w, "  %s: %s %s: %s\n", label, ne.Check, what, clip(ne.Reason, 140))
	}
	for _, u := range res.UnusedSuppressions {
		fmt.Fprintf(w, "  unused suppression: %s %s%s (the finding it accepted is gone)\n", u.Check, u.Resource.Kind, suppressionTarget(u))
	}
}

func suppressionTarget(s posture.Suppression) string {
	switch {
	case s.Resource.ID != "":
		return "/" + s.Resource.ID
	case s.Resource.Name != "":
		return " " + s.Resource.Name
	}
	return ""
}

// resourceLabel names a resource for the terminal: its name and kind, or
// its id when it has no name.
func resourceLabel(r posture.Resource) string {
	switch {
	case r.Name != "":
		return fmt.Sprintf("%s (%s)", clip(r.Name, 80), r.Kind)
	case r.ID != "":
		return string(r.Kind) + "/" + r.ID
	}
	return string(r.Kind)
}
