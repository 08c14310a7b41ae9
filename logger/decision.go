package logger

import (
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/headsample"
)

// KeySampled marks a line written although its request was sampled out by
// a head sampler (package sampling): its value is [SampledForced].
const (
	KeySampled    = ExtensionPrefix + "sampled" // the default profile's name of SampledKey
	SampledForced = "forced"
)

// dropLine reports whether a line of level l is left out under d, and
// counts it when it is.
func dropLine(d headsample.Decision, l zapcore.Level) bool {
	return d != nil && l < zapcore.ErrorLevel && d.DropLine()
}

// sampledOut is dropLine without counting the line.
func sampledOut(d headsample.Decision, l zapcore.Level) bool {
	return d != nil && l < zapcore.ErrorLevel && !d.Keep()
}

// forced reports whether a written line must be marked as forced.
func forced(d headsample.Decision) bool {
	return d != nil && (d.Forced() || !d.Keep())
}
