package tracelog_test

import (
	"context"
	"os"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/logger"
)

// A span context as an incoming request would carry it.
func exampleContext() context.Context {
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	return trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled,
	}))
}

func ExampleNew() {
	log, err := tracelog.New(
		tracelog.WithService("checkout", "1.4.2"),
		tracelog.WithOutput(os.Stdout),
		tracelog.WithoutCaller(),
		tracelog.WithZapOptions(zap.WithClock(fixedClock{})),
	)
	if err != nil {
		panic(err)
	}
	ctx := exampleContext()
	log.Info("charged card", logger.Context(ctx), zap.Int("cents", 1299))
	log.Info("no trace here")
	// Output:
	// {"level":"info","time":"2026-11-21T18:21:19.000000000Z","msg":"charged card","service.name":"checkout","service.version":"1.4.2","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","trace_flags":"01","cents":1299}
	// {"level":"info","time":"2026-11-21T18:21:19.000000000Z","msg":"no trace here","service.name":"checkout","service.version":"1.4.2"}
}
