package grpclog

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/internal/tracecontext"
)

// defaultPropagator is otel's delegating default propagator as the
// process starts (nil when one was set before this package's init). While
// otel.GetTextMapPropagator still returns it and no propagator was given,
// hop.Propagator resolves to W3C Trace Context (package tracecontext) and
// Baggage, and the server reads those headers itself: otel's Extract would build a context only to
// be read back and dropped, two allocations per call.
var defaultPropagator = func() propagation.TextMapPropagator {
	if g := otel.GetTextMapPropagator(); len(g.Fields()) == 0 {
		return g
	}
	return nil
}()

// usesW3C reports whether the resolved propagator is hop's W3C default.
// Comparing with a pointer-typed interface never panics.
func usesW3C(configured propagation.TextMapPropagator) bool {
	return configured == nil && defaultPropagator != nil && otel.GetTextMapPropagator() == defaultPropagator
}

const baggageHeader = "baggage"

// extractW3C reads the traceparent and tracestate of md by W3C Trace
// Context Level 2 (package tracecontext, as httplog does), and returns the
// remote span context, the parent ID's hex text, and ctx with a tracestate
// otel's TraceState cannot hold whole, if any.
func extractW3C(ctx context.Context, md *incomingMD) (trace.SpanContext, string, context.Context) {
	tp := md.Values(tracecontext.TraceparentHeader)
	if len(tp) == 0 {
		return trace.SpanContext{}, "", ctx
	}
	remote, parentHex := tracecontext.ParseTraceparent(tp)
	if remote.IsValid() {
		ctx, remote = tracecontext.WithTracestate(ctx, remote, md.Values(tracecontext.TracestateHeader))
	}
	return remote, parentHex, ctx
}
