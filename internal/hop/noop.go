package hop

import (
	"context"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/embedded"
)

// noopRecheck is how long a tracer found to be a no-op is left alone.
const noopRecheck = time.Second

// SkipNoop wraps t for [Start]: once a Start through t has made no new
// span ID (t is a no-op, such as otel's global tracer before an SDK is
// installed), Start does not call t for a second, which saves the no-op's
// allocations on every request. It then tries t again, so that an SDK
// installed later (otel.SetTracerProvider after the first requests) is in
// use within a second. A nil t gives nil.
func SkipNoop(t trace.Tracer) trace.Tracer {
	if t == nil {
		return nil
	}
	if s, ok := t.(*skipper); ok {
		return s
	}
	return &skipper{t: t}
}

type skipper struct {
	embedded.Tracer
	t         trace.Tracer
	noopUntil atomic.Int64 // UnixNano before which t is taken as a no-op
}

var _ trace.Tracer = (*skipper)(nil)

// skipping reports whether t is taken as a no-op now.
func (s *skipper) skipping() bool {
	until := s.noopUntil.Load()
	return until != 0 && time.Now().UnixNano() < until
}

// Start starts a span through t, remembering when t made no new span ID.
func (s *skipper) Start(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	parent := trace.SpanContextFromContext(ctx)
	sctx, span := s.t.Start(ctx, name, opts...)
	if sc := span.SpanContext(); !sc.IsValid() || sc.SpanID() == parent.SpanID() {
		s.noopUntil.Store(time.Now().Add(noopRecheck).UnixNano())
	} else {
		s.noopUntil.Store(0)
	}
	return sctx, span
}
