package grpclog_test

import (
	"testing"

	"github.com/tracelog/tracelog/grpclog"
)

// TestAllocs holds the allocations of a unary server call over a bare
// handler call (which allocates nothing here), every default key written
// to a tracelog.New JSON logger. Where they go, with a traceparent: the
// metadata value grpc copies (1), the hop's span in the context (1), the
// request logger in the context (1), the peer address text (1). Without a
// traceparent the first is not needed. The line with the trace fields of
// the span's first line takes its memory from the tracelog core's pool, as
// the JSON core below keeps nothing of a line once written.
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
		if got-floor > tt.max {
			t.Errorf("%s: %v allocations over the floor, want at most %v", tt.name, got-floor, tt.max)
		}
	}
}
