package benchmarks_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/headsample"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/sampling"
)

// droppedSetup makes a function that logs one line which is left out.
type droppedSetup struct {
	name string
	make func(tb testing.TB, e env, ctx context.Context) func()
}

var droppedSetups = []droppedSetup{
	// A Debug line on an Info logger: what zap's level check costs.
	{"floor", func(_ testing.TB, e env, _ context.Context) func() {
		log := zap.New(zapJSONCore(e.out))
		return func() { log.Debug("probe", zap.Int("n", 1)) }
	}},
	// An Info line of a request logger inside a request that tracelog's
	// head sampler dropped (a second GET /healthz within the limit's window).
	{"tracelog_sampled_out", func(tb testing.TB, e env, ctx context.Context) func() {
		s, err := sampling.New(nil, []sampling.Rule{sampling.Limit("GET /healthz", 1, 10*time.Minute)},
			sampling.WithSummaryInterval(0))
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { _ = s.Close() })
		sc := trace.SpanContextFromContext(ctx)
		// What httplog does per request, with the sampler the logger
		// carries.
		engine := headsample.FromLogger(zap.New(sampling.NewCore(zapcore.NewNopCore(), s)))
		var first, d headsample.Request
		first.BeginRoute(engine, "GET", "/healthz", sc, time.Now())
		d.BeginRoute(engine, "GET", "/healthz", sc, time.Now())
		if !first.Keep() || d.Keep() {
			tb.Fatal("want the first request kept and the second dropped")
		}
		req := logger.FromContext(logger.NewContext(headsample.With(ctx, &d), tracelogLogger(tb, e.out)))
		return func() { req.Info("probe", zap.Int("n", 1)) }
	}},
	// zap's own sampler, past its budget: one line per hour, then none.
	{"zap_sampler", func(_ testing.TB, e env, _ context.Context) func() {
		log := zap.New(zapcore.NewSamplerWithOptions(zapJSONCore(e.out), time.Hour, 1, 0))
		log.Info("probe", zap.Int("n", 1)) // the one line of the hour
		return func() { log.Info("probe", zap.Int("n", 1)) }
	}},
}

// BenchmarkDroppedLine is a line that is not written. Floor: a line below
// the logger's level.
func BenchmarkDroppedLine(b *testing.B) {
	ctx := sdkSpan(b)
	for _, s := range droppedSetups {
		b.Run(s.name, func(b *testing.B) {
			logLine := s.make(b, benchEnv(b), ctx)
			b.ReportAllocs()
			for b.Loop() {
				logLine()
			}
		})
	}
}
