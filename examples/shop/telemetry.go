package main

import (
	"context"
	"errors"
	"os"

	"go.opentelemetry.io/contrib/exporters/autoexport"
	"go.opentelemetry.io/otel/attribute"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/otellogs"
)

const version = "1.0.0"

// telemetry is one service's tracer provider, logger provider and logger.
type telemetry struct {
	tp  *sdktrace.TracerProvider
	lp  *sdklog.LoggerProvider // nil when nothing is exported
	log *zap.Logger
}

// exporting reports whether the standard OTEL_* variables ask for OTLP.
func exporting() bool {
	return os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" ||
		os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != "" ||
		os.Getenv("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT") != ""
}

// newTelemetry sets up one service: traces always go through the SDK (so
// the IDs in the logs are real spans); with OTEL_EXPORTER_OTLP_ENDPOINT set,
// spans and log records are exported over OTLP as the OTEL_* variables
// say, else the logs go to stdout only.
func newTelemetry(ctx context.Context, service string, extra ...tracelog.Option) (*telemetry, error) {
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(
		attribute.String("service.name", service), attribute.String("service.version", version)))
	if err != nil {
		return nil, err
	}
	t := &telemetry{}
	topts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
	opts := append([]tracelog.Option{tracelog.WithService(service, version), tracelog.WithEnv()}, extra...)
	if exporting() {
		se, err := autoexport.NewSpanExporter(ctx)
		if err != nil {
			return nil, err
		}
		topts = append(topts, sdktrace.WithBatcher(se))
		le, err := autoexport.NewLogExporter(ctx)
		if err != nil {
			return nil, err
		}
		t.lp = sdklog.NewLoggerProvider(sdklog.WithResource(res), sdklog.WithProcessor(sdklog.NewBatchProcessor(le)))
		opts = append(opts, otellogs.WithLoggerProvider(t.lp))
	}
	t.tp = sdktrace.NewTracerProvider(topts...)
	if t.log, err = tracelog.New(opts...); err != nil {
		return nil, err
	}
	return t, nil
}

// shutdown flushes what is buffered.
func (t *telemetry) shutdown(ctx context.Context) error {
	err := t.tp.Shutdown(ctx)
	if t.lp != nil {
		err = errors.Join(err, t.lp.Shutdown(ctx))
	}
	_ = t.log.Sync() // stdout cannot always be synced
	return err
}
