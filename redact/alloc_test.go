package redact_test

import (
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/redact"
)

// allocs returns the allocations of one Info line.
func allocs(log *zap.Logger, msg string, fields ...zap.Field) float64 {
	return testing.AllocsPerRun(200, func() { log.Info(msg, fields...) })
}

// A line with nothing to redact allocates exactly what it allocates
// without the redacting core (nothing, with zap's JSON encoder).
func TestCleanLineAddsNoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	floor := zap.New(benchCore())
	red := zap.New(redact.NewCore(benchCore(), redact.Default()))
	cases := []struct {
		name   string
		fields []zap.Field
	}{
		{"six ordinary fields", sixFields()},
		{"numbers and times", []zap.Field{zap.Int64("id", 4111111111111112), zap.Uint64("u", 1), zap.Float64("f", 1.5), zap.Bool("ok", true), zap.Duration("d", 1)}},
		{"strings with digits and triggers", []zap.Field{zap.String("url", "https://example.com/a?b=c"), zap.String("note", "basic plan, 4111 1111"), zap.String("id", "AKIA1234")}},
		{"no fields", nil},
	}
	for _, c := range cases {
		f, r := allocs(floor, "request served", c.fields...), allocs(red, "request served", c.fields...)
		if r != f {
			t.Errorf("%s: %v allocations through the redacting core, %v without", c.name, r, f)
		}
	}
	// Fields added with With cost nothing per line.
	fw := floor.With(zap.String("service", "checkout"), zap.String("session", "s"))
	rw := red.With(zap.String("service", "checkout"), zap.String("session", "s"))
	if f, r := allocs(fw, "m", sixFields()...), allocs(rw, "m", sixFields()...); r != f {
		t.Errorf("With logger: %v allocations, %v without", r, f)
	}
}

// keepingCore hides that the core it embeds keeps nothing of a line.
type keepingCore struct{ zapcore.Core }

// A short line with a nested object allocates nothing more than without
// the redacting core when the core below keeps nothing of the line (the
// new field slice and the wrapper come from a pool), and one allocation
// for both when it may keep the fields; the traversal itself allocates
// nothing.
func TestNestedObjectAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	deep := zap.Object("o", zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
		return e.AddObject("a", zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
			e.AddString("x", "y")
			return e.AddArray("b", zapcore.ArrayMarshalerFunc(func(a zapcore.ArrayEncoder) error {
				a.AppendString("z")
				return nil
			}))
		}))
	}))
	for _, c := range []struct {
		name  string
		below zapcore.Core
		extra float64
	}{
		{"releasing core", benchCore(), 0},
		{"keeping core", keepingCore{benchCore()}, 1},
	} {
		floor := zap.New(c.below)
		red := zap.New(redact.NewCore(c.below, redact.Default()))
		for _, f := range []zap.Field{zap.Object("customer", benchCustomer), deep, zap.Inline(benchCustomer)} {
			if fl, r := allocs(floor, "m", f), allocs(red, "m", f); r != fl+c.extra {
				t.Errorf("%s, %s: %v allocations, %v without, want %v more", c.name, f.Key, r, fl, c.extra)
			}
		}
	}
}
