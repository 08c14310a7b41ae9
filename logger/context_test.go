package logger_test

import (
	"context"
	"testing"

	"go.uber.org/zap"

	"github.com/tracelog/tracelog/logger"
)

func TestFromContext(t *testing.T) {
	log, logs := observed(t)
	parent := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	ctx := logger.NewContext(parent, log.With(zap.String("req", "r1")))

	got := logger.FromContext(ctx)
	if got != logger.FromContext(ctx) {
		t.Error("FromContext must return the logger bound by NewContext, not a new one")
	}
	got.Info("in handler")
	if m := only(t, logs); m["trace_id"] != testTraceHex || m["span_id"] != testSpanHex || m["req"] != "r1" {
		t.Fatalf("fields = %v", m)
	}

	// A child span started after NewContext gets its own span_id.
	stored := logger.NewContext(parent, log)
	inChild := trace2(stored, spanContext(t, testTraceHex, "3333333333333333", true))
	logger.FromContext(inChild).Info("child of stored")
	if m := only(t, logs); m["span_id"] != "3333333333333333" || m["trace_id"] != testTraceHex {
		t.Fatalf("child span of a stored logger: %v", m)
	}
}

func TestFromContextFallsBackToGlobal(t *testing.T) {
	log, logs := observed(t)
	undo := zap.ReplaceGlobals(log)
	defer undo()

	//lint:ignore SA1012 nil on purpose
	if logger.FromContext(nil) == nil {
		t.Fatal("FromContext(nil) returned nil")
	}
	logger.FromContext(context.Background()).Info("no span")
	if m := only(t, logs); len(m) != 0 {
		t.Fatalf("fields = %v", m)
	}
	logger.FromContext(ctxWith(spanContext(t, testTraceHex, testSpanHex, true))).Info("span")
	if m := only(t, logs); m["trace_id"] != testTraceHex {
		t.Fatalf("the global logger must get the span: %v", m)
	}
	// A nil logger stores the global one.
	logger.FromContext(logger.NewContext(context.Background(), nil)).Info("nil")
	if logs.Len() != 1 {
		t.Fatal("NewContext(ctx, nil) must store zap.L()")
	}
}

func TestFromContextCostsNothingPerLine(t *testing.T) {
	log, _ := observed(t)
	ctx := logger.NewContext(ctxWith(spanContext(t, testTraceHex, testSpanHex, true)), log)
	allocs := testing.AllocsPerRun(100, func() { _ = logger.FromContext(ctx) })
	if allocs != 0 {
		t.Fatalf("FromContext allocates %v times, want 0", allocs)
	}
}
