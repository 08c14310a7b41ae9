package logger

import (
	"context"
	"sync/atomic"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog/internal/headsample"
)

type ctxKey struct{}

// ctxLogger is the context NewContext returns: its parent, the logger, and
// the last logger bound from it to a span, reused while the span stays the
// same. Being the context node itself, it costs one allocation.
type ctxLogger struct {
	context.Context
	base  *zap.Logger
	bound atomic.Pointer[boundLogger]
}

// Value returns the node itself for ctxKey, else asks the parent.
func (c *ctxLogger) Value(key any) any {
	if _, ok := key.(ctxKey); ok {
		return c
	}
	return c.Context.Value(key)
}

// String names the node, as the context package's own contexts do.
func (c *ctxLogger) String() string { return "logger.NewContext" }

type boundLogger struct {
	tid trace.TraceID
	sid trace.SpanID
	l   *zap.Logger
}

// NewContext returns a copy of ctx that carries l for [FromContext]. The
// logger is bound to a span (and a sampling [Decision]) when FromContext
// first asks for it, once per span, so a request that logs nothing pays
// nothing, and later lines cost no more than lines of l. Middleware may call
// NewContext before or after it puts the request's span in the context. A
// nil l stores [Default] as it is when NewContext is called.
func NewContext(ctx context.Context, l *zap.Logger) context.Context {
	if ctx == nil {
		ctx = context.Background()
	}
	if l == nil {
		l = Default()
	}
	return &ctxLogger{Context: ctx, base: l}
}

// FromContext returns the logger stored by [NewContext], carrying the trace
// fields of ctx's span. It never returns nil, nor a logger that drops lines
// silently: without a stored logger it returns [Default] (the logger
// tracelog.New built, in most services) with ctx's trace fields and
// sampling decision. The first call for a span binds the logger to it
// (which allocates); later calls for the same span return that logger as
// is.
func FromContext(ctx context.Context) *zap.Logger {
	if ctx == nil {
		return Default()
	}
	sc := trace.SpanContextFromContext(ctx)
	v, _ := ctx.Value(ctxKey{}).(*ctxLogger)
	if v == nil {
		if sc.IsValid() || headsample.FromContext(ctx) != nil {
			return Default().With(Context(ctx))
		}
		return Default()
	}
	tid, sid := sc.TraceID(), sc.SpanID()
	if b := v.bound.Load(); b != nil && b.tid == tid && b.sid == sid {
		return b.l
	}
	l := v.base
	if sc.IsValid() || headsample.FromContext(ctx) != nil {
		l = l.With(Context(ctx))
	}
	v.bound.Store(&boundLogger{tid: tid, sid: sid, l: l})
	return l
}
