package tracecontext

import (
	"context"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Header (and metadata) names of W3C Trace Context.
const (
	TraceparentHeader = "traceparent"
	TracestateHeader  = "tracestate"
)

// Propagator propagates W3C Trace Context Level 2 (see the package
// documentation for where it differs from otel's propagation.TraceContext).
type Propagator struct{}

var _ propagation.TextMapPropagator = Propagator{}

// Inject sets the traceparent and tracestate of ctx's span context in
// carrier, when it is valid.
func (Propagator) Inject(ctx context.Context, carrier propagation.TextMapCarrier) {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		return
	}
	if ts := Tracestate(ctx, sc); ts != "" {
		carrier.Set(TracestateHeader, ts)
	}
	carrier.Set(TraceparentHeader, FormatTraceparent(sc))
}

// Extract returns ctx with the remote span context carrier holds, or ctx
// itself when it holds none that is valid.
func (Propagator) Extract(ctx context.Context, carrier propagation.TextMapCarrier) context.Context {
	sc, _, ctx := ExtractRemote(ctx, carrier)
	if !sc.IsValid() {
		return ctx
	}
	return trace.ContextWithRemoteSpanContext(ctx, sc)
}

// ExtractRemote is Extract for a caller that puts the span context in a
// context itself (or never needs it there): it returns the remote span
// context carrier holds (invalid if none), the parent ID's hex text (a
// substring of the header), and ctx with a tracestate otel's TraceState
// cannot hold whole, if any. Without such a tracestate it does not
// allocate.
func ExtractRemote(ctx context.Context, carrier propagation.TextMapCarrier) (trace.SpanContext, string, context.Context) {
	tp := Values(carrier, TraceparentHeader)
	if len(tp) == 0 {
		return trace.SpanContext{}, "", ctx
	}
	sc, parentHex := ParseTraceparent(tp)
	if !sc.IsValid() {
		return trace.SpanContext{}, "", ctx
	}
	ctx, sc = WithTracestate(ctx, sc, Values(carrier, TracestateHeader))
	return sc, parentHex, ctx
}

// Fields returns the header names Inject sets.
func (Propagator) Fields() []string { return []string{TraceparentHeader, TracestateHeader} }

// Values returns every value of key in carrier: all of them when the
// carrier can list them (propagation.ValuesGetter), else its one value.
func Values(carrier propagation.TextMapCarrier, key string) []string {
	if vg, ok := carrier.(propagation.ValuesGetter); ok {
		return vg.Values(key)
	}
	if v := carrier.Get(key); v != "" {
		return []string{v}
	}
	return nil
}
