package hop_test

import (
	"context"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/tracelog/tracelog/internal/hop"
)

// Without an SDK, each call from a span gets a span ID of its own, a child
// of the caller's, with the caller's trace, flags and trace state; from no
// span, a new trace with the minted flags.
func TestStartClientWithoutSDK(t *testing.T) {
	caller := remoteSpanContext(t).WithRemote(false).WithTraceFlags(0x02)
	base := trace.ContextWithSpanContext(context.Background(), caller)
	for name, tracer := range map[string]trace.Tracer{
		"nil":     nil,
		"noop":    noop.NewTracerProvider().Tracer("x"),
		"skipper": hop.SkipNoop(noop.NewTracerProvider().Tracer("x")),
	} {
		t.Run(name, func(t *testing.T) {
			seen := map[trace.SpanID]bool{}
			for range 3 {
				ctx, info := hop.StartClient(base, nil, tracer, "GET")
				sc := trace.SpanContextFromContext(ctx)
				if !sc.Equal(info.SpanContext) || sc.TraceID() != caller.TraceID() || sc.SpanID() == caller.SpanID() || seen[sc.SpanID()] {
					t.Fatalf("call span %v, want a new span in the caller's trace", sc)
				}
				seen[sc.SpanID()] = true
				if sc.TraceFlags() != 0x02 || info.Parent != caller.SpanID() || info.Span != nil {
					t.Errorf("flags %v, info %+v", sc.TraceFlags(), info)
				}
			}
			ctx, info := hop.StartClient(context.Background(), nil, tracer, "GET")
			sc := trace.SpanContextFromContext(ctx)
			if !sc.IsValid() || sc.TraceFlags() != hop.MintedFlags || info.Parent.IsValid() {
				t.Errorf("from no span: %v, info %+v", sc, info)
			}
		})
	}
	if n := testing.AllocsPerRun(100, func() { hop.StartClient(base, nil, nil, "GET") }); n != 1 {
		t.Errorf("StartClient without a tracer allocates %v times, want 1", n)
	}
	var node hop.Node
	if n := testing.AllocsPerRun(100, func() { hop.StartClient(base, &node, nil, "GET") }); n != 0 {
		t.Errorf("StartClient with a node allocates %v times, want 0", n)
	}
	if ctx, info := hop.StartClient(base, new(hop.Node), nil, "GET"); !trace.SpanContextFromContext(ctx).Equal(info.SpanContext) {
		t.Errorf("span context in the node %v, want %v", trace.SpanContextFromContext(ctx), info.SpanContext)
	}
}

// With an SDK, the call's span is the SDK's client span, a child of the
// caller's; a recording client span already in the context (otelhttp's
// transport outside) is the call's.
func TestStartClientWithSDK(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	tracer := hop.SkipNoop(tp.Tracer("x"))
	ctx, parent := tp.Tracer("app").Start(context.Background(), "handler", trace.WithSpanKind(trace.SpanKindServer))
	cctx, info := hop.StartClient(ctx, nil, tracer, "GET", trace.WithSpanKind(trace.SpanKindClient))
	if info.Span == nil || info.Parent != parent.SpanContext().SpanID() || !trace.SpanContextFromContext(cctx).Equal(info.SpanContext) {
		t.Fatalf("info %+v", info)
	}
	info.Span.End()
	got := rec.Ended()
	if len(got) != 1 || got[0].SpanKind() != trace.SpanKindClient || got[0].Parent().SpanID() != parent.SpanContext().SpanID() {
		t.Fatalf("ended %v", got)
	}

	octx, outer := tp.Tracer("otelhttp").Start(ctx, "HTTP GET", trace.WithSpanKind(trace.SpanKindClient))
	ictx, info := hop.StartClient(octx, nil, tracer, "GET")
	if info.Span != nil || !info.SpanContext.Equal(outer.SpanContext()) || info.Parent != parent.SpanContext().SpanID() || ictx != octx {
		t.Errorf("under a client span: info %+v", info)
	}
}

// ParentUnknown is true only for a local span that cannot tell its parent,
// and then Start takes the parent from the remote span context read.
func TestParentUnknown(t *testing.T) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.AlwaysSample())))
	remote := remoteSpanContext(t).WithTraceFlags(0)
	rctx := trace.ContextWithRemoteSpanContext(context.Background(), remote)
	if hop.ParentUnknown(rctx) || hop.ParentUnknown(context.Background()) {
		t.Error("remote or no span: parent unknown")
	}
	ctx, span := tp.Tracer("otelhttp").Start(rctx, "GET")
	if span.IsRecording() || !hop.ParentUnknown(ctx) {
		t.Fatalf("unsampled SDK span: recording %v, parent unknown %v", span.IsRecording(), hop.ParentUnknown(ctx))
	}
	_, info := hop.Start(ctx, nil, remote, nil, "GET")
	if info.Parent != remote.SpanID() || !info.Incoming || !info.SpanContext.Equal(span.SpanContext()) {
		t.Errorf("info %+v, want the SDK span with the remote parent", info)
	}
	sctx, sampled := tp.Tracer("otelhttp").Start(trace.ContextWithRemoteSpanContext(context.Background(), remote.WithTraceFlags(trace.FlagsSampled)), "GET")
	if !sampled.IsRecording() || hop.ParentUnknown(sctx) {
		t.Error("a recording SDK span tells its parent")
	}
}
