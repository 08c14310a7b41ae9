package corewrite_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog/internal/corewrite"
)

func jsonCore(w zapcore.WriteSyncer, lvl zapcore.LevelEnabler) zapcore.Core {
	return zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), w, lvl)
}

type plainCore struct {
	zapcore.Core
	plain bool
}

func (c plainCore) PlainCheck() bool { return c.plain }

func TestPlain(t *testing.T) {
	var buf bytes.Buffer
	io := jsonCore(zapcore.AddSync(&buf), zapcore.InfoLevel)
	obs, _ := observer.New(zapcore.InfoLevel)
	sampled := zapcore.NewSamplerWithOptions(io, time.Second, 1, 0)
	for _, tc := range []struct {
		name string
		core zapcore.Core
		want bool
	}{
		{"NewCore", io, true},
		{"NewCore.With", io.With([]zapcore.Field{zap.String("k", "v")}), true},
		{"tee", zapcore.NewTee(io, obs), false},
		{"sampler", sampled, false},
		{"observer", obs, false},
		{"level core", mustIncrease(t, io), false},
		{"says plain", plainCore{io, true}, true},
		{"says not plain", plainCore{io, false}, false},
		{"nop", zapcore.NewNopCore(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := corewrite.Plain(tc.core); got != tc.want {
				t.Errorf("Plain = %v, want %v", got, tc.want)
			}
		})
	}
}

type releasingCore struct {
	zapcore.Core
	releases bool
}

func (c releasingCore) ReleasesFields() bool { return c.releases }

func TestTransient(t *testing.T) {
	io := jsonCore(zapcore.AddSync(discard{}), zapcore.InfoLevel)
	obs, _ := observer.New(zapcore.InfoLevel)
	for _, tc := range []struct {
		name string
		core zapcore.Core
		want bool
	}{
		{"NewCore", io, true},
		{"NewCore.With", io.With([]zapcore.Field{zap.String("k", "v")}), true},
		{"observer", obs, false},
		{"tee", zapcore.NewTee(io, io), false},
		{"sampler", zapcore.NewSamplerWithOptions(io, time.Second, 1, 0), false},
		{"says it releases", releasingCore{io, true}, true},
		{"says it keeps", releasingCore{io, false}, false},
		{"plain but silent", plainCore{io, true}, false},
		{"nop", zapcore.NewNopCore(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := corewrite.Transient(tc.core); got != tc.want {
				t.Errorf("Transient = %v, want %v", got, tc.want)
			}
		})
	}
}

func mustIncrease(t *testing.T, c zapcore.Core) zapcore.Core {
	t.Helper()
	out, err := zapcore.NewIncreaseLevelCore(c, zapcore.WarnLevel)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWriteSameBytes writes the same entries both ways: the direct write
// and the CheckedEntry give the same output, and a disabled level writes
// nothing either way.
func TestWriteSameBytes(t *testing.T) {
	ent := zapcore.Entry{Level: zapcore.InfoLevel, Time: time.Unix(1700000000, 5).UTC(), Message: "m"}
	fields := []zapcore.Field{zap.String("a", "b"), zap.Int("n", 3)}
	for _, lvl := range []zapcore.Level{zapcore.DebugLevel, zapcore.InfoLevel, zapcore.ErrorLevel} {
		ent.Level = lvl
		var direct, checked bytes.Buffer
		dc := jsonCore(zapcore.AddSync(&direct), zapcore.InfoLevel)
		cc := jsonCore(zapcore.AddSync(&checked), zapcore.InfoLevel)
		if err := corewrite.Write(dc, corewrite.Plain(dc), ent, fields, nil); err != nil {
			t.Fatal(err)
		}
		if err := corewrite.Write(cc, false, ent, fields, nil); err != nil {
			t.Fatal(err)
		}
		if direct.String() != checked.String() {
			t.Errorf("level %v: direct %q, checked %q", lvl, direct.String(), checked.String())
		}
		if wantEmpty := lvl < zapcore.InfoLevel; (direct.Len() == 0) != wantEmpty {
			t.Errorf("level %v: wrote %q", lvl, direct.String())
		}
	}
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }
func (failing) Sync() error               { return nil }

// TestWriteErrors: a failed direct write is reported to errOut in the
// CheckedEntry's format, or returned when there is no errOut.
func TestWriteErrors(t *testing.T) {
	ent := zapcore.Entry{Level: zapcore.InfoLevel, Time: time.Unix(1700000000, 0).UTC(), Message: "m"}
	c := jsonCore(failing{}, zapcore.InfoLevel)

	var viaCE, direct bytes.Buffer
	if err := corewrite.Write(c, false, ent, nil, zapcore.AddSync(&viaCE)); err != nil {
		t.Errorf("checked path returned %v", err)
	}
	if err := corewrite.Write(c, true, ent, nil, zapcore.AddSync(&direct)); err != nil {
		t.Errorf("direct path with errOut returned %v", err)
	}
	if viaCE.String() != direct.String() || !strings.Contains(direct.String(), "write error: disk full") {
		t.Errorf("reports differ: CheckedEntry %q, direct %q", viaCE.String(), direct.String())
	}
	if err := corewrite.Write(c, true, ent, nil, nil); err == nil || err.Error() != "disk full" {
		t.Errorf("direct path without errOut = %v, want disk full", err)
	}
}

func TestWriteAllocs(t *testing.T) {
	c := jsonCore(zapcore.AddSync(discard{}), zapcore.InfoLevel)
	ent := zapcore.Entry{Level: zapcore.InfoLevel, Message: "m"}
	fields := []zapcore.Field{zap.String("a", "b")}
	if n := testing.AllocsPerRun(100, func() { _ = corewrite.Write(c, true, ent, fields, nil) }); n != 0 {
		t.Errorf("direct write: %v allocs, want 0", n)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) Sync() error                 { return nil }
