package headsample

import "context"

// A Decision is a head sampler's verdict on one request. Stored in the
// request's context with [With], it is followed by every logger bound to
// that context and by every line logged with a context field of it, so a
// request's lines are kept or dropped together. Lines at Error or above
// are always written; when the request was sampled out they are marked as
// forced. Implementations are safe for concurrent use and cheap: Keep or
// DropLine is called on every line of the request.
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

// With returns a copy of ctx that carries d. A nil ctx is taken as
// context.Background.
func With(ctx context.Context, d Decision) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return context.WithValue(ctx, decisionKey{}, d)
}

// FromContext returns the decision carried by ctx, or nil (also for a nil
// ctx).
func FromContext(ctx context.Context) Decision {
	if ctx == nil {
		return nil
	}
	d, _ := ctx.Value(decisionKey{}).(Decision)
	return d
}
