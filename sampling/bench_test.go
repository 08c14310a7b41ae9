package sampling_test

import (
	"io"
	"sync/atomic"

	"go.opentelemetry.io/otel/trace"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/sampling"

	"github.com/tracelog/tracelog/internal/headsample"
)

func benchSampler(b *testing.B) *sampling.Sampler {
	s, err := sampling.New(nil, []sampling.Rule{
		sampling.Limit("GET /healthz", 1, 10*time.Second),
		sampling.FirstThen("POST /api/search", 100, time.Second, 50),
		sampling.Ratio("/shop.Orders/List", 4),
	}, sampling.WithSummaryInterval(0))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	return s
}

// BenchmarkDecide is the head decision of one request (2 goroutines).
func BenchmarkDecide(b *testing.B) {
	s := benchSampler(b)
	for _, r := range []struct{ name, method, route string }{
		{"limit", "GET", "/healthz"}, {"first_then_ratio", "POST", "/api/search"},
		{"grpc_ratio", "", "/shop.Orders/List"}, {"default", "GET", "/users/{id}"},
	} {
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism(1)
			var scs [256]trace.SpanContext
			for i := range scs {
				scs[i] = traceCtx(uint64(i), false)
			}
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				now := time.Now()
				for pb.Next() {
					i++
					s.Decide(r.method, r.route, scs[i&255], now)
				}
			})
		})
	}
}

// BenchmarkDroppedLine compares a line inside a sampled-out request with a
// disabled-level line, through a request logger (2 goroutines).
func BenchmarkDroppedLine(b *testing.B) {
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	log := zap.New(logger.NewCore(zapcore.NewCore(enc, zapcore.AddSync(io.Discard), zapcore.InfoLevel)))
	s := benchSampler(b)
	var d sampling.Decision
	s.Begin(&d, route{"GET", "/healthz"}, traceCtx(1, false), time.Now())
	d.Keep() // the first request of the window is kept: make this one dropped
	var dropped sampling.Decision
	s.Begin(&dropped, route{"GET", "/healthz"}, traceCtx(2, false), time.Now())
	if dropped.Keep() {
		b.Fatal("want a dropped request")
	}
	// Each goroutine logs in a sampled-out request of its own, as the
	// handler goroutines of separate requests do.
	var seq atomic.Uint64
	request := func() *zap.Logger {
		d := new(sampling.Decision)
		s.Begin(d, route{"GET", "/healthz"}, traceCtx(10+seq.Add(1), false), time.Now())
		if d.Keep() {
			b.Fatal("want a dropped request")
		}
		return logger.FromContext(logger.NewContext(headsample.With(traceContext(3), d), log))
	}

	b.Run("disabled_level", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(1)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				log.Debug("probe", zap.Int("n", 1))
			}
		})
	})
	b.Run("sampled_out", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(1)
		b.RunParallel(func(pb *testing.PB) {
			req := request()
			for pb.Next() {
				req.Info("probe", zap.Int("n", 1))
			}
		})
	})
	b.Run("zap_sampler_dropped", func(b *testing.B) {
		zs := zap.New(zapcore.NewSamplerWithOptions(zapcore.NewCore(enc, zapcore.AddSync(io.Discard), zapcore.InfoLevel), time.Hour, 1, 0))
		zs.Info("probe")
		b.ReportAllocs()
		b.SetParallelism(1)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				zs.Info("probe", zap.Int("n", 1))
			}
		})
	})
}
