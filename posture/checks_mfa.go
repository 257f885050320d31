package posture

func mfaChecks() []check { return nil }
