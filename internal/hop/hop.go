package hop

import (
	"context"
	"encoding/binary"
	"math/rand/v2"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Info describes the resolved hop.
type Info struct {
	// SpanContext is the hop's own span context, always valid.
	SpanContext trace.SpanContext
	// Parent is the caller's span ID, zero when the request came without
	// trace context (or it is unknown).
	Parent trace.SpanID
	// Span is the span the SDK started for this hop; the caller must End
	// it. It is nil when the span was there already or the IDs are ours.
	Span trace.Span
	// Incoming reports whether the request carried valid trace context.
	Incoming bool
}

// parented is implemented by SDK spans (sdktrace.ReadOnlySpan).
type parented interface{ Parent() trace.SpanContext }

// Start resolves the hop for ctx, whose incoming trace context (already
// extracted) is remote. tracer may be nil. name and opts are used only
// when an SDK span is started.
func Start(ctx context.Context, remote trace.SpanContext, tracer trace.Tracer, name string, opts ...trace.SpanStartOption) (context.Context, Info) {
	remoteInCtx := false
	if span := trace.SpanFromContext(ctx); span.SpanContext().IsValid() {
		if sc := span.SpanContext(); sc.IsRemote() {
			// Not a span of this process but the caller's span context:
			// a propagator extracted it into ctx, or a no-op tracer
			// (otelhttp without an SDK) handed it back. It is incoming.
			if !remote.IsValid() {
				remote, remoteInCtx = sc, true
			}
		} else {
			info := Info{SpanContext: sc}
			if p, ok := span.(parented); ok {
				ps := p.Parent()
				info.Parent = ps.SpanID()
				info.Incoming = ps.IsRemote()
			}
			return ctx, info
		}
	}
	info := Info{Incoming: remote.IsValid()}
	if info.Incoming {
		info.Parent = remote.SpanID()
	}
	if s, ok := tracer.(*skipper); ok && s.skipping() {
		tracer = nil
	}
	if tracer != nil {
		// The remote span is only the SDK's parent: the hop's own span
		// context below shadows it, so it is not put in ctx otherwise.
		pctx := ctx
		if info.Incoming && !remoteInCtx {
			pctx = trace.ContextWithRemoteSpanContext(ctx, remote)
		}
		sctx, span := tracer.Start(pctx, name, opts...)
		// A no-op tracer hands back the parent's span context (or an
		// invalid one): only an SDK makes a new span ID.
		if sc := span.SpanContext(); sc.IsValid() && sc.SpanID() != remote.SpanID() {
			info.SpanContext, info.Span = sc, span
			return sctx, info
		}
	}
	cfg := trace.SpanContextConfig{SpanID: NewSpanID()}
	if info.Incoming {
		cfg.TraceID, cfg.TraceFlags, cfg.TraceState = remote.TraceID(), remote.TraceFlags(), remote.TraceState()
	} else {
		cfg.TraceID = NewTraceID()
	}
	info.SpanContext = trace.NewSpanContext(cfg)
	return contextWithSpanContext(ctx, info.SpanContext), info
}

// NewTraceID returns a random, valid trace ID.
func NewTraceID() trace.TraceID {
	var t trace.TraceID
	for !t.IsValid() {
		binary.BigEndian.PutUint64(t[:8], rand.Uint64())
		binary.BigEndian.PutUint64(t[8:], rand.Uint64())
	}
	return t
}

// NewSpanID returns a random, valid span ID.
func NewSpanID() trace.SpanID {
	var s trace.SpanID
	for !s.IsValid() {
		binary.BigEndian.PutUint64(s[:], rand.Uint64())
	}
	return s
}

var w3c propagation.TextMapPropagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})

// defaultGlobal is the global propagator as the process starts: otel's
// delegating default, which propagates nothing until
// otel.SetTextMapPropagator replaces it. It is nil when a propagator was
// set before this package was initialized.
var defaultGlobal = func() propagation.TextMapPropagator {
	if g := otel.GetTextMapPropagator(); len(g.Fields()) == 0 {
		return g
	}
	return nil
}()

// Propagator returns p when it is not nil, else the global propagator, or
// W3C TraceContext with Baggage while the global one is still the default
// that propagates nothing. It is meant to be called per request (so a
// global set later is seen) and does not allocate.
func Propagator(p propagation.TextMapPropagator) propagation.TextMapPropagator {
	if p != nil {
		return p
	}
	// Comparing with a pointer-typed interface never panics: values of
	// other dynamic types are simply unequal. Fields() is not consulted
	// per call because composite propagators allocate to build it.
	if g := otel.GetTextMapPropagator(); g != defaultGlobal {
		return g
	}
	return w3c
}
