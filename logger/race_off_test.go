//go:build !race

package logger_test

const raceEnabled = false
