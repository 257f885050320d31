package posture

import (
	"github.com/authlens/authlens/inventory"
	"github.com/authlens/authlens/posture/model"
)

// check is a check's logic: the kinds it reads and a pure function of the
// decoded tenant that reports what it finds through a reporter. Its texts
// live in the catalogue (catalogue/*.yaml).
type check struct {
	id string
	// needs are the kinds run reads. Run decodes them first: when one
	// was not read, the check is not evaluated and run is not called, so
	// run may ignore the errors of their accessors.
	needs []inventory.Kind
	run   func(t *model.Tenant, r *reporter)
}

// kinds lists kinds (for check.needs).
func kinds(k ...inventory.Kind) []inventory.Kind { return k }

// allChecks returns every check, one list per area file.
func allChecks() []check {
	var out []check
	for _, area := range [][]check{
		applicationChecks(),
		machineToMachineChecks(),
		apiChecks(),
		connectionChecks(),
		attackProtectionChecks(),
		mfaChecks(),
		tenantChecks(),
		customDomainChecks(),
		emailChecks(),
		loggingChecks(),
		codeChecks(),
		roleChecks(),
		organizationChecks(),
		pathChecks(),
		surfaceChecks(),
		orgSurfaceChecks(),
		guardianChecks(),
	} {
		out = append(out, area...)
	}
	return out
}
