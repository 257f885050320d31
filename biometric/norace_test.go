//go:build !race

package biometric

const raceEnabled = false
