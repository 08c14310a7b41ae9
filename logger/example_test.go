package logger_test

import (
	"context"
	"log/slog"
	"os"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/logger"
)

// requestContext returns a context with a span context, as the middleware
// or an OpenTelemetry SDK would set it.
func requestContext() context.Context {
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	return trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled,
	}))
}

// stdoutCore is any core of yours: here JSON to stdout without a time, so
// the output is stable.
func stdoutCore() zapcore.Core {
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg", LevelKey: "level", EncodeLevel: zapcore.LowercaseLevelEncoder})
	return zapcore.NewCore(enc, zapcore.AddSync(os.Stdout), zapcore.InfoLevel)
}

func ExampleContext() {
	log := zap.New(logger.NewCore(stdoutCore()))
	ctx := requestContext()

	log.Info("charged card", logger.Context(ctx), zap.Int("cents", 1299))
	log.Info("migrated call site", zap.Any("context", ctx)) // the otelzap bridge's convention
	log.Info("no span, no trace keys", logger.Context(context.Background()))
	// Output:
	// {"level":"info","msg":"charged card","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","trace_flags":"01","cents":1299}
	// {"level":"info","msg":"migrated call site","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","trace_flags":"01"}
	// {"level":"info","msg":"no span, no trace keys"}
}

func ExampleFromContext() {
	log := zap.New(logger.NewCore(stdoutCore()))
	ctx := logger.NewContext(requestContext(), log) // once, where the request starts

	logger.FromContext(ctx).Info("reserved stock", zap.String("sku", "SKU-42"))
	// Output:
	// {"level":"info","msg":"reserved stock","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","trace_flags":"01","sku":"SKU-42"}
}

// A line logged where no logger was stored (a goroutine of
// context.Background(), a cron job) goes to the default logger, which
// tracelog.New sets; here it is set by hand.
func ExampleDefault() {
	logger.SetDefault(zap.New(logger.NewCore(stdoutCore())))
	defer logger.SetDefault(nil)

	done := make(chan struct{})
	go func() {
		defer close(done)
		logger.FromContext(context.Background()).Info("nightly cleanup done", zap.Int("removed", 12))
	}()
	<-done
	// Output:
	// {"level":"info","msg":"nightly cleanup done","removed":12}
}

func ExampleWithProfiles() {
	log := zap.New(logger.NewCore(stdoutCore(), logger.WithProfiles(logger.GCP("my-project"), logger.Datadog())))
	log.Info("profiles", logger.Context(requestContext()))
	// Output:
	// {"level":"info","msg":"profiles","logging.googleapis.com/trace":"projects/my-project/traces/4bf92f3577b34da6a3ce929d0e0e4736","logging.googleapis.com/spanId":"00f067aa0ba902b7","logging.googleapis.com/trace_sampled":true,"dd.trace_id":"11803532876627986230","dd.span_id":"67667974448284343"}
}

func ExampleNewSlogHandler() {
	log := slog.New(logger.NewSlogHandler(zap.New(logger.NewCore(stdoutCore()))))
	log.InfoContext(requestContext(), "through slog", "user", "u1")
	// Output:
	// {"level":"info","msg":"through slog","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","trace_flags":"01","user":"u1"}
}
