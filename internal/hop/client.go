package hop

import (
	"context"

	"go.opentelemetry.io/otel/trace"
)

// kinded is implemented by SDK spans that record (sdktrace.ReadOnlySpan).
type kinded interface{ SpanKind() trace.SpanKind }

// StartClient starts the hop of an outgoing call (HTTP or gRPC) made from
// ctx, with the same rules for both, and returns the context to send the
// call with (holding the hop's span) and the hop:
//
//   - a recording client span already in ctx (otelhttp's or otelgrpc's
//     client, outside the caller's own instrumentation) is the hop's;
//   - else, with an SDK behind tracer, the SDK starts the hop's client
//     span, a child of the caller's span;
//   - else the hop gets a span ID of its own, in the caller's trace with
//     its flags and trace state, or, with no span in ctx, the root of a
//     new trace (flags [MintedFlags]).
//
// So each call, each retry and each redirect has a span ID of its own, and
// the callee's parent names exactly one client line. Info.Parent is the
// caller's span ID (zero for a new trace); Info.Span, when not nil, is the
// SDK's span, which the caller must end. tracer may be nil; name and opts
// are used only when an SDK span is started. Without an SDK it costs one
// allocation, none with a node (see [Node]).
func StartClient(ctx context.Context, node *Node, tracer trace.Tracer, name string, opts ...trace.SpanStartOption) (context.Context, Info) {
	caller := trace.SpanFromContext(ctx)
	csc := caller.SpanContext()
	if k, ok := caller.(kinded); ok && csc.IsValid() && !csc.IsRemote() && k.SpanKind() == trace.SpanKindClient {
		info := Info{SpanContext: csc}
		if p, ok := caller.(parented); ok {
			info.Parent = p.Parent().SpanID()
		}
		return ctx, info
	}
	var info Info
	if csc.IsValid() {
		info.Parent = csc.SpanID()
	}
	if s, ok := tracer.(*skipper); ok && s.skipping() {
		tracer = nil
	}
	if tracer != nil {
		sctx, span := tracer.Start(ctx, name, opts...)
		// A no-op tracer hands back the caller's span context (or an
		// invalid one): only an SDK makes a new span ID.
		if sc := span.SpanContext(); sc.IsValid() && sc.SpanID() != csc.SpanID() {
			info.SpanContext, info.Span = sc, span
			return sctx, info
		}
	}
	cfg := trace.SpanContextConfig{SpanID: NewSpanID()}
	if csc.IsValid() {
		cfg.TraceID, cfg.TraceFlags, cfg.TraceState = csc.TraceID(), csc.TraceFlags(), csc.TraceState()
	} else {
		cfg.TraceID, cfg.TraceFlags = NewTraceID(), MintedFlags
	}
	info.SpanContext = trace.NewSpanContext(cfg)
	return contextWithSpanContext(ctx, info.SpanContext, node), info
}
