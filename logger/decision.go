package logger

import (
	"context"

	"go.uber.org/zap/zapcore"
)

// KeySampled marks a line written although its request was sampled out:
// its value is [SampledForced].
const (
	KeySampled    = "sampled"
	SampledForced = "forced"
)

// A Decision is a head sampler's verdict on one request (package sampling
// makes them). Stored in the request's context with [WithDecision], it is
// followed by every logger bound to that context ([NewContext],
// With([Context])) and by every line logged with [Context] of it, so a
// request's lines are kept or dropped together.
//
// Lines at Error or above are always written; when the request was sampled
// out they carry sampled="forced". Implementations must be safe for
// concurrent use and cheap: Keep is called on every line of the request.
type Decision interface {
	// Keep reports whether the request's lines below Error are written.
	Keep() bool
	// Forced reports whether the request is kept only because something
	// (an error, a slow response) overrode a head decision to drop it.
	Forced() bool
	// DropLine reports whether a line below Error is left out (the
	// opposite of Keep), and counts it as dropped when it is: one call per
	// line on the hot path.
	DropLine() bool
}

type decisionKey struct{}

// WithDecision returns a copy of ctx that carries d. Bind loggers to the
// context (NewContext) after this call, so they see the decision. A nil ctx
// is taken as context.Background.
func WithDecision(ctx context.Context, d Decision) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return context.WithValue(ctx, decisionKey{}, d)
}

// DecisionFromContext returns the decision carried by ctx, or nil (also
// for a nil ctx).
func DecisionFromContext(ctx context.Context) Decision {
	if ctx == nil {
		return nil
	}
	d, _ := ctx.Value(decisionKey{}).(Decision)
	return d
}

// dropLine reports whether a line of level l is left out under d, and
// counts it when it is.
func dropLine(d Decision, l zapcore.Level) bool {
	return d != nil && l < zapcore.ErrorLevel && d.DropLine()
}

// sampledOut is dropLine without counting the line.
func sampledOut(d Decision, l zapcore.Level) bool {
	return d != nil && l < zapcore.ErrorLevel && !d.Keep()
}

// forced reports whether a written line must be marked as forced.
func forced(d Decision) bool {
	return d != nil && (d.Forced() || !d.Keep())
}
