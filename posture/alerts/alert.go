package alerts

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture"
)

// Alert is one security-relevant change between two scans of a tenant.
type Alert struct {
	// Rule is the stable id of the rule that raised it (ALR-GRANT-001).
	Rule string `json:"rule"`
	// Severity grades this alert: the rule's grade of the change, raised
	// to the worst new finding attached to it.
	Severity posture.Severity `json:"severity"`
	// Title is the rule's title; Message says what changed on this
	// resource, for people.
	Title   string `json:"title"`
	Message string `json:"message"`
	// Tenant is the new snapshot's tenant URL.
	Tenant string `json:"tenant,omitempty"`
	// Resource is the record the alert is about (for ALR-SCAN-001, a
	// kind as a whole).
	Resource posture.Resource `json:"resource"`
	// Changes are the fields that changed, with their values as the
	// snapshots hold them (redacted where they are; code replaced by its
	// digest).
	Changes []Change `json:"changes,omitempty"`
	// Why says why the change matters (the rule's rationale).
	Why string `json:"why"`
	// Findings are the posture findings that appeared (or, for
	// ALR-FIND-002, went away) with the change.
	Findings []FindingRef `json:"findings,omitempty"`
	// Key identifies the alert for idempotent delivery: a hash of the
	// tenant, the rule, the resource and the changes (or the finding's
	// fingerprint). The same change seen again gives the same key.
	Key string `json:"key"`
	// DetectedAt is Options.Now at the time Alerts ran (absent without
	// it).
	DetectedAt time.Time `json:"detected_at,omitzero"`
}

// Change is one field of a record that changed.
type Change struct {
	// Path names the field in the record ("scope",
	// "options.disable_signup", "deployed_version.code"); empty for the
	// record as a whole.
	Path string `json:"path"`
	// Before and After are the JSON values (absent on the side the field
	// is absent from). Lists longer than 25 elements are left out: Added
	// and Removed say what changed in them. Code (an Action's, a Rule's,
	// a Hook's) is given as {"sha256", "bytes", "lines"}, never as text:
	// code may hold secrets that alerts must not carry.
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// Added and Removed are the elements a list gained and lost (at most
	// 100 of each are listed).
	Added   json.RawMessage `json:"added,omitempty"`
	Removed json.RawMessage `json:"removed,omitempty"`
}

// FindingRef is a posture finding an alert refers to.
type FindingRef struct {
	Check       string            `json:"check"`
	Fingerprint string            `json:"fingerprint"`
	Severity    posture.Severity  `json:"severity"`
	Title       string            `json:"title"`
	Message     string            `json:"message"`
	Resource    posture.Resource  `json:"resource"`
	Path        string            `json:"path,omitempty"`
	Location    *posture.Location `json:"location,omitempty"`
	// State is "new" (in the new result, not in the old) or "resolved".
	State string `json:"state"`
}

// String renders the alert on one line for people:
// "high ALR-GRANT-001 clients/abc (Reporting): the grant ...".
func (a Alert) String() string {
	return fmt.Sprintf("%s %s %s: %s", a.Severity, a.Rule, a.Resource, a.Message)
}

// Options shape Alerts. The zero value raises every alert.
type Options struct {
	// MinSeverity leaves out alerts below it, and is the lowest severity
	// of a new finding that raises ALR-FIND-001. The resolution of a
	// finding at or above it (ALR-FIND-002, info) is always reported.
	MinSeverity posture.Severity
	// Rules limits the alerts to these rule ids (default: all).
	Rules []string
	// Now, when set, stamps Alert.DetectedAt.
	Now func() time.Time
}

// Alerts compares two snapshots of one tenant (old, then new) and
// returns the changes that matter for security, highest severity first.
//
// The rules read inventory.Diff(old, new): records are compared only
// where both scans read them, so a kind that was not read on one side
// (forbidden, failed, left out) raises no alert about its records, only
// ALR-SCAN-001 when the scanner lost sight of it; a record is reported
// removed only when the new scan read its whole kind (status ok,
// not_configured or unavailable). Changes nobody acts on (timestamps,
// counters, last logins, log events) raise nothing: each rule looks at
// the fields it names. Changes that tighten security raise nothing.
//
// oldRes and newRes are the posture results of the two snapshots (see
// posture.Run); either may be nil, and then the finding rules do not run.
// A finding counts as new when its fingerprint is not in oldRes and its
// check judged that resource in oldRes, resolved when it is gone from
// newRes and its check judged the resource there; a finding that only
// moved (the same check on the same resource, at another line of a script
// or another field) is neither. New
// findings on a record whose change raised an alert are attached to that
// alert instead of raising ALR-FIND-001.
//
// With old nil (a first scan) it returns nothing. It reads nothing but its
// arguments, and does not modify them.
func Alerts(old, new *inventory.Snapshot, oldRes, newRes *posture.Result, opts Options) []Alert {
	if old == nil || new == nil {
		return nil
	}
	p := newPass(old, new, oldRes, newRes, opts)
	p.scanRules()
	p.findingDiff()
	p.grantRules()
	p.applicationRules()
	p.apiRules()
	p.codeRules()
	p.attackProtectionRules()
	p.mfaRules()
	p.connectionRules()
	p.roleRules()
	p.logStreamRules()
	p.tenantRules()
	p.customDomainRules()
	p.emailProviderRules()
	p.organizationRules()
	p.findingRules()
	return p.finish()
}

// pass is one run of the rules.
type pass struct {
	old, new       *inventory.Snapshot
	oldRes, newRes *posture.Result
	opts           Options
	// apis indexes the APIs of both snapshots by identifier (lazily).
	apis map[string]apiInfo
	// records holds the diff by kind, in id order.
	records map[inventory.Kind][]*record
	byID    map[inventory.Kind]map[string]*record
	// newFindings and resolved are the finding changes; attached marks
	// the new ones an alert carries.
	newFindings []posture.Finding
	resolved    []posture.Finding
	attached    map[string]bool
	out         []Alert
}

// record is one record's part of the diff.
type record struct {
	kind          inventory.Kind
	id            string
	op            inventory.Op
	before, after json.RawMessage
	paths         []string
	// sets holds, by path, the members a set gained and lost (from
	// inventory.Diff's Added and Removed).
	sets    map[string]inventory.Change
	b, a    map[string]any
	decoded bool
}

// setAdded returns the string members the set at path gained, and
// whether the diff compared it as a set (a changed record whose set
// changed). Rules fall back to comparing the records otherwise.
func (r *record) setAdded(path string) ([]string, bool) {
	c, ok := r.sets[path]
	if !ok {
		return nil, false
	}
	var added []string
	if c.Added != nil && json.Unmarshal(c.Added, &added) != nil {
		return nil, false // members that are not strings
	}
	return added, true
}

// obj returns the decoded before and after records (nil on the side that
// lacks the record).
func (r *record) obj() (before, after map[string]any) {
	if !r.decoded {
		r.decoded = true
		r.b, r.a = decodeObj(r.before), decodeObj(r.after)
	}
	return r.b, r.a
}

// touches reports whether a changed record has a change at or below one
// of the paths (always true for an added or removed record).
func (r *record) touches(prefixes ...string) bool {
	if r.op != inventory.OpChanged {
		return true
	}
	for _, p := range r.paths {
		if p == "" {
			return true
		}
		for _, pre := range prefixes {
			if p == pre || strings.HasPrefix(p, pre+".") || strings.HasPrefix(p, pre+"[") {
				return true
			}
		}
	}
	return false
}

func newPass(old, new *inventory.Snapshot, oldRes, newRes *posture.Result, opts Options) *pass {
	p := &pass{old: old, new: new, oldRes: oldRes, newRes: newRes, opts: opts,
		records: map[inventory.Kind][]*record{}, byID: map[inventory.Kind]map[string]*record{},
		attached: map[string]bool{}}
	var cur *record
	for _, c := range inventory.Diff(old, new) {
		if c.Op == inventory.OpStatus || c.Kind == inventory.KindLogs || c.Kind == inventory.KindUsers {
			continue
		}
		if c.Op == inventory.OpRemoved {
			if n := new.Kind(c.Kind); n == nil || !n.Status.Complete() {
				continue // the new scan may just not have seen it
			}
		}
		if cur == nil || cur.kind != c.Kind || cur.id != c.ID {
			cur = &record{kind: c.Kind, id: c.ID, op: c.Op}
			switch c.Op {
			case inventory.OpAdded:
				cur.after = c.After
			case inventory.OpRemoved:
				cur.before = c.Before
			default:
				cur.before, cur.after = old.Kind(c.Kind).Record(c.ID), new.Kind(c.Kind).Record(c.ID)
			}
			p.records[c.Kind] = append(p.records[c.Kind], cur)
			if p.byID[c.Kind] == nil {
				p.byID[c.Kind] = map[string]*record{}
			}
			p.byID[c.Kind][c.ID] = cur
		}
		if c.Op == inventory.OpChanged {
			cur.paths = append(cur.paths, c.Path)
			if c.Added != nil || c.Removed != nil {
				if cur.sets == nil {
					cur.sets = map[string]inventory.Change{}
				}
				cur.sets[c.Path] = c
			}
		}
	}
	return p
}

// raise records an alert of a rule.
func (p *pass) raise(rule string, sev posture.Severity, res posture.Resource, msg string, changes []Change, findings []FindingRef) {
	info := ruleByID[rule]
	if rule != RuleFindingNew && rule != RuleFindingResolved && rule != RuleLostSight && res.ID != "" {
		// New findings about the record go with the alert about it.
		findings = append(findings, p.findingsOn(res.Kind, res.ID)...)
	}
	for _, f := range findings {
		if f.State == "new" && f.Severity > sev {
			sev = f.Severity
		}
	}
	p.out = append(p.out, Alert{Rule: rule, Severity: sev, Title: info.Title, Message: msg, Tenant: p.new.Tenant,
		Resource: res, Changes: changes, Why: info.Why, Findings: findings})
}

// finish filters, keys and sorts the alerts.
func (p *pass) finish() []Alert {
	var out []Alert
	var now time.Time
	if p.opts.Now != nil {
		now = p.opts.Now()
	}
	for _, a := range p.out {
		if len(p.opts.Rules) > 0 && !slices.Contains(p.opts.Rules, a.Rule) {
			continue
		}
		if a.Severity < p.opts.MinSeverity && a.Rule != RuleFindingResolved {
			continue
		}
		a.Key = alertKey(a)
		a.DetectedAt = now
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(a, b Alert) int {
		return cmp.Or(cmp.Compare(b.Severity, a.Severity), cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Resource.Kind, b.Resource.Kind), cmp.Compare(a.Resource.ID, b.Resource.ID), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// alertKey hashes what identifies an alert: tenant, rule, resource and
// the changes (a finding alert: the finding's fingerprint).
func alertKey(a Alert) string {
	h := sha256.New()
	w := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	w("authlens-alert-v1")
	w(a.Tenant)
	w(a.Rule)
	w(string(a.Resource.Kind))
	w(a.Resource.ID)
	for _, c := range a.Changes {
		w(c.Path)
		w(string(c.Before))
		w(string(c.After))
		w(string(c.Added))
		w(string(c.Removed))
	}
	if a.Rule == RuleFindingNew || a.Rule == RuleFindingResolved {
		for _, f := range a.Findings {
			w(f.Fingerprint)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
