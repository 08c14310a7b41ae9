package hop_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/internal/hop"
)

func TestPropagatorDefaultAndGlobal(t *testing.T) {
	def := hop.Propagator(nil)
	if got := def.Fields(); len(got) != 3 {
		t.Fatalf("default fields = %v, want traceparent, tracestate, baggage", got)
	}
	if n := testing.AllocsPerRun(100, func() { _ = hop.Propagator(nil) }); n != 0 {
		t.Errorf("Propagator(nil) allocates %v times, want 0", n)
	}
	own := propagation.TraceContext{}
	if got := hop.Propagator(own); got != propagation.TextMapPropagator(own) {
		t.Errorf("Propagator(p) = %T, want p", got)
	}

	prev := otel.GetTextMapPropagator()
	t.Cleanup(func() { otel.SetTextMapPropagator(prev) })
	// A composite is a slice type: comparing it must not panic.
	global := propagation.NewCompositeTextMapPropagator(propagation.Baggage{})
	otel.SetTextMapPropagator(global)
	if got := hop.Propagator(nil).Fields(); len(got) != 1 || got[0] != "baggage" {
		t.Errorf("with a global propagator, fields = %v, want [baggage]", got)
	}
	if n := testing.AllocsPerRun(100, func() { _ = hop.Propagator(nil) }); n != 0 {
		t.Errorf("Propagator(nil) with a global allocates %v times, want 0", n)
	}
}

func TestStartOwnSpanWithoutTracer(t *testing.T) {
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	remote := trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled, Remote: true})
	ctx, info := hop.Start(context.Background(), nil, remote, nil, "x")
	sc := trace.SpanContextFromContext(ctx)
	if sc.TraceID() != tid || sc.SpanID() == sid || !sc.IsValid() || !sc.IsSampled() {
		t.Errorf("hop span = %v, want a new span ID in trace %v, sampled", sc, tid)
	}
	if info.Parent != sid || !info.Incoming || info.Span != nil || !info.SpanContext.Equal(sc) {
		t.Errorf("info = %+v", info)
	}
}
