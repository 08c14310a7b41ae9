package logger_test

import (
	"io"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/logger"
)

func discardCore(level zapcore.Level) zapcore.Core {
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg", LevelKey: "level",
		TimeKey: "time", EncodeLevel: zapcore.LowercaseLevelEncoder, EncodeTime: zapcore.EpochTimeEncoder})
	return zapcore.NewCore(enc, zapcore.AddSync(io.Discard), level)
}

// The allocation targets of the foundation issue, held as tests.
func TestAllocations(t *testing.T) {
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	floor := zap.New(discardCore(zapcore.InfoLevel))
	traced := zap.New(logger.NewCore(discardCore(zapcore.InfoLevel)))
	bound := logger.FromContext(logger.NewContext(ctx, traced))
	traced.Info("warm", logger.Context(ctx)) // first and second line of the span fill the cache
	traced.Info("warm", logger.Context(ctx))

	measure := func(f func()) float64 { return testing.AllocsPerRun(200, f) }
	floorLine := measure(func() { floor.Info("line", zap.Int("a", 1), zap.String("b", "x")) })
	tests := []struct {
		name string
		f    func()
		max  float64
	}{
		{"correlated line", func() { traced.Info("line", logger.Context(ctx), zap.Int("a", 1), zap.String("b", "x")) }, floorLine},
		{"FromContext line", func() { bound.Info("line", zap.Int("a", 1), zap.String("b", "x")) }, floorLine},
		{"line without context", func() { traced.Info("line", zap.Int("a", 1), zap.String("b", "x")) }, floorLine},
		{"disabled line", func() { traced.Debug("line", logger.Context(ctx), zap.Int("a", 1)) },
			measure(func() { floor.Debug("line", zap.Int("a", 1)) })},
		{"disabled line, Check first", func() {
			if ce := traced.Check(zapcore.DebugLevel, "line"); ce != nil {
				ce.Write(logger.Context(ctx), zap.Int("a", 1))
			}
		}, 0},
		{"Context field", func() { _ = logger.Context(ctx) }, 0},
	}
	// The race detector makes sync.Pool drop items at random, so zap's
	// pooled buffers and entries cost an allocation now and then: the
	// averages of two measurements may then differ by one.
	slack := 0.0
	if raceEnabled {
		slack = 1
	}
	for _, tt := range tests {
		if got := measure(tt.f); got > tt.max+slack {
			t.Errorf("%s: %v allocations, want at most %v", tt.name, got, tt.max)
		}
	}
	if floorLine > 1 {
		t.Logf("note: the floor line allocates %v times", floorLine)
	}
}

// keepingCore hides that the core it embeds keeps nothing of a line: the
// logger core must then give each line memory of its own.
type keepingCore struct{ zapcore.Core }

// A span's first line, written to a core that keeps nothing of it (the
// one zapcore.NewCore returns), costs no allocation over the same line
// without a span while the line and its trace fields fit in 24 fields (with
// the context field and the OTel profile's three keys: 19 fields of the
// caller). Written to a core that may keep the fields, it costs one. A
// longer line costs two either way.
func TestFirstLineAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	for _, tt := range []struct {
		name   string
		core   zapcore.Core
		fields int
		max    int
	}{
		{"releasing", discardCore(zapcore.InfoLevel), 1, 0},
		{"releasing", discardCore(zapcore.InfoLevel), 3, 0},
		{"releasing", discardCore(zapcore.InfoLevel), 19, 0},
		{"releasing", discardCore(zapcore.InfoLevel), 30, 2},
		{"keeping", keepingCore{discardCore(zapcore.InfoLevel)}, 1, 1},
		{"keeping", keepingCore{discardCore(zapcore.InfoLevel)}, 12, 1},
		{"keeping", keepingCore{discardCore(zapcore.InfoLevel)}, 19, 1},
		{"keeping", keepingCore{discardCore(zapcore.InfoLevel)}, 30, 2},
	} {
		log := zap.New(logger.NewCore(tt.core, logger.WithSpanCacheSize(0)))
		fs := make([]zap.Field, 0, tt.fields+1)
		for i := 0; i < tt.fields; i++ {
			fs = append(fs, zap.Int("k", i))
		}
		plain := testing.AllocsPerRun(100, func() { log.Info("x", fs...) })
		with := append(fs, logger.Context(ctx))
		got := testing.AllocsPerRun(100, func() { log.Info("x", with...) })
		if got-plain > float64(tt.max) {
			t.Errorf("%s, %d fields: %v allocations over the line without a span, want at most %d", tt.name, tt.fields, got-plain, tt.max)
		}
	}
}
