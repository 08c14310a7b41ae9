package httplog

import (
	"context"
	"errors"

	"go.uber.org/zap/zapcore"
)

// A StatusLevelFunc picks the level of an access line from the response
// status code. It must be safe for concurrent use.
type StatusLevelFunc func(status int) zapcore.Level

// DefaultStatusLevel is the default [StatusLevelFunc]: Error for 5xx, Warn
// for 4xx, Info for the rest. Wrap it to change one case:
//
//	httplog.WithStatusLevel(func(status int) zapcore.Level {
//		if status == http.StatusNotFound {
//			return zapcore.DebugLevel
//		}
//		return httplog.DefaultStatusLevel(status)
//	})
func DefaultStatusLevel(status int) zapcore.Level {
	switch {
	case status >= 500:
		return zapcore.ErrorLevel
	case status >= 400:
		return zapcore.WarnLevel
	default:
		return zapcore.InfoLevel
	}
}

// errorLevel is the level of a client line whose request failed: Warn when
// the caller canceled it (the caller gave up, which is usually deliberate),
// Error for everything else, timeouts included.
func errorLevel(err error) zapcore.Level {
	if errors.Is(err, context.Canceled) {
		return zapcore.WarnLevel
	}
	return zapcore.ErrorLevel
}

// atLeast returns the higher of l and min.
func atLeast(l, min zapcore.Level) zapcore.Level {
	if l < min {
		return min
	}
	return l
}
