package logger_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/logger"
)

func TestSpanEvents(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer func() { _ = tp.Shutdown(context.Background()) }()

	log, logs := observed(t, logger.WithSpanEvents(zapcore.WarnLevel))
	ctx, span := tp.Tracer("t").Start(context.Background(), "op")
	log.Info("below the level", logger.Context(ctx))
	log.Warn("slow query", logger.Context(ctx), zap.Int("ms", 900), zap.String("table", "orders"))
	log.With(logger.Context(ctx)).Error("failed", zap.Error(context.DeadlineExceeded))
	span.End()

	if logs.Len() != 3 {
		t.Fatalf("the log output must not change: %d lines", logs.Len())
	}
	spans := rec.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	s := spans[0]
	events := s.Events()
	if len(events) != 2 {
		t.Fatalf("got %d events, want 2: %v", len(events), events)
	}
	attrs := func(kvs []attribute.KeyValue) map[string]string {
		m := map[string]string{}
		for _, kv := range kvs {
			m[string(kv.Key)] = kv.Value.Emit()
		}
		return m
	}
	if a := attrs(events[0].Attributes); events[0].Name != "log" || a["log.severity"] != "WARN" ||
		a["log.message"] != "slow query" || a["ms"] != "900" || a["table"] != "orders" {
		t.Errorf("event 0: %s %v", events[0].Name, a)
	}
	if a := attrs(events[1].Attributes); a["log.severity"] != "ERROR" || a["exception.message"] != "context deadline exceeded" {
		t.Errorf("event 1: %v", a)
	}
	if s.Status().Code != codes.Error || s.Status().Description != "failed" {
		t.Errorf("status = %v", s.Status())
	}
}

func TestSpanEventsOffByDefault(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	log, _ := observed(t)
	ctx, span := tp.Tracer("t").Start(context.Background(), "op")
	log.Error("failed", logger.Context(ctx))
	span.End()
	if s := rec.Ended()[0]; len(s.Events()) != 0 || s.Status().Code != codes.Unset {
		t.Fatalf("span changed: %v %v", s.Events(), s.Status())
	}
}
