package posture

import (
	"fmt"
	"strings"

	"github.com/authlens/authlens/internal/suggest"
)

// Severity grades a finding: Info < Low < Medium < High < Critical. The
// zero value is no severity (in Options.MinSeverity: every severity).
type Severity uint8

// The severities, lowest first.
const (
	SeverityInfo Severity = iota + 1
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"", "info", "low", "medium", "high", "critical"}

// Severities returns every severity, highest first (the order reports
// list them in).
func Severities() []Severity {
	return []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow, SeverityInfo}
}

// String returns "info", "low", "medium", "high" or "critical" ("" for the
// zero value).
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", uint8(s))
}

// ParseSeverity reads a severity name, in any case ("moderate" is taken
// as medium, as CheckMate names it).
func ParseSeverity(name string) (Severity, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "moderate" {
		return SeverityMedium, nil
	}
	for i, s := range severityNames {
		if i > 0 && s == n {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("posture: unknown severity %q (want critical, high, medium, low or info)", name)
}

// MarshalText writes the name.
func (s Severity) MarshalText() ([]byte, error) {
	if s == 0 || int(s) >= len(severityNames) {
		return nil, fmt.Errorf("posture: invalid severity %d", uint8(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a name (see ParseSeverity).
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Area groups the checks by what they look at; it is the middle part of a
// check id (AL-APP-001 is an applications check).
type Area string

// The areas, in the order reports list them.
const (
	AreaApplications     Area = "applications"
	AreaMachineToMachine Area = "machine_to_machine"
	AreaAPIs             Area = "apis"
	AreaConnections      Area = "connections"
	AreaAttackProtection Area = "attack_protection"
	AreaMFA              Area = "mfa"
	AreaTenant           Area = "tenant"
	AreaCustomDomains    Area = "custom_domains"
	AreaEmail            Area = "email"
	AreaLogging          Area = "logging"
	AreaCode             Area = "code"
	AreaRoles            Area = "roles"
	AreaOrganizations    Area = "organizations"
	// AreaAttackPaths holds the checks whose findings are attack paths
	// through the identity graph (posture/graph).
	AreaAttackPaths Area = "attack_paths"
)

// areaCodes maps each area to the code in its check ids.
var areaCodes = []struct {
	area Area
	code string
	name string
}{
	{AreaApplications, "APP", "Applications"},
	{AreaMachineToMachine, "M2M", "Machine-to-machine access"},
	{AreaAPIs, "API", "APIs"},
	{AreaConnections, "CONN", "Connections"},
	{AreaAttackProtection, "ATK", "Attack protection"},
	{AreaMFA, "MFA", "Multi-factor authentication"},
	{AreaTenant, "TEN", "Tenant settings"},
	{AreaCustomDomains, "DOM", "Custom domains"},
	{AreaEmail, "EMAIL", "Email"},
	{AreaLogging, "LOG", "Logging"},
	{AreaCode, "CODE", "Actions, Rules and Hooks"},
	{AreaRoles, "ROLE", "Roles"},
	{AreaOrganizations, "ORG", "Organizations"},
	{AreaAttackPaths, "PATH", "Attack paths"},
}

// Areas returns every area, in report order.
func Areas() []Area {
	out := make([]Area, len(areaCodes))
	for i, a := range areaCodes {
		out[i] = a.area
	}
	return out
}

// Code is the area's part of a check id ("APP"); "" for an unknown area.
func (a Area) Code() string {
	for _, c := range areaCodes {
		if c.area == a {
			return c.code
		}
	}
	return ""
}

// Title is the area's name for people ("Machine-to-machine access").
func (a Area) Title() string {
	for _, c := range areaCodes {
		if c.area == a {
			return c.name
		}
	}
	return string(a)
}

// ParseArea reads an area by its name ("applications") or its code
// ("APP"), in any case.
func ParseArea(s string) (Area, error) {
	s = strings.TrimSpace(s)
	for _, c := range areaCodes {
		if strings.EqualFold(s, string(c.area)) || strings.EqualFold(s, c.code) {
			return c.area, nil
		}
	}
	return "", fmt.Errorf("posture: unknown area %q; %s", s, areaFix(s))
}

// areaFix lists the areas, and the nearest one.
func areaFix(s string) string {
	var names, all []string
	for _, c := range areaCodes {
		names = append(names, string(c.area))
		all = append(all, string(c.area), c.code)
	}
	fix := "use one of " + strings.Join(names, ", ") + " (or its code, e.g. APP)"
	if c := suggest.Closest(s, all); c != "" {
		if a, err := ParseArea(c); err == nil {
			fix += "; did you mean " + string(a) + "?"
		}
	}
	return fix
}
