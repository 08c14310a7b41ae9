package benchmarks_test

import (
	"context"
	"io"
	"sync"
	"testing"

	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog"
)

// The line every logger writes in the line benchmarks.
const (
	lineMsg      = "charged card"
	lineCents    = 1299
	lineCurrency = "EUR"
)

// sdkSpan returns a context holding a span of a real SDK tracer provider
// (always sampled, no exporter), as a service's request span would be.
func sdkSpan(tb testing.TB) context.Context {
	tb.Helper()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
	ctx, span := tp.Tracer("bench").Start(context.Background(), "request")
	tb.Cleanup(func() {
		span.End()
		_ = tp.Shutdown(context.Background())
	})
	return ctx
}

// env is where a setup writes: lines to out, OpenTelemetry log records to
// lp, spans to tp.
type env struct {
	out io.Writer
	lp  *sdklog.LoggerProvider
	tp  *sdktrace.TracerProvider
}

// benchEnv discards lines, sends OpenTelemetry log records through the
// SDK's batch processor (the production setting) to an exporter that drops
// them, and records spans (always sampled) that no one exports.
func benchEnv(tb testing.TB) env {
	tb.Helper()
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewBatchProcessor(discardExporter{})))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
	tb.Cleanup(func() {
		_ = lp.Shutdown(context.Background())
		_ = tp.Shutdown(context.Background())
	})
	return env{out: io.Discard, lp: lp, tp: tp}
}

// discardExporter is an OpenTelemetry log exporter that drops every record.
type discardExporter struct{}

var _ sdklog.Exporter = discardExporter{}

func (discardExporter) Export(context.Context, []sdklog.Record) error { return nil }
func (discardExporter) Shutdown(context.Context) error                { return nil }
func (discardExporter) ForceFlush(context.Context) error              { return nil }

// recordingExporter keeps the trace ID and body of every record exported.
type recordingExporter struct {
	mu      sync.Mutex
	records []exported
}

type exported struct {
	traceID trace.TraceID
	body    string
}

var _ sdklog.Exporter = (*recordingExporter)(nil)

func (e *recordingExporter) Export(_ context.Context, rs []sdklog.Record) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range rs {
		e.records = append(e.records, exported{traceID: r.TraceID(), body: r.Body().AsString()})
	}
	return nil
}
func (*recordingExporter) Shutdown(context.Context) error   { return nil }
func (*recordingExporter) ForceFlush(context.Context) error { return nil }

func (e *recordingExporter) all() []exported {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]exported(nil), e.records...)
}

// testEnv writes lines to out, exports records synchronously to rec and
// ended spans to spans.
func testEnv(tb testing.TB, out io.Writer, rec *recordingExporter, spans *tracetest.SpanRecorder) env {
	tb.Helper()
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(rec)))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithSpanProcessor(spans))
	tb.Cleanup(func() {
		_ = lp.Shutdown(context.Background())
		_ = tp.Shutdown(context.Background())
	})
	return env{out: out, lp: lp, tp: tp}
}

// zapJSONCore is plain zap as most services set it up: the production
// JSON encoder (epoch-seconds "ts") at Info, without caller.
func zapJSONCore(w io.Writer) zapcore.Core {
	return zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(w), zapcore.InfoLevel)
}

// tracelogLogger is tracelog.New (which redacts by default) writing to w
// without caller (no row of the comparison writes a caller), with opts
// added.
func tracelogLogger(tb testing.TB, w io.Writer, opts ...tracelog.Option) *zap.Logger {
	tb.Helper()
	log, err := tracelog.New(append([]tracelog.Option{tracelog.WithOutput(w), tracelog.WithoutCaller()}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	return log
}
