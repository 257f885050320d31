package posture

func customDomainChecks() []check { return nil }
