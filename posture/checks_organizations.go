package posture

func organizationChecks() []check { return nil }
