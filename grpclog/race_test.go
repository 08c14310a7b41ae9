//go:build race

package grpclog_test

const raceEnabled = true
