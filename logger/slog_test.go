package logger_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"runtime"
	"strings"
	"testing"
	"testing/slogtest"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog/logger"

	"github.com/tracelog/tracelog/internal/headsample"
)

func newJSONCore(buf *bytes.Buffer) zapcore.Core {
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{
		MessageKey: slog.MessageKey, LevelKey: slog.LevelKey, TimeKey: slog.TimeKey,
		EncodeLevel: zapcore.CapitalLevelEncoder, EncodeTime: zapcore.RFC3339NanoTimeEncoder,
	})
	return logger.NewCore(zapcore.NewCore(enc, zapcore.AddSync(buf), zapcore.DebugLevel))
}

func TestSlogHandlerConformance(t *testing.T) {
	var buf bytes.Buffer
	slogtest.Run(t, func(t *testing.T) slog.Handler {
		if strings.Contains(t.Name(), "zero-time") {
			// zap's encoders always write the time key.
			t.Skip("zap encoders always write a time")
		}
		buf.Reset()
		return logger.NewSlogHandler(zap.New(newJSONCore(&buf)))
	}, func(t *testing.T) map[string]any {
		var m map[string]any
		if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
			t.Fatalf("%q: %v", buf.String(), err)
		}
		return m
	})
}

func TestSlogHandlerTraceKeys(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(logger.NewSlogHandler(zap.New(newJSONCore(&buf))))
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	log.InfoContext(ctx, "hello", "n", 1)
	log.With("user", "u1").WithGroup("g").InfoContext(ctx, "grouped", "k", "v")
	log.DebugContext(context.Background(), "no span")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines: %q", len(lines), buf.String())
	}
	var m map[string]any
	for i, line := range lines[:2] {
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		if m["trace_id"] != testTraceHex || m["span_id"] != testSpanHex || m["trace_flags"] != "01" {
			t.Errorf("line %d: %v", i, m)
		}
		if _, ok := m["context"]; ok {
			t.Errorf("line %d printed the context: %v", i, m)
		}
	}
	if g, _ := m["g"].(map[string]any); g["k"] != "v" || m["user"] != "u1" {
		t.Errorf("group: %v", m)
	}
	if strings.Contains(lines[2], "trace_id") || !strings.Contains(lines[2], `"level":"DEBUG"`) {
		t.Errorf("line without span: %s", lines[2])
	}
}

func TestSlogLevels(t *testing.T) {
	for _, tt := range []struct {
		in   slog.Level
		want string
	}{
		{slog.LevelDebug - 4, "DEBUG"}, {slog.LevelDebug, "DEBUG"}, {slog.LevelInfo, "INFO"},
		{slog.LevelInfo + 2, "INFO"}, {slog.LevelWarn, "WARN"}, {slog.LevelError, "ERROR"}, {slog.LevelError + 4, "ERROR"},
	} {
		var buf bytes.Buffer
		slog.New(logger.NewSlogHandler(zap.New(newJSONCore(&buf)))).Log(context.Background(), tt.in, "m")
		if !strings.Contains(buf.String(), `"level":"`+tt.want+`"`) {
			t.Errorf("%v: %s", tt.in, buf.String())
		}
	}
	if !logger.NewSlogHandler(nil).Enabled(context.Background(), slog.LevelError) {
		t.Error("a nil logger must mean the default logger, which writes Error lines")
	}
}

// The record's source becomes the line's caller, and a sampled-out
// request's slog lines below Error are dropped like its zap lines.
func TestSlogCallerAndDecision(t *testing.T) {
	obs, logs := observer.New(zapcore.DebugLevel)
	log := slog.New(logger.NewSlogHandler(zap.New(logger.NewCore(obs), zap.AddCaller())))
	_, file, line, _ := runtime.Caller(0)
	log.Info("here") // line+1
	e := logs.TakeAll()
	if len(e) != 1 || !e[0].Caller.Defined || e[0].Caller.File != file || e[0].Caller.Line != line+1 {
		t.Fatalf("caller = %+v, want %s:%d", e, file, line+1)
	}

	d := &fakeDecision{}
	ctx := headsample.With(ctxWith(spanContext(t, testTraceHex, testSpanHex, true)), d)
	log.InfoContext(ctx, "dropped")
	log.ErrorContext(ctx, "kept")
	e = logs.TakeAll()
	if len(e) != 1 || e[0].Message != "kept" || e[0].ContextMap()["tracelog.sampled"] != "forced" || d.dropped.Load() != 1 {
		t.Fatalf("lines = %v, dropped = %d", e, d.dropped.Load())
	}
}

// The handler follows the logger's options: caller only when the logger
// adds callers, stack traces from the slog call site at the levels where
// the logger adds them, its name, its hooks and its fields.
func TestSlogFollowsLoggerOptions(t *testing.T) {
	var hooked int
	for _, tt := range []struct {
		name       string
		opts       []zap.Option
		caller     bool
		stackLevel slog.Level // lowest level with a stack; above Error for none
	}{
		{"bare", nil, false, slog.LevelError + 1},
		{"caller", []zap.Option{zap.AddCaller()}, true, slog.LevelError + 1},
		{"caller and error stacks", []zap.Option{zap.AddCaller(), zap.AddStacktrace(zapcore.ErrorLevel)}, true, slog.LevelError},
		{"warn stacks, no caller", []zap.Option{zap.AddStacktrace(zapcore.WarnLevel)}, false, slog.LevelWarn},
	} {
		t.Run(tt.name, func(t *testing.T) {
			obs, logs := observer.New(zapcore.DebugLevel)
			opts := append([]zap.Option{zap.Hooks(func(zapcore.Entry) error { hooked++; return nil }), zap.Fields(zap.String("f", "v"))}, tt.opts...)
			l := zap.New(logger.NewCore(obs), opts...).Named("svc")
			log := slog.New(logger.NewSlogHandler(l))
			before := hooked
			for _, lvl := range []slog.Level{slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError} {
				log.Log(context.Background(), lvl, "m")
			}
			if hooked-before != 4 {
				t.Errorf("hooks ran %d times, want 4", hooked-before)
			}
			for _, e := range logs.AllUntimed() {
				lvl := map[zapcore.Level]slog.Level{zapcore.DebugLevel: slog.LevelDebug, zapcore.InfoLevel: slog.LevelInfo, zapcore.WarnLevel: slog.LevelWarn, zapcore.ErrorLevel: slog.LevelError}[e.Level]
				if e.Caller.Defined != tt.caller {
					t.Errorf("%v: caller %+v, want defined=%v", e.Level, e.Caller, tt.caller)
				}
				if got, want := e.Stack != "", lvl >= tt.stackLevel; got != want {
					t.Errorf("%v: stack %q, want one: %v", e.Level, e.Stack, want)
				}
				if e.Stack != "" && !strings.HasPrefix(e.Stack, "github.com/tracelog/tracelog/logger_test.TestSlogFollowsLoggerOptions.func") {
					t.Errorf("%v: stack does not start at the slog call: %q", e.Level, e.Stack)
				}
				if e.LoggerName != "svc" || e.ContextMap()["f"] != "v" {
					t.Errorf("%v: name %q, fields %v", e.Level, e.LoggerName, e.ContextMap())
				}
			}
		})
	}
}
