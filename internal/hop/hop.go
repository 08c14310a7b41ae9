package hop

import (
	"context"
	"encoding/binary"
	"math/rand/v2"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/internal/tracecontext"
)

// MintedFlags are the trace flags of a trace tracelog starts itself (no
// incoming trace context, no SDK): sampled, so that a downstream service
// whose SDK follows its parent (the SDK's default ParentBased sampler)
// records the trace whose lines tracelog writes, and random (Level 2),
// because the trace ID is drawn from a uniform random source. Flags that
// arrive are propagated unchanged.
const MintedFlags = trace.FlagsSampled | tracecontext.FlagsRandom

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
// extracted) is remote; when a span is already in ctx, remote is read only
// for its parent ID, if [ParentUnknown] says it is needed. A span context
// of the hop's own making goes in node (see [Node]; nil: allocated).
// tracer may be nil. name and opts are used only when an SDK span is
// started.
func Start(ctx context.Context, node *Node, remote trace.SpanContext, tracer trace.Tracer, name string, opts ...trace.SpanStartOption) (context.Context, Info) {
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
			} else if remote.IsValid() && remote.TraceID() == sc.TraceID() {
				// An SDK span that is not recording (its trace was not
				// sampled) does not tell its parent: the incoming trace
				// context the caller read does.
				info.Parent, info.Incoming = remote.SpanID(), true
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
		cfg.TraceID, cfg.TraceFlags = NewTraceID(), MintedFlags
	}
	info.SpanContext = trace.NewSpanContext(cfg)
	return contextWithSpanContext(ctx, info.SpanContext, node), info
}

// ParentUnknown reports whether ctx holds a span of this process (started
// by otelhttp or otelgrpc outside the middleware) that cannot tell its
// parent: a non-recording SDK span, as the SDK makes for a trace it does
// not sample. The caller then reads the incoming trace context for
// [Start]'s remote, which names the parent.
func ParentUnknown(ctx context.Context) bool {
	span := trace.SpanFromContext(ctx)
	sc := span.SpanContext()
	if !sc.IsValid() || sc.IsRemote() {
		return false
	}
	_, ok := span.(parented)
	return !ok
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

// w3c is the default propagator: tracelog's W3C Trace Context Level 2 and
// otel's Baggage.
var w3c propagation.TextMapPropagator = propagation.NewCompositeTextMapPropagator(tracecontext.Propagator{}, propagation.Baggage{})

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

// Propagator returns p when it is not nil, else the global propagator (as
// it is: B3, Jaeger, a composite), or W3C Trace Context Level 2 (package
// tracecontext) with Baggage while the global one is still the default
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

// UsesW3C reports whether [Propagator](p) is the W3C default (Trace
// Context Level 2 and Baggage), which a caller may read itself with
// tracecontext.ExtractRemote and propagation.Baggage: otel's Extract
// would build a context only to be read back, two allocations a request.
func UsesW3C(p propagation.TextMapPropagator) bool {
	// Comparing with a pointer-typed interface never panics.
	return p == nil && defaultGlobal != nil && otel.GetTextMapPropagator() == defaultGlobal
}
