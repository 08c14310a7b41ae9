package logger

import (
	"context"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
)

type ctxKey struct{}

type ctxLogger struct {
	bound *zap.Logger // base with the trace fields of sc
	base  *zap.Logger
	sc    trace.SpanContext
}

// NewContext returns a copy of ctx that carries l for [FromContext]. When
// ctx holds a valid span (or a sampling [Decision]), the logger is bound to
// it now, once, so that
// lines logged through FromContext cost no more than lines of l. A nil l
// stores [zap.L] as it is when NewContext is called.
func NewContext(ctx context.Context, l *zap.Logger) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	if l == nil {
		l = zap.L()
	}
	v := &ctxLogger{bound: l, base: l, sc: trace.SpanContextFromContext(ctx)}
	if v.sc.IsValid() || DecisionFromContext(ctx) != nil {
		v.bound = l.With(Context(ctx))
	}
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the logger stored by [NewContext], carrying the trace
// fields of ctx's span. It never returns nil: without a stored logger it
// returns [zap.L] (with ctx's trace fields, if a tracelog core is in its
// chain). When ctx holds the span the logger was stored with, it returns
// that logger as is; when ctx holds another span (a child started after
// NewContext), it derives a logger for that span, which allocates.
func FromContext(ctx context.Context) *zap.Logger {
	if ctx == nil {
		return zap.L()
	}
	sc := trace.SpanContextFromContext(ctx)
	v, _ := ctx.Value(ctxKey{}).(*ctxLogger)
	if v == nil {
		if sc.IsValid() {
			return zap.L().With(Context(ctx))
		}
		return zap.L()
	}
	if !sc.IsValid() || (sc.SpanID() == v.sc.SpanID() && sc.TraceID() == v.sc.TraceID()) {
		return v.bound
	}
	return v.base.With(Context(ctx))
}
