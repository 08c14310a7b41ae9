//go:build race

package httplog_test

// raceEnabled: sync.Pool drops items at random under the race detector, so
// allocation counts are not held then.
const raceEnabled = true
