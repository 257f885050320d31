package posture

func attackProtectionChecks() []check { return nil }
