package tracelog_test

import (
	"context"
	"io"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/logger"
)

// benchSpan starts a span of a real SDK provider (always sampled, no
// exporter), as a service's request span would be.
func benchSpan(b *testing.B) (context.Context, func()) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
	ctx, span := tp.Tracer("bench").Start(context.Background(), "request")
	return ctx, func() { span.End(); _ = tp.Shutdown(context.Background()) }
}

// floorLogger is plain zap with tracelog's own encoder configuration: the
// cost of a line without any correlation.
func floorLogger() *zap.Logger {
	enc := zapcore.NewJSONEncoder(tracelog.EncoderConfig(tracelog.EncodingJSON))
	// Locked like the output of tracelog.New, so parallel runs compare alike.
	core := zapcore.NewCore(enc, zapcore.Lock(zapcore.AddSync(io.Discard)), zapcore.InfoLevel)
	return zap.New(core, zap.AddCaller()).With(
		zap.String(tracelog.KeyServiceName, "checkout"), zap.String(tracelog.KeyServiceVersion, "1.4.2"))
}

func newBenchLogger(b *testing.B, opts ...tracelog.Option) *zap.Logger {
	log, err := tracelog.New(append([]tracelog.Option{
		tracelog.WithService("checkout", "1.4.2"), tracelog.WithOutput(io.Discard)}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	return log
}

// BenchmarkLine measures one Info line with two fields. The tracelog_*
// cases measure trace correlation alone (redaction off); default is
// tracelog.New as it comes, redaction included.
func BenchmarkLine(b *testing.B) {
	ctx, end := benchSpan(b)
	defer end()
	floor := floorLogger()
	log := newBenchLogger(b, tracelog.WithoutRedaction())
	full := newBenchLogger(b)
	reqCtx := logger.NewContext(ctx, log)

	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			floor.Info("charged card", zap.Int("cents", 1299), zap.String("currency", "EUR"))
		}
	})
	b.Run("hand_formatted_ids", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sc := trace.SpanContextFromContext(ctx)
			floor.Info("charged card", zap.String("trace_id", sc.TraceID().String()),
				zap.String("span_id", sc.SpanID().String()), zap.String("trace_flags", sc.TraceFlags().String()),
				zap.Int("cents", 1299), zap.String("currency", "EUR"))
		}
	})
	b.Run("tracelog_context", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			log.Info("charged card", logger.Context(ctx), zap.Int("cents", 1299), zap.String("currency", "EUR"))
		}
	})
	b.Run("tracelog_from_context", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			logger.FromContext(reqCtx).Info("charged card", zap.Int("cents", 1299), zap.String("currency", "EUR"))
		}
	})
	b.Run("default_context", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			full.Info("charged card", logger.Context(ctx), zap.Int("cents", 1299), zap.String("currency", "EUR"))
		}
	})
	b.Run("tracelog_no_context", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			log.Info("charged card", zap.Int("cents", 1299), zap.String("currency", "EUR"))
		}
	})
}

// BenchmarkLineParallel is BenchmarkLine's correlated line from several
// goroutines, which share the span cache.
func BenchmarkLineParallel(b *testing.B) {
	ctx, end := benchSpan(b)
	defer end()
	floor := floorLogger()
	log := newBenchLogger(b, tracelog.WithoutRedaction())
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				floor.Info("charged card", zap.Int("cents", 1299), zap.String("currency", "EUR"))
			}
		})
	})
	b.Run("tracelog_context", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				log.Info("charged card", logger.Context(ctx), zap.Int("cents", 1299), zap.String("currency", "EUR"))
			}
		})
	})
}

// BenchmarkDisabled measures a Debug line when the level is Info.
func BenchmarkDisabled(b *testing.B) {
	ctx, end := benchSpan(b)
	defer end()
	floor := floorLogger()
	log := newBenchLogger(b)
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			floor.Debug("cache miss", zap.Int("cents", 1299))
		}
	})
	b.Run("tracelog_context", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			log.Debug("cache miss", logger.Context(ctx), zap.Int("cents", 1299))
		}
	})
	b.Run("tracelog_context_check", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if ce := log.Check(zapcore.DebugLevel, "cache miss"); ce != nil {
				ce.Write(logger.Context(ctx), zap.Int("cents", 1299))
			}
		}
	})
}
