// Command quickstart shows tracelog end to end with nothing to set up: it
// builds the service logger, starts a span, logs through it, and prints
// the correlated JSON lines. Every line of the request carries the same
// trace_id, so `grep <trace_id>` finds all of them.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/logger"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run() error {
	log, err := tracelog.New(tracelog.WithService("quickstart", "0.1.0"), tracelog.WithEnv())
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()

	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()

	ctx, span := tp.Tracer("quickstart").Start(context.Background(), "checkout")
	defer span.End()

	// 1. Any line, with the context as a field.
	log.Info("charged card", logger.Context(ctx), zap.Int("cents", 1299))

	// 2. A request logger carried in the context.
	ctx = logger.NewContext(ctx, log)
	reserve(ctx)

	// 3. slog through the same core.
	slog.New(logger.NewSlogHandler(log.Core())).InfoContext(ctx, "receipt sent", "to", "customer")

	log.Info("not part of any request")
	return nil
}

func reserve(ctx context.Context) {
	logger.FromContext(ctx).Info("reserved stock", zap.String("sku", "SKU-42"))
}
