package posture

func codeChecks() []check { return nil }
