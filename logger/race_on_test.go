//go:build race

package logger_test

// raceEnabled reports whether the race detector is on: it changes what
// escapes, so exact allocation counts are checked without it.
const raceEnabled = true
