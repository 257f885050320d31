//go:build race

package biometric

// raceEnabled: the race detector slows map-heavy tests tenfold; they use
// fewer records under it.
const raceEnabled = true
