package logger_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog/logger"
)

const (
	testTraceHex = "4bf92f3577b34da6a3ce929d0e0e4736"
	testSpanHex  = "00f067aa0ba902b7"
)

func spanContext(t testing.TB, traceHex, spanHex string, sampled bool) trace.SpanContext {
	t.Helper()
	tid, err := trace.TraceIDFromHex(traceHex)
	if err != nil {
		t.Fatal(err)
	}
	sid, err := trace.SpanIDFromHex(spanHex)
	if err != nil {
		t.Fatal(err)
	}
	var flags trace.TraceFlags
	if sampled {
		flags = trace.FlagsSampled
	}
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: flags})
}

func ctxWith(sc trace.SpanContext) context.Context {
	return trace.ContextWithSpanContext(context.Background(), sc)
}

// observed returns a logger through the tracelog core over an observer.
func observed(t testing.TB, opts ...logger.Option) (*zap.Logger, *observer.ObservedLogs) {
	t.Helper()
	obs, logs := observer.New(zapcore.DebugLevel)
	return zap.New(logger.NewCore(obs, opts...)), logs
}

// only returns the single entry logged, failing otherwise.
func only(t testing.TB, logs *observer.ObservedLogs) map[string]any {
	t.Helper()
	all := logs.TakeAll()
	if len(all) != 1 {
		t.Fatalf("got %d entries, want 1: %v", len(all), all)
	}
	return all[0].ContextMap()
}

// trace2 returns ctx with sc as its span, keeping ctx's values.
func trace2(ctx context.Context, sc trace.SpanContext) context.Context {
	return trace.ContextWithSpanContext(ctx, sc)
}
