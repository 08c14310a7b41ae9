//go:build race

package redact_test

// raceEnabled: sync.Pool drops items at random under the race detector,
// so allocation counts are not exact there.
const raceEnabled = true
