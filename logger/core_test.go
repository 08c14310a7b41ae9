package logger_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog/logger"
)

func TestContextFieldWritesTraceKeys(t *testing.T) {
	sampled := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	unsampled := ctxWith(spanContext(t, testTraceHex, testSpanHex, false))
	tests := []struct {
		name  string
		field zap.Field
		want  map[string]any
	}{
		{"sampled", logger.Context(sampled), map[string]any{
			"trace_id": testTraceHex, "span_id": testSpanHex, "trace_flags": "01", "n": int64(1)}},
		{"unsampled", logger.Context(unsampled), map[string]any{
			"trace_id": testTraceHex, "span_id": testSpanHex, "trace_flags": "00", "n": int64(1)}},
		{"otelzap convention", zap.Any("context", sampled), map[string]any{
			"trace_id": testTraceHex, "span_id": testSpanHex, "trace_flags": "01", "n": int64(1)}},
		{"any key holding a context", zap.Any("ctx", sampled), map[string]any{
			"trace_id": testTraceHex, "span_id": testSpanHex, "trace_flags": "01", "n": int64(1)}},
		{"no span", logger.Context(context.Background()), map[string]any{"n": int64(1)}},
		//lint:ignore SA1012 nil on purpose
		{"nil context", logger.Context(nil), map[string]any{"n": int64(1)}},
		{"invalid span", logger.Context(ctxWith(trace.SpanContext{})), map[string]any{"n": int64(1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, logs := observed(t)
			log.Info("msg", tt.field, zap.Int("n", 1))
			// Twice: the second line goes through the span cache.
			log.Info("msg", tt.field, zap.Int("n", 1))
			log.Info("msg", tt.field, zap.Int("n", 1))
			for i, e := range logs.TakeAll() {
				if got := e.ContextMap(); fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("line %d: fields = %v, want %v", i, got, tt.want)
				}
			}
		})
	}
}

func TestContextFieldPrintsNothingWithoutCore(t *testing.T) {
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	var buf bytes.Buffer
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"})
	log := zap.New(zapcore.NewCore(enc, zapcore.AddSync(&buf), zapcore.InfoLevel))
	log.Info("hello", logger.Context(ctx))
	if got, want := buf.String(), `{"msg":"hello"}`+"\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func jsonLogger(buf *bytes.Buffer, opts ...logger.Option) *zap.Logger {
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"})
	return zap.New(logger.NewCore(zapcore.NewCore(enc, zapcore.AddSync(buf), zapcore.DebugLevel), opts...))
}

func TestJSONOutputExact(t *testing.T) {
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	var buf bytes.Buffer
	log := jsonLogger(&buf)
	for i := 0; i < 3; i++ { // inline, then cache build, then cache hit
		log.Info("charged card", logger.Context(ctx), zap.Int("cents", 1299))
	}
	log.Info("charged card", zap.Any("context", ctx), zap.Int("cents", 1299))
	want := strings.Repeat(`{"msg":"charged card","trace_id":"`+testTraceHex+`","span_id":"`+testSpanHex+`","trace_flags":"01","cents":1299}`+"\n", 4)
	if buf.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestWithBindsSpan(t *testing.T) {
	parent := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	child := ctxWith(spanContext(t, testTraceHex, "1111111111111111", false))
	log, logs := observed(t)
	bound := log.With(logger.Context(parent), zap.String("user", "u1"))

	bound.Info("a")
	if got := only(t, logs); got["span_id"] != testSpanHex || got["user"] != "u1" || got["trace_flags"] != "01" {
		t.Fatalf("bound line: %v", got)
	}
	bound.Info("b", logger.Context(child))
	if got := only(t, logs); got["span_id"] != "1111111111111111" || got["trace_flags"] != "00" || got["user"] != "u1" {
		t.Fatalf("a line's own context must win: %v", got)
	}
	bound.Info("c", logger.Context(context.Background()))
	if got := only(t, logs); got["span_id"] != testSpanHex {
		t.Fatalf("a line context without a span keeps the bound one: %v", got)
	}
	bound.With(zap.Int("k", 2)).Info("d")
	if got := only(t, logs); got["span_id"] != testSpanHex || got["k"] != int64(2) || got["user"] != "u1" {
		t.Fatalf("derived from bound: %v", got)
	}
	log.Info("e")
	if got := only(t, logs); len(got) != 0 {
		t.Fatalf("the parent logger must stay unbound: %v", got)
	}
}

func TestWithDoesNotShareFields(t *testing.T) {
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	log, logs := observed(t)
	fields := make([]zap.Field, 1, 8) // spare capacity invites aliasing
	fields[0] = logger.Context(ctx)
	parent := log.With(fields...)
	a := parent.With(zap.String("a", "1"))
	b := parent.With(zap.String("b", "2"))
	a.Info("x")
	b.Info("y")
	parent.Info("z")
	all := logs.TakeAll()
	if len(all) != 3 {
		t.Fatalf("got %d lines", len(all))
	}
	for i, want := range []string{"a", "b", ""} {
		m := all[i].ContextMap()
		for _, k := range []string{"a", "b"} {
			if _, ok := m[k]; ok != (k == want) {
				t.Errorf("line %d: key %q present=%v: %v", i, k, ok, m)
			}
		}
		if m["trace_id"] != testTraceHex {
			t.Errorf("line %d lost the bound trace: %v", i, m)
		}
	}
}

func TestProfiles(t *testing.T) {
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	tests := []struct {
		name     string
		profiles []logger.Profile
		want     string
	}{
		{"otel", []logger.Profile{logger.OTel()},
			`"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","trace_flags":"01"`},
		{"ecs", []logger.Profile{logger.ECS()},
			`"trace.id":"4bf92f3577b34da6a3ce929d0e0e4736","span.id":"00f067aa0ba902b7"`},
		{"gcp", []logger.Profile{logger.GCP("my-proj")},
			`"logging.googleapis.com/trace":"projects/my-proj/traces/4bf92f3577b34da6a3ce929d0e0e4736","logging.googleapis.com/spanId":"00f067aa0ba902b7","logging.googleapis.com/trace_sampled":true`},
		// low 64 bits 0xa3ce929d0e0e4736 = 11803532876627986230; span 0x00f067aa0ba902b7 = 67667974448284343
		{"datadog", []logger.Profile{logger.Datadog()},
			`"dd.trace_id":"11803532876627986230","dd.span_id":"67667974448284343"`},
		{"several", []logger.Profile{logger.OTel(), logger.Datadog()},
			`"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","trace_flags":"01","dd.trace_id":"11803532876627986230","dd.span_id":"67667974448284343"`},
		{"same kind twice keeps the last", []logger.Profile{logger.GCP("a"), logger.GCP("b")},
			`"logging.googleapis.com/trace":"projects/b/traces/4bf92f3577b34da6a3ce929d0e0e4736","logging.googleapis.com/spanId":"00f067aa0ba902b7","logging.googleapis.com/trace_sampled":true`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			log := jsonLogger(&buf, logger.WithProfiles(tt.profiles...))
			for i := 0; i < 3; i++ {
				log.Info("m", logger.Context(ctx))
			}
			want := strings.Repeat(`{"msg":"m",`+tt.want+"}\n", 3)
			if buf.String() != want {
				t.Fatalf("got\n%s\nwant\n%s", buf.String(), want)
			}
		})
	}
}

func TestProfileByName(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"otel", "otel", true}, {" ECS ", "ecs", true}, {"datadog", "datadog", true},
		{"gcp:proj-1", "gcp", true}, {"gcp:", "", false}, {"xml", "", false},
	} {
		p, ok := logger.ProfileByName(tt.in)
		if ok != tt.ok || (ok && p.String() != tt.want) {
			t.Errorf("ProfileByName(%q) = %v, %v", tt.in, p, ok)
		}
	}
	if p, _ := logger.ProfileByName("gcp:Proj-1"); p.Project() != "Proj-1" {
		t.Errorf("project case must be kept, got %q", p.Project())
	}
}

// countingCore counts the entries its Check sees.
type countingCore struct {
	zapcore.Core
	mu     sync.Mutex
	checks int
}

func (c *countingCore) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	c.mu.Lock()
	c.checks++
	c.mu.Unlock()
	return c.Core.Check(ent, ce)
}

func (c *countingCore) With(f []zapcore.Field) zapcore.Core {
	return &countingWith{Core: c.Core.With(f), parent: c}
}

type countingWith struct {
	zapcore.Core
	parent *countingCore
}

func (c *countingWith) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	c.parent.mu.Lock()
	c.parent.checks++
	c.parent.mu.Unlock()
	return c.Core.Check(ent, ce)
}

func TestWrappedCheckSeesEveryEntry(t *testing.T) {
	obs, logs := observer.New(zapcore.InfoLevel)
	cc := &countingCore{Core: obs}
	log := zap.New(logger.NewCore(cc))
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	for i := 0; i < 10; i++ {
		log.Info("with ctx", logger.Context(ctx))
		log.Info("plain")
		log.Debug("disabled", logger.Context(ctx))
	}
	if cc.checks != 20 {
		t.Errorf("wrapped Check saw %d entries, want 20", cc.checks)
	}
	if logs.Len() != 20 {
		t.Errorf("wrote %d lines, want 20", logs.Len())
	}
}

func TestSamplerBelowStillSamples(t *testing.T) {
	obs, logs := observer.New(zapcore.InfoLevel)
	sampled := zapcore.NewSamplerWithOptions(obs, time.Hour, 2, 0)
	log := zap.New(logger.NewCore(sampled))
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	for i := 0; i < 10; i++ {
		log.Info("same message", logger.Context(ctx))
	}
	if logs.Len() != 2 {
		t.Fatalf("sampler below let %d lines through, want 2", logs.Len())
	}
	for _, e := range logs.All() {
		if e.ContextMap()["trace_id"] != testTraceHex {
			t.Errorf("sampled line lost its trace: %v", e.ContextMap())
		}
	}
}

func TestTeeBelowKeepsLevels(t *testing.T) {
	info, infoLogs := observer.New(zapcore.InfoLevel)
	errs, errLogs := observer.New(zapcore.ErrorLevel)
	log := zap.New(logger.NewCore(zapcore.NewTee(info, errs)))
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	for i := 0; i < 3; i++ {
		log.Info("i", logger.Context(ctx))
	}
	log.Error("e", logger.Context(ctx))
	if infoLogs.Len() != 4 || errLogs.Len() != 1 {
		t.Fatalf("info core got %d (want 4), error core got %d (want 1)", infoLogs.Len(), errLogs.Len())
	}
}

func TestLevel(t *testing.T) {
	obs, _ := observer.New(zapcore.WarnLevel)
	c := logger.NewCore(obs)
	if got := zapcore.LevelOf(c); got != zapcore.WarnLevel {
		t.Fatalf("LevelOf = %v, want warn", got)
	}
	if c.Enabled(zapcore.InfoLevel) || !c.Enabled(zapcore.ErrorLevel) {
		t.Fatal("Enabled must defer to the wrapped core")
	}
}

type failingSyncer struct{ err error }

func (f failingSyncer) Write([]byte) (int, error) { return 0, f.err }
func (f failingSyncer) Sync() error               { return f.err }

func TestWriteAndSyncErrors(t *testing.T) {
	boom := errors.New("disk full")
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"})
	var errOut bytes.Buffer
	c := logger.NewCore(zapcore.NewCore(enc, failingSyncer{boom}, zapcore.InfoLevel),
		logger.WithErrorOutput(&errOut))
	log := zap.New(c)
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	log.Info("lost?", logger.Context(ctx))
	log.Info("lost?")
	if n := strings.Count(errOut.String(), "disk full"); n != 2 {
		t.Fatalf("write errors reported %d times, want 2: %q", n, errOut.String())
	}
	if err := c.Sync(); !errors.Is(err, boom) {
		t.Fatalf("Sync error = %v, want %v", err, boom)
	}
	// Errors of several sinks are joined by a tee below.
	other := errors.New("socket closed")
	tee := logger.NewCore(zapcore.NewTee(
		zapcore.NewCore(enc, failingSyncer{boom}, zapcore.InfoLevel),
		zapcore.NewCore(enc, failingSyncer{other}, zapcore.InfoLevel)))
	if err := tee.Sync(); !errors.Is(err, boom) || !errors.Is(err, other) {
		t.Fatalf("Sync error = %v, want both", err)
	}
}

func TestNilNextCore(t *testing.T) {
	log := zap.New(logger.NewCore(nil))
	log.Info("nothing", logger.Context(ctxWith(spanContext(t, testTraceHex, testSpanHex, true))))
}

func TestCacheEvictionAndConcurrency(t *testing.T) {
	var buf syncBuffer
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"})
	log := zap.New(logger.NewCore(zapcore.NewCore(enc, &buf, zapcore.DebugLevel), logger.WithSpanCacheSize(4)))
	const workers, spans, lines = 8, 64, 5
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for s := 0; s < spans; s++ {
				tid := fmt.Sprintf("%016x%016x", w+1, s+1)
				sid := fmt.Sprintf("%016x", (w+1)<<32|(s+1))
				ctx := ctxWith(spanContext(t, tid, sid, s%2 == 0))
				for l := 0; l < lines; l++ {
					log.Info("line", logger.Context(ctx), zap.String("want_trace", tid), zap.String("want_span", sid))
				}
			}
		}(w)
	}
	wg.Wait()
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("bad line %q: %v", line, err)
		}
		if m["trace_id"] != m["want_trace"] || m["span_id"] != m["want_span"] {
			t.Fatalf("line carries the wrong span: %v", m)
		}
		n++
	}
	if n != workers*spans*lines {
		t.Fatalf("got %d lines, want %d", n, workers*spans*lines)
	}
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a core.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Sync() error { return nil }

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A span's first line with more fields than the one-allocation buffer of a
// short line holds takes the general path (it once panicked).
func TestFirstLineWithManyFields(t *testing.T) {
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	for _, n := range []int{0, 1, 4, 5, 6, 7, 8, 12, 40} {
		var buf bytes.Buffer
		log := jsonLogger(&buf, logger.WithSpanCacheSize(0))
		fields := []zap.Field{logger.Context(ctx)}
		want := `{"msg":"m","trace_id":"` + testTraceHex + `","span_id":"` + testSpanHex + `","trace_flags":"01"`
		for i := 0; i < n; i++ {
			fields = append(fields, zap.Int(fmt.Sprintf("k%d", i), i))
			want += fmt.Sprintf(`,"k%d":%d`, i, i)
		}
		log.Info("m", fields...)
		if got := buf.String(); got != want+"}\n" {
			t.Errorf("%d fields:\n got %s\nwant %s}", n, got, want)
		}
	}
}

// A huge span cache size is capped: NewCore neither hangs rounding it up
// nor fails allocating it, and the cache still works.
func TestHugeSpanCacheSize(t *testing.T) {
	for _, size := range []int{1 << 40, math.MaxInt} {
		done := make(chan []map[string]any, 1)
		go func() {
			log, logs := observed(t, logger.WithSpanCacheSize(size))
			ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
			for i := 0; i < 3; i++ {
				log.Info("line", logger.Context(ctx))
			}
			var out []map[string]any
			for _, e := range logs.TakeAll() {
				out = append(out, e.ContextMap())
			}
			done <- out
		}()
		select {
		case lines := <-done:
			if len(lines) != 3 {
				t.Fatalf("size %d: %d lines", size, len(lines))
			}
			for _, m := range lines {
				if m["trace_id"] != testTraceHex || m["span_id"] != testSpanHex {
					t.Fatalf("size %d: fields = %v", size, m)
				}
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("WithSpanCacheSize(%d): NewCore or its lines hang", size)
		}
	}
}

// A namespace opened by With (zap.Namespace, or slog's WithGroup followed
// by attributes) nests the fields after it, never the trace keys: those
// stay at the top level, where log backends look for them.
func TestTraceKeysStayOutOfNamespaces(t *testing.T) {
	ctx := ctxWith(spanContext(t, testTraceHex, testSpanHex, true))
	ids := `"trace_id":"` + testTraceHex + `","span_id":"` + testSpanHex + `","trace_flags":"01"`
	tests := []struct {
		name string
		log  func(*zap.Logger)
		want string
	}{
		{"line context", func(l *zap.Logger) {
			l.With(zap.String("x", "1"), zap.Namespace("ns"), zap.Int("a", 1)).Info("m", logger.Context(ctx), zap.Int("b", 2))
		}, `{"msg":"m","x":"1",` + ids + `,"ns":{"a":1,"b":2}}`},
		{"bound after the namespace", func(l *zap.Logger) {
			l.With(zap.Namespace("ns")).With(logger.Context(ctx), zap.Int("a", 1)).Info("m", zap.Int("b", 2))
		}, `{"msg":"m",` + ids + `,"ns":{"a":1,"b":2}}`},
		{"bound before the namespace", func(l *zap.Logger) {
			l.With(logger.Context(ctx)).With(zap.Namespace("ns"), zap.Int("a", 1)).With(zap.Int("c", 3)).Info("m", zap.Int("b", 2))
		}, `{"msg":"m",` + ids + `,"ns":{"a":1,"c":3,"b":2}}`},
		{"slog group", func(l *zap.Logger) {
			slog.New(logger.NewSlogHandler(l)).WithGroup("g").With("a", 1).InfoContext(ctx, "m", "b", 2)
		}, `{"msg":"m",` + ids + `,"g":{"a":1,"b":2}}`},
		{"no span", func(l *zap.Logger) {
			l.With(zap.Namespace("ns"), zap.Int("a", 1)).Info("m", zap.Int("b", 2))
		}, `{"msg":"m","ns":{"a":1,"b":2}}`},
	}
	for _, tt := range tests {
		for _, size := range []int{0, logger.DefaultSpanCacheSize} {
			t.Run(fmt.Sprintf("%s/cache %d", tt.name, size), func(t *testing.T) {
				var buf bytes.Buffer
				log := jsonLogger(&buf, logger.WithSpanCacheSize(size))
				for i := 0; i < 3; i++ { // inline, then cache build, then cache hit
					tt.log(log)
				}
				if want := strings.Repeat(tt.want+"\n", 3); buf.String() != want {
					t.Fatalf("got\n%s\nwant\n%s", buf.String(), want)
				}
			})
		}
	}
}
