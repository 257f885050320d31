package posture

func loggingChecks() []check { return nil }
