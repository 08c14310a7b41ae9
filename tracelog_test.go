package tracelog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/otellogs"
)

func decode(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not JSON: %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

func TestNewDefaults(t *testing.T) {
	var buf bytes.Buffer
	log, err := tracelog.New(tracelog.WithService("checkout", "1.4.2"), tracelog.WithOutput(&buf))
	if err != nil {
		t.Fatal(err)
	}
	ctx := exampleContext()
	log.Info("charged card", logger.Context(ctx), zap.Int("cents", 1299))
	log.Debug("hidden")
	lines := decode(t, &buf)
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1 (debug is off by default)", len(lines))
	}
	m := lines[0]
	ts, _ := m["time"].(string)
	parsed, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil || !strings.HasSuffix(ts, "Z") || len(ts) != len("2006-01-02T15:04:05.000000000Z") {
		t.Errorf("time %q is not RFC 3339 UTC with nanoseconds: %v", ts, err)
	}
	if time.Since(parsed) > time.Minute || time.Since(parsed) < 0 {
		t.Errorf("time %v is not now", parsed)
	}
	delete(m, "time")
	caller, _ := m["code.file.path"].(string)
	if !strings.HasSuffix(caller, "/tracelog_test.go") || m["code.line.number"] == nil {
		t.Errorf("caller = %q line %v", caller, m["code.line.number"])
	}
	delete(m, "code.file.path")
	delete(m, "code.line.number")
	want := map[string]any{
		"level": "info", "msg": "charged card", "service.name": "checkout", "service.version": "1.4.2",
		"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "span_id": "00f067aa0ba902b7", "trace_flags": "01",
		"cents": float64(1299),
	}
	if len(m) != len(want) {
		t.Errorf("keys = %v, want %v", m, want)
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name string
		opts []tracelog.Option
		env  map[string]string
		want string
	}{
		{"encoding", []tracelog.Option{tracelog.WithEncoding("xml")}, nil, `unknown encoding "xml"`},
		{"env level", []tracelog.Option{tracelog.WithEnv()}, map[string]string{"LOG_LEVEL": "verbose"}, `LOG_LEVEL="verbose": unknown level`},
		{"env format", []tracelog.Option{tracelog.WithEnv()}, map[string]string{"LOG_FORMAT": "yaml"}, `unknown encoding "yaml"`},
		{"env keys", []tracelog.Option{tracelog.WithEnv()}, map[string]string{"LOG_SCHEMA": "otel,zipkin"}, `unknown profile "zipkin"`},
		{"bad rename", []tracelog.Option{tracelog.WithProfiles(logger.OTel().Rename(map[string]string{"nope": "x"}))}, nil, `unknown key "nope"`},
		{"gcp without project", []tracelog.Option{tracelog.WithProfiles(logger.GCP(""))}, nil, "needs a project ID"},
		{"zero level", []tracelog.Option{tracelog.WithLevel(zap.AtomicLevel{})}, nil, "zero zap.AtomicLevel"},
		{"nil wrapper result", []tracelog.Option{tracelog.WithCore(func(zapcore.Core) zapcore.Core { return nil })}, nil, "returned a nil core"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			log, err := tracelog.New(tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || log != nil {
				t.Fatalf("New() = %v, %v; want an error containing %q", log, err, tt.want)
			}
		})
	}
}

func TestNewFromEnv(t *testing.T) {
	t.Setenv("LOG_LEVEL", "DEBUG")
	t.Setenv("LOG_FORMAT", "console")
	t.Setenv("LOG_SCHEMA", "ecs,datadog")
	var buf bytes.Buffer
	lvl := zap.NewAtomicLevelAt(zapcore.WarnLevel)
	log, err := tracelog.New(tracelog.WithEnv(), tracelog.WithLevel(lvl), tracelog.WithOutput(&buf))
	if err != nil {
		t.Fatal(err)
	}
	if lvl.Level() != zapcore.DebugLevel {
		t.Fatalf("LOG_LEVEL must set the caller's level, got %v", lvl.Level())
	}
	log.Debug("console line", logger.Context(exampleContext()), zap.Duration("duration", 1500*time.Microsecond))
	out := buf.String()
	for _, want := range []string{"\tdebug\t", "console line", `"trace.id": "4bf92f3577b34da6a3ce929d0e0e4736"`,
		`"dd.trace_id": "11803532876627986230"`, `"duration": "1.5ms"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q: %s", want, out)
		}
	}
	if strings.Contains(out, `"trace_id"`) {
		t.Errorf("LOG_SCHEMA must replace the OTel profile: %s", out)
	}
}

func TestLevelChangesAtRunTime(t *testing.T) {
	var buf bytes.Buffer
	lvl := zap.NewAtomicLevel()
	log, err := tracelog.New(tracelog.WithLevel(lvl), tracelog.WithOutput(&buf))
	if err != nil {
		t.Fatal(err)
	}
	log.Debug("before")
	lvl.SetLevel(zapcore.DebugLevel)
	log.Debug("after")
	if lines := decode(t, &buf); len(lines) != 1 || lines[0]["msg"] != "after" {
		t.Fatalf("lines = %v", lines)
	}
}

func TestDurationsAreMilliseconds(t *testing.T) {
	var buf bytes.Buffer
	log, _ := tracelog.New(tracelog.WithOutput(&buf))
	log.Info("x", zap.Duration("duration", 1500*time.Microsecond))
	if lines := decode(t, &buf); lines[0]["duration"] != 1.5 {
		t.Fatalf("duration = %v, want 1.5 (ms)", lines[0]["duration"])
	}
}

func TestWithCoreGetsTraceKeys(t *testing.T) {
	obs, logs := observer.New(zapcore.InfoLevel)
	log, err := tracelog.New(tracelog.WithOutput(&bytes.Buffer{}), tracelog.WithService("svc", ""),
		tracelog.WithCore(func(c zapcore.Core) zapcore.Core { return zapcore.NewTee(c, obs) }))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		log.Info("teed", logger.Context(exampleContext()))
	}
	for _, e := range logs.All() {
		m := e.ContextMap()
		if m["trace_id"] != "4bf92f3577b34da6a3ce929d0e0e4736" || m["service.name"] != "svc" {
			t.Fatalf("teed core fields = %v", m)
		}
		if _, ok := m["service.version"]; ok {
			t.Fatalf("an empty version must be left out: %v", m)
		}
	}
	if logs.Len() != 3 {
		t.Fatalf("teed %d lines", logs.Len())
	}
}

// memExporter keeps exported log records.
type memExporter struct {
	mu      sync.Mutex
	records []sdklog.Record
}

func (e *memExporter) Export(_ context.Context, rs []sdklog.Record) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range rs {
		e.records = append(e.records, r.Clone())
	}
	return nil
}
func (e *memExporter) Shutdown(context.Context) error   { return nil }
func (e *memExporter) ForceFlush(context.Context) error { return nil }

// exportingLogger returns a logger of New that exports to an in-memory
// exporter through otellogs, and its stdout buffer.
func exportingLogger(t *testing.T) (*memExporter, *bytes.Buffer, *zap.Logger) {
	t.Helper()
	exp := &memExporter{}
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp)))
	t.Cleanup(func() { _ = lp.Shutdown(context.Background()) })
	var buf bytes.Buffer
	logr, err := tracelog.New(tracelog.WithOutput(&buf), otellogs.WithLoggerProvider(lp), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	return exp, &buf, logr
}

func TestWithLoggerProvider(t *testing.T) {
	exp, buf, logr := exportingLogger(t)
	ctx := exampleContext()
	logr.Info("exported", logger.Context(ctx), zap.String("order", "o-1"))
	logr.With(logger.Context(ctx)).Warn("bound")
	logr.Debug("below the level")

	if lines := decode(t, buf); len(lines) != 2 || lines[0]["trace_id"] != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Fatalf("stdout = %v", lines)
	}
	exp.mu.Lock()
	defer exp.mu.Unlock()
	if len(exp.records) != 2 {
		t.Fatalf("exported %d records, want 2", len(exp.records))
	}
	for _, r := range exp.records {
		if r.TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" || r.SpanID().String() != "00f067aa0ba902b7" {
			t.Errorf("record %q lacks the trace context: %v %v", r.Body().AsString(), r.TraceID(), r.SpanID())
		}
		r.WalkAttributes(func(kv log.KeyValue) bool {
			if kv.Key == "trace_id" || kv.Key == "context" {
				t.Errorf("record carries %s as an attribute", kv.Key)
			}
			return true
		})
	}
	if exp.records[0].Severity() != log.SeverityInfo || exp.records[1].Severity() != log.SeverityWarn {
		t.Errorf("severities: %v %v", exp.records[0].Severity(), exp.records[1].Severity())
	}
}

// A duration is exported as the number its stdout line holds: a float of
// milliseconds, not the bridge's integer of nanoseconds, on the line's own
// fields and on those bound by With.
func TestExportedDurationsAreMillis(t *testing.T) {
	exp, buf, logr := exportingLogger(t)
	logr.With(zap.Duration("bound", 2*time.Second)).Info("done", zap.Duration("duration", 1500*time.Microsecond), zap.Int64("n", 7),
		zap.Inline(durObject{"inlined", time.Millisecond}), zap.Object("obj", durObject{"nested", 3 * time.Millisecond}))

	lines := decode(t, buf)
	if len(lines) != 1 || lines[0]["duration"] != 1.5 || lines[0]["bound"] != 2000.0 {
		t.Fatalf("stdout = %v", lines)
	}
	exp.mu.Lock()
	defer exp.mu.Unlock()
	if len(exp.records) != 1 {
		t.Fatalf("exported %d records, want 1", len(exp.records))
	}
	got := map[string]log.Value{}
	exp.records[0].WalkAttributes(func(kv log.KeyValue) bool {
		got[kv.Key] = kv.Value
		return true
	})
	for key, want := range map[string]float64{"duration": 1.5, "bound": 2000, "inlined": 1} {
		if v := got[key]; v.Kind() != log.KindFloat64 || v.AsFloat64() != want {
			t.Errorf("%s exported as %v, want the float %v (milliseconds, as on stdout)", key, v, want)
		}
	}
	if v := got["n"]; v.Kind() != log.KindInt64 || v.AsInt64() != 7 {
		t.Errorf("n exported as %v, want the integer 7", v)
	}
	if v := got["obj"]; v.Kind() != log.KindMap || len(v.AsMap()) != 1 || v.AsMap()[0].Value.Kind() != log.KindFloat64 || v.AsMap()[0].Value.AsFloat64() != 3 {
		t.Errorf("obj exported as %v, want {nested: 3.0}", v)
	}
}

// durObject adds one duration.
type durObject struct {
	key string
	d   time.Duration
}

func (o durObject) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddDuration(o.key, o.d)
	return nil
}

// Nil options are ignored, never a panic (New promises not to panic).
func TestNilOptions(t *testing.T) {
	var buf bytes.Buffer
	log, err := tracelog.New(nil, tracelog.WithOutput(&buf), tracelog.WithZapOptions(nil, zap.Fields(zap.String("k", "v")), nil),
		tracelog.WithCore(nil), tracelog.WithOutput(nil), tracelog.WithErrorOutput(nil))
	if err != nil {
		t.Fatal(err)
	}
	log.Info("line")
	if lines := decode(t, &buf); len(lines) != 1 || lines[0]["k"] != "v" {
		t.Fatalf("lines = %v", lines)
	}
}

// A tee gets the lines at the logger's level, redacted, with the context
// field in place of the trace keys; a stricter tee keeps its own level.
func TestWithTee(t *testing.T) {
	all, allLogs := observer.New(zapcore.DebugLevel)
	warn, warnLogs := observer.New(zapcore.WarnLevel)
	var buf bytes.Buffer
	log, err := tracelog.New(tracelog.WithOutput(&buf), tracelog.WithTee(all), tracelog.WithTee(warn), tracelog.WithTee(nil), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	ctx := exampleContext()
	log.Debug("below the level")
	log.Info("info", logger.Context(ctx), zap.String("password", "hunter2"))
	log.Warn("warn")
	if got := allLogs.Len(); got != 2 {
		t.Fatalf("the Debug tee got %d lines, want 2 (the logger's level is Info)", got)
	}
	e := allLogs.All()[0]
	if e.ContextMap()["password"] != "[REDACTED]" {
		t.Errorf("the tee got an unredacted line: %v", e.ContextMap())
	}
	if _, ok := e.ContextMap()["trace_id"]; ok {
		t.Errorf("the tee got the trace keys: %v", e.ContextMap())
	}
	if warnLogs.Len() != 1 || warnLogs.All()[0].Message != "warn" {
		t.Errorf("the Warn tee got %v", warnLogs.All())
	}
	if otellogs.WithLoggerProvider(nil) != nil {
		t.Error("a nil provider must give a nil option")
	}
}
