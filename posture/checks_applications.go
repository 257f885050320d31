package posture

func applicationChecks() []check { return nil }
