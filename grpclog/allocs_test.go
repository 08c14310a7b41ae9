package grpclog_test

import (
	"context"
	"testing"

	"github.com/tracelog/tracelog/grpclog"
)

// TestAllocs holds the allocations of a unary server call over a bare
// handler call (which allocates nothing here), every default key written
// to a tracelog.New JSON logger. Where they go, with a traceparent: the
// metadata value grpc copies (1), the hop's span in the context and the
// holder of the fields AddFields adds, one node of the handler's context
// (1), the request logger in the context (1), the peer address text (1).
// Without a traceparent the first is not needed. The line with the trace
// fields of the span's first line takes its memory from the tracelog
// core's pool, as the JSON core below keeps nothing of a line once
// written.
func TestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	icpt := grpclog.UnaryServerInterceptor(benchLogger(t))
	for _, tt := range []struct {
		name        string
		traceparent bool
		max         float64
	}{
		{"traceparent", true, 4},
		{"no traceparent", false, 3},
	} {
		ctx := benchCtx(t, tt.traceparent)
		floor := testing.AllocsPerRun(200, func() { _, _ = trivialHandler(ctx, nil) })
		got := testing.AllocsPerRun(200, func() { _, _ = icpt(ctx, nil, benchInfo, trivialHandler) })
		t.Logf("%s: floor %v, grpclog %v (+%v)", tt.name, floor, got, got-floor)
		if got-floor > tt.max {
			t.Errorf("%s: %v allocations over the floor, want at most %v", tt.name, got-floor, tt.max)
		}
	}
}

// TestClientAllocs holds the allocations of a unary client call over the
// bare invoker, with a span in the caller's context and without one.
// Measured before the client hop's start was shared with httplog: +11
// with a span, +10 without; the shared start puts the hop's span context
// in the context in one allocation instead of two: +10 and +9; that node
// shares the allocation of the peer grpc fills in: +9 and +8.
func TestClientAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	icpt := grpclog.UnaryClientInterceptor(benchLogger(t))
	withSpan, _ := callerContext(t)
	for _, tt := range []struct {
		name string
		ctx  context.Context
		max  float64
	}{
		{"caller span", withSpan, 9},
		{"no span", t.Context(), 8},
	} {
		floor := testing.AllocsPerRun(200, func() { _ = noopInvoker(tt.ctx, "/shop.v1.Orders/Get", nil, nil, nil) })
		got := testing.AllocsPerRun(200, func() { _ = icpt(tt.ctx, "/shop.v1.Orders/Get", nil, nil, nil, noopInvoker) })
		t.Logf("%s: floor %v, grpclog %v (+%v)", tt.name, floor, got, got-floor)
		if got-floor > tt.max {
			t.Errorf("%s: %v allocations over the floor, want at most %v", tt.name, got-floor, tt.max)
		}
	}
}
