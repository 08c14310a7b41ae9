package tracelog_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	otellog "go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/otellogs"
	"github.com/tracelog/tracelog/redact"
)

// redactClock makes the lines of these tests stable.
type redactClock struct{}

func (redactClock) Now() time.Time                         { return time.Date(2026, 11, 21, 18, 21, 19, 0, time.UTC) }
func (redactClock) NewTicker(d time.Duration) *time.Ticker { return time.NewTicker(d) }

// redactSpanContext returns a context with a sampled remote span whose
// trace ID's low 64 bits are lo.
func redactSpanContext(lo uint64) context.Context {
	var tid trace.TraceID
	binary.BigEndian.PutUint64(tid[:8], 0x4bf92f3577b34da6)
	binary.BigEndian.PutUint64(tid[8:], lo)
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	return trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled,
	}))
}

// newRedactLogger returns a tracelog logger writing to a buffer, without
// caller and with a fixed clock, and the options given.
func newRedactLogger(t *testing.T, opts ...tracelog.Option) (*zap.Logger, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	base := []tracelog.Option{
		tracelog.WithService("checkout", "1.4.2"),
		tracelog.WithOutput(&buf),
		tracelog.WithoutCaller(),
		tracelog.WithZapOptions(zap.WithClock(redactClock{})),
	}
	log, err := tracelog.New(append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return log, &buf
}

func redactLines(buf *bytes.Buffer) []string {
	s := strings.TrimSpace(buf.String())
	buf.Reset()
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

const linePrefix = `{"level":"info","time":"2026-11-21T18:21:19.000000000Z",`

func TestRedactionIsOnByDefault(t *testing.T) {
	log, buf := newRedactLogger(t)
	ctx := redactSpanContext(0xa3ce929d0e0e4736)
	log.Info("login failed: password=hunter2", logger.Context(ctx),
		zap.String("user", "ada"),
		zap.String("apiKey", "k-1"),
		zap.Dict("card", zap.String("card_number", "4111 1111 1111 1111"), zap.String("brand", "visa")),
		zap.Error(errors.New("Authorization: Bearer abcDEF123456 rejected")),
	)
	log.With(zap.String("session", "s-1"), logger.Context(ctx)).Info("bound")
	want := []string{
		linePrefix + `"msg":"login failed: password=[REDACTED]","service.name":"checkout","service.version":"1.4.2",` +
			`"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","trace_flags":"01",` +
			`"user":"ada","apiKey":"[REDACTED]","card":{"card_number":"[REDACTED]","brand":"visa"},"exception.message":"Authorization: [REDACTED] rejected","exception.type":"*errors.errorString"}`,
		linePrefix + `"msg":"bound","service.name":"checkout","service.version":"1.4.2","session":"[REDACTED]",` +
			`"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","trace_flags":"01"}`,
	}
	if got := redactLines(buf); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWithoutRedaction(t *testing.T) {
	log, buf := newRedactLogger(t, tracelog.WithoutRedaction())
	log.Info("password=hunter2", zap.String("password", "hunter2"))
	want := linePrefix + `"msg":"password=hunter2","service.name":"checkout","service.version":"1.4.2","password":"hunter2"}`
	if got := redactLines(buf); len(got) != 1 || got[0] != want {
		t.Errorf("got %q\nwant %s", got, want)
	}
	// The last option wins.
	log, buf = newRedactLogger(t, tracelog.WithoutRedaction(), tracelog.WithRedactor(redact.Default()))
	log.Info("m", zap.String("password", "hunter2"))
	if got := redactLines(buf); len(got) != 1 || !strings.Contains(got[0], `"password":"[REDACTED]"`) {
		t.Errorf("WithRedactor after WithoutRedaction: %q", got)
	}
}

func TestWithRedactorRules(t *testing.T) {
	r, err := redact.New(redact.WithDenyKeys("pin"), redact.WithEmails())
	if err != nil {
		t.Fatal(err)
	}
	log, buf := newRedactLogger(t, tracelog.WithRedactor(r))
	log.Info("mail ada@example.com", zap.String("pin", "0000"), zap.String("token", "t"))
	want := linePrefix + `"msg":"mail [REDACTED]","service.name":"checkout","service.version":"1.4.2","pin":"[REDACTED]","token":"[REDACTED]"}`
	if got := redactLines(buf); len(got) != 1 || got[0] != want {
		t.Errorf("got %q\nwant %s", got, want)
	}
}

func TestWithRedactor(t *testing.T) {
	r, err := redact.New()
	if err != nil {
		t.Fatal(err)
	}
	log, buf := newRedactLogger(t, tracelog.WithRedactor(nil), tracelog.WithRedactor(r))
	log.Info("m", zap.String("password", "x"), zap.String("secret", "y"))
	if r.Count() != 2 {
		t.Errorf("Count = %d, want 2", r.Count())
	}
	if got := redactLines(buf); len(got) != 1 || strings.Contains(got[0], `"x"`) {
		t.Errorf("got %q", got)
	}
}

// In allowlist mode the encoder's keys, the service keys and the trace
// keys (even a Datadog trace ID that looks like a card number) still pass.
func TestRedactionAllowlistKeepsBaseAndTraceKeys(t *testing.T) {
	const lo = 4111111111111111 // the low 64 bits, in decimal: Luhn-valid
	log, buf := newRedactLogger(t,
		tracelog.WithRedactor(mustRedactor(t, redact.WithAllowKeys("user"))),
		tracelog.WithProfiles(logger.OTel(), logger.Datadog()),
		tracelog.WithLevel(zap.NewAtomicLevelAt(zapcore.InfoLevel)),
	)
	log.Info("served", logger.Context(redactSpanContext(lo)), zap.String("user", "ada"), zap.String("path", "/x"))
	want := linePrefix + `"msg":"served","service.name":"checkout","service.version":"1.4.2",` +
		`"trace_id":"4bf92f3577b34da6000e99a8a5fe8e387","span_id":"00f067aa0ba902b7","trace_flags":"01",` +
		`"dd.trace_id":"4111111111111111","dd.span_id":"67667974448284343","user":"ada","path":"[REDACTED]"}`
	got := redactLines(buf)
	if len(got) != 1 {
		t.Fatalf("got %q", got)
	}
	// The trace ID's hex form depends on lo: check it separately.
	tid := redactSpanContext(lo)
	wantTID := trace.SpanContextFromContext(tid).TraceID().String()
	want = strings.Replace(want, "4bf92f3577b34da6000e99a8a5fe8e387", wantTID, 1)
	if got[0] != want {
		t.Errorf("got  %s\nwant %s", got[0], want)
	}
}

// redactExporter keeps the exported records.
type redactExporter struct {
	mu      sync.Mutex
	records []sdklog.Record
}

func (e *redactExporter) Export(_ context.Context, rs []sdklog.Record) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range rs {
		e.records = append(e.records, r.Clone())
	}
	return nil
}
func (e *redactExporter) Shutdown(context.Context) error   { return nil }
func (e *redactExporter) ForceFlush(context.Context) error { return nil }

func TestRedactionAppliesToOpenTelemetryLogs(t *testing.T) {
	exp := &redactExporter{}
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp)))
	defer func() { _ = lp.Shutdown(context.Background()) }()
	log, buf := newRedactLogger(t, otellogs.WithLoggerProvider(lp))
	ctx := redactSpanContext(0xa3ce929d0e0e4736)
	log.Info("retry with token=abc", logger.Context(ctx), zap.String("password", "x"), zap.String("user", "ada"),
		zap.Dict("nested", zap.String("api_key", "k")))
	if got := redactLines(buf); len(got) != 1 || strings.Contains(got[0], "abc") {
		t.Fatalf("stdout %q", got)
	}
	exp.mu.Lock()
	defer exp.mu.Unlock()
	if len(exp.records) != 1 {
		t.Fatalf("exported %d records", len(exp.records))
	}
	rec := exp.records[0]
	if body := rec.Body().AsString(); body != "retry with token=[REDACTED]" {
		t.Errorf("body %q", body)
	}
	if rec.TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("the record lost its trace context: %v", rec.TraceID())
	}
	attrs := map[string]string{}
	rec.WalkAttributes(func(kv otellog.KeyValue) bool {
		attrs[kv.Key] = kv.Value.String()
		return true
	})
	if attrs["password"] != redact.Mask || attrs["user"] != "ada" || !strings.Contains(attrs["nested"], redact.Mask) || strings.Contains(attrs["nested"], "k]") {
		t.Errorf("attributes %v", attrs)
	}
}

func TestRedactionAppliesToSpanEvents(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	ctx, span := tp.Tracer("t").Start(context.Background(), "op")
	log, _ := newRedactLogger(t, tracelog.WithSpanEvents(zapcore.InfoLevel))
	log.Info("sent Bearer abcDEF123456", logger.Context(ctx), zap.String("password", "hunter2"), zap.String("user", "ada"))
	span.End()
	ended := rec.Ended()
	if len(ended) != 1 || len(ended[0].Events()) != 1 {
		t.Fatalf("spans %v", ended)
	}
	got := map[string]string{}
	for _, kv := range ended[0].Events()[0].Attributes {
		got[string(kv.Key)] = kv.Value.Emit()
	}
	if got[logger.EventKeyMessage] != "sent Bearer [REDACTED]" || got["password"] != redact.Mask || got["user"] != "ada" {
		t.Errorf("span event attributes %v", got)
	}
}

// The cores added with WithCore get redacted lines too.
func TestRedactionAppliesToWithCore(t *testing.T) {
	obs, logs := observer.New(zapcore.DebugLevel)
	log, _ := newRedactLogger(t, tracelog.WithCore(func(c zapcore.Core) zapcore.Core { return zapcore.NewTee(c, obs) }))
	log.Info("m", zap.String("password", "hunter2"))
	if all := logs.All(); len(all) != 1 || all[0].ContextMap()["password"] != redact.Mask {
		t.Errorf("observer got %v", all)
	}
}

// A span's first line with many fields (more than the tracelog core's
// one-allocation buffer holds) is written whole, with or without
// redaction.
func TestManyFieldsOnASpansFirstLine(t *testing.T) {
	for _, opt := range []tracelog.Option{tracelog.WithoutRedaction(), tracelog.WithRedactor(redact.Default())} {
		log, buf := newRedactLogger(t, opt)
		fields := []zap.Field{logger.Context(redactSpanContext(0xa3ce929d0e0e4736))}
		for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"} {
			fields = append(fields, zap.String(k, k))
		}
		log.Info("m", fields...)
		got := redactLines(buf)
		if len(got) != 1 || !strings.Contains(got[0], `"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"`) || !strings.HasSuffix(got[0], `"j":"j"}`) {
			t.Errorf("got %q", got)
		}
	}
}

func ExampleWithRedactor() {
	r, err := redact.New(
		redact.WithDenyKeys("pin"),
		redact.WithRules(redact.Key("card_number", redact.KeepLast(4))),
	)
	if err != nil {
		panic(err)
	}
	log, err := tracelog.New(
		tracelog.WithOutput(os.Stdout),
		tracelog.WithoutCaller(),
		tracelog.WithZapOptions(zap.WithClock(redactClock{})),
		tracelog.WithRedactor(r),
	)
	if err != nil {
		panic(err)
	}
	log.Info("payment failed: Authorization: Bearer abcDEF123456",
		zap.String("user", "ada"),
		zap.String("pin", "0000"),
		zap.String("card_number", "4111111111111111"),
	)
	// Output:
	// {"level":"info","time":"2026-11-21T18:21:19.000000000Z","msg":"payment failed: Authorization: [REDACTED]","user":"ada","pin":"[REDACTED]","card_number":"[REDACTED]1111"}
}

func mustRedactor(t *testing.T, opts ...redact.Option) *redact.Redactor {
	t.Helper()
	r, err := redact.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
