package hop_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/tracelog/tracelog/internal/hop"
)

func remoteSpanContext(t *testing.T) trace.SpanContext {
	t.Helper()
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled, Remote: true})
}

// A remote span context already in ctx (extracted by a propagator, or
// handed back by a no-op tracer under otelhttp) is the caller's: the hop
// gets its own span ID, a child of it.
func TestStartRemoteSpanInContext(t *testing.T) {
	remote := remoteSpanContext(t)
	base := trace.ContextWithRemoteSpanContext(context.Background(), remote)
	for name, tracer := range map[string]trace.Tracer{
		"nil":     nil,
		"noop":    noop.NewTracerProvider().Tracer("x"),
		"skipper": hop.SkipNoop(noop.NewTracerProvider().Tracer("x")),
	} {
		t.Run(name, func(t *testing.T) {
			ctx, info := hop.Start(base, nil, trace.SpanContext{}, tracer, "GET")
			sc := trace.SpanContextFromContext(ctx)
			if !sc.IsValid() || sc.IsRemote() || sc.TraceID() != remote.TraceID() || sc.SpanID() == remote.SpanID() {
				t.Fatalf("hop span = %v, want a new local span in trace %v", sc, remote.TraceID())
			}
			if !info.Incoming || info.Parent != remote.SpanID() || info.Span != nil || !info.SpanContext.Equal(sc) {
				t.Errorf("info = %+v", info)
			}
			if !sc.IsSampled() {
				t.Error("sampled flag lost")
			}
		})
	}
}

// With an SDK, the remote span context in ctx is the parent of the SDK's
// span, and no ID is made up.
func TestStartRemoteInContextWithSDK(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	remote := remoteSpanContext(t)
	ctx := propagation.TraceContext{}.Extract(context.Background(), propagation.MapCarrier{
		"traceparent": "00-" + remote.TraceID().String() + "-" + remote.SpanID().String() + "-01",
	})
	ctx, info := hop.Start(ctx, nil, trace.SpanContext{}, hop.SkipNoop(tp.Tracer("x")), "GET")
	if info.Span == nil {
		t.Fatal("no SDK span started")
	}
	info.Span.End()
	spans := rec.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans ended, want 1", len(spans))
	}
	s := spans[0]
	if s.SpanContext().SpanID() != trace.SpanContextFromContext(ctx).SpanID() || s.Parent().SpanID() != remote.SpanID() || info.Parent != remote.SpanID() {
		t.Errorf("span %v parent %v; ctx %v; info %+v", s.SpanContext(), s.Parent(), trace.SpanContextFromContext(ctx), info)
	}
}

// The hop's own span context is found by package trace, costs one
// allocation, and keeps the parent's values and cancellation.
func TestStartOwnSpanContextNode(t *testing.T) {
	type key struct{}
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), key{}, "v"))
	ctx, info := hop.Start(parent, nil, trace.SpanContext{}, nil, "GET")
	if got := trace.SpanFromContext(ctx).SpanContext(); !got.Equal(info.SpanContext) || !got.IsValid() {
		t.Fatalf("span context in ctx = %v, want %v", got, info.SpanContext)
	}
	if trace.SpanFromContext(ctx).IsRecording() {
		t.Error("own span is recording")
	}
	if ctx.Value(key{}) != "v" {
		t.Error("parent value lost")
	}
	cancel()
	<-ctx.Done()
	if ctx.Err() != context.Canceled {
		t.Errorf("Err = %v", ctx.Err())
	}
	// A span started on top of it shadows it.
	child := trace.ContextWithSpanContext(ctx, remoteSpanContext(t))
	if trace.SpanContextFromContext(child).Equal(info.SpanContext) {
		t.Error("child context does not shadow the hop's span")
	}
	bg := context.Background()
	if n := testing.AllocsPerRun(100, func() { hop.Start(bg, nil, trace.SpanContext{}, nil, "GET") }); n != 1 {
		t.Errorf("Start without tracer allocates %v times, want 1", n)
	}
	// With the caller's node, nothing: the node is the context.
	var node hop.Node
	if n := testing.AllocsPerRun(100, func() { hop.Start(bg, &node, trace.SpanContext{}, nil, "GET") }); n != 0 {
		t.Errorf("Start with a node allocates %v times, want 0", n)
	}
	nctx, ninfo := hop.Start(bg, new(hop.Node), remoteSpanContext(t), nil, "GET")
	if sc := trace.SpanContextFromContext(nctx); !sc.Equal(ninfo.SpanContext) || sc.TraceID() != remoteSpanContext(t).TraceID() || !ninfo.Incoming {
		t.Errorf("span context in the node %v, info %+v", sc, ninfo)
	}
}

// A no-op tracer is skipped after its first Start: no allocations of its
// own, and an SDK tracer is never skipped.
func TestSkipNoop(t *testing.T) {
	bg := context.Background()
	skip := hop.SkipNoop(noop.NewTracerProvider().Tracer("x"))
	if hop.SkipNoop(skip) != skip {
		t.Error("SkipNoop wraps twice")
	}
	if hop.SkipNoop(nil) != nil {
		t.Error("SkipNoop(nil) != nil")
	}
	hop.Start(bg, nil, trace.SpanContext{}, skip, "GET")
	if n := testing.AllocsPerRun(100, func() { hop.Start(bg, nil, trace.SpanContext{}, skip, "GET") }); n != 1 {
		t.Errorf("Start with a skipped no-op tracer allocates %v times, want 1", n)
	}

	rec := tracetest.NewSpanRecorder()
	sdk := hop.SkipNoop(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)).Tracer("x"))
	for range 3 {
		_, info := hop.Start(bg, nil, trace.SpanContext{}, sdk, "GET")
		if info.Span == nil {
			t.Fatal("SDK tracer skipped")
		}
		info.Span.End()
	}
	if n := len(rec.Ended()); n != 3 {
		t.Errorf("%d SDK spans, want 3", n)
	}
}
