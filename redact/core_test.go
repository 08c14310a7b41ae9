package redact_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/redact"
)

func TestCoreTopLevelFields(t *testing.T) {
	log, buf := newLogger(t, mustNew(t))
	log.Info("user login",
		zap.String("user", "ada"),
		zap.String("password", "hunter2"),
		zap.String("apiKey", "k-123"),
		zap.Int("tokens_used", 42),
		zap.String("author", "ada"),
		zap.String("note", "sent Bearer abcDEF123456"),
		zap.Int64("card", 4111111111111111),
		zap.Int64("order", 4111111111111112),
		zap.ByteString("raw", []byte("key AKIAIOSFODNN7EXAMPLE")),
		zap.Binary("bin", []byte("x")),
		zap.Bool("auth", true),
		zap.Duration("session_ttl", time.Second),
		zap.Stringer("dsn", stringer("postgres://app:hunter2@db/shop")),
		zap.Float64("ratio", 0.5),
	)
	want := `{"msg":"user login","user":"ada","password":"[REDACTED]","apiKey":"[REDACTED]","tokens_used":42,"author":"ada",` +
		`"note":"sent Bearer [REDACTED]","card":"[REDACTED]","order":4111111111111112,"raw":"key [REDACTED]","bin":"eA==",` +
		`"auth":"[REDACTED]","session_ttl":"[REDACTED]","dsn":"postgres://app:[REDACTED]@db/shop","ratio":0.5}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

type stringer string

func (s stringer) String() string { return string(s) }

func TestCoreMessage(t *testing.T) {
	log, buf := newLogger(t, mustNew(t))
	log.Info("retry with token=abc123 and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig")
	want := `{"msg":"retry with token=[REDACTED] and [REDACTED]"}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// A line with nothing to redact reaches the wrapped core with the
// caller's slice, not a copy.
func TestCoreCleanLinePassesFieldsThrough(t *testing.T) {
	next, writes := newCapture()
	log := zap.New(redact.NewCore(next, mustNew(t)))
	fields := []zap.Field{zap.String("user", "ada"), zap.Int("status", 200), zap.Object("obj", zapcore.ObjectMarshalerFunc(func(zapcore.ObjectEncoder) error { return nil }))}
	log.Info("ok", fields[:2]...)
	if len(*writes) != 1 {
		t.Fatalf("got %d writes, want 1", len(*writes))
	}
	got := (*writes)[0].fields
	if len(got) != 2 || &got[0] != &fields[0] {
		t.Errorf("the clean line's fields were copied")
	}
	// A line that changes gets a new slice; the caller's is untouched.
	fields[1] = zap.String("secret", "s")
	log.Info("changed", fields[:2]...)
	got = (*writes)[1].fields
	if &got[0] == &fields[0] {
		t.Errorf("a changed line reused the caller's slice")
	}
	if fields[1].String != "s" || got[1].String != redact.Mask {
		t.Errorf("caller's field %q, written %q", fields[1].String, got[1].String)
	}
}

func TestCoreWithRedactsOnce(t *testing.T) {
	r := mustNew(t)
	log, buf := newLogger(t, r)
	l2 := log.With(zap.String("session", "s1"), zap.String("user", "ada"))
	if got := r.Count(); got != 1 {
		t.Fatalf("Count after With = %d, want 1", got)
	}
	l2.Info("a")
	l2.Info("b", zap.String("token", "t"))
	want := []string{
		`{"msg":"a","session":"[REDACTED]","user":"ada"}`,
		`{"msg":"b","session":"[REDACTED]","user":"ada","token":"[REDACTED]"}`,
	}
	if got := lines(buf); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := r.Count(); got != 2 {
		t.Errorf("Count = %d, want 2 (the With field once, the line's token once)", got)
	}
}

// With never shares or modifies a field slice: siblings derived from the
// same parent stay independent, and the caller's fields are not touched.
func TestCoreWithDoesNotShareSlices(t *testing.T) {
	next, writes := newCapture()
	core := redact.NewCore(next, mustNew(t))
	base := make([]zapcore.Field, 0, 8)
	base = append(base, zap.String("a", "1"), zap.Namespace("req"))
	parent := core.With(base)
	in := []zapcore.Field{zap.String("password", "x"), zap.String("b", "2")}
	c1 := parent.With(in)
	c2 := parent.With([]zapcore.Field{zap.String("c", "3")})
	if in[0].String != "x" {
		t.Errorf("With modified the caller's fields: %q", in[0].String)
	}
	for _, c := range []zapcore.Core{c1, c2, parent} {
		if ce := c.Check(zapcore.Entry{Level: zapcore.InfoLevel, Message: "m"}, nil); ce != nil {
			ce.Write(zap.String("user", "u"))
		}
	}
	if len(*writes) != 3 {
		t.Fatalf("got %d writes", len(*writes))
	}
	wantWith := [][]string{
		{"a=1", "req", "password=" + redact.Mask, "b=2"},
		{"a=1", "req", "c=3"},
		{"a=1", "req"},
	}
	for i, w := range wantWith {
		cc := captureOf([]zapcore.Core{c1, c2, parent}[i])
		if got := describe(cc.with); strings.Join(got, ",") != strings.Join(w, ",") {
			t.Errorf("core %d With fields %v, want %v", i, got, w)
		}
	}
}

func describe(fields []zapcore.Field) []string {
	var out []string
	for _, f := range fields {
		switch f.Type {
		case zapcore.NamespaceType:
			out = append(out, f.Key)
		default:
			out = append(out, f.Key+"="+f.String)
		}
	}
	return out
}

func TestCoreCheckDefersToWrappedCore(t *testing.T) {
	var buf bytes.Buffer
	inner := zapcore.NewCore(zapcore.NewJSONEncoder(testEncoderConfig()), zapcore.AddSync(&buf), zapcore.InfoLevel)
	sampled := zapcore.NewSamplerWithOptions(inner, time.Hour, 1, 0)
	core := redact.NewCore(sampled, mustNew(t))
	if got := zapcore.LevelOf(core); got != zapcore.InfoLevel {
		t.Errorf("LevelOf = %v, want info", got)
	}
	if core.Enabled(zapcore.DebugLevel) {
		t.Error("Enabled(debug) = true below the wrapped core's level")
	}
	if ce := core.Check(zapcore.Entry{Level: zapcore.DebugLevel}, nil); ce != nil {
		t.Error("Check added the core for a disabled level")
	}
	log := zap.New(core)
	for range 3 {
		log.Info("same message", zap.String("password", "x"))
	}
	if got := lines(&buf); len(got) != 1 || got[0] != `{"msg":"same message","password":"[REDACTED]"}` {
		t.Errorf("the sampler below did not see every entry: %q", got)
	}
	// A core whose Check refuses every entry gets no writes.
	next, writes := newCapture()
	refuse := refusingCore{next}
	zap.New(redact.NewCore(refuse, mustNew(t))).Info("x")
	if len(*writes) != 0 {
		t.Errorf("the wrapped core's Check was bypassed: %d writes", len(*writes))
	}
}

type refusingCore struct{ *captureCore }

func (refusingCore) Check(_ zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	return ce
}

type failSyncer struct{}

func (failSyncer) Write([]byte) (int, error) { return 0, errors.New("disk full") }
func (failSyncer) Sync() error               { return errors.New("sync failed") }

func TestCoreWriteAndSyncErrors(t *testing.T) {
	inner := zapcore.NewCore(zapcore.NewJSONEncoder(testEncoderConfig()), failSyncer{}, zapcore.DebugLevel)
	var errOut bytes.Buffer
	log := zap.New(redact.NewCore(inner, mustNew(t)), zap.ErrorOutput(zapcore.AddSync(&errOut)))
	log.Info("x")
	if got := errOut.String(); !strings.Contains(got, "write error: redact: wrapped core: disk full") || strings.Count(got, "disk full") != 1 {
		t.Errorf("error output %q, want the wrapped core's write error once", got)
	}
	if err := log.Sync(); err == nil || !strings.Contains(err.Error(), "sync failed") {
		t.Errorf("Sync = %v, want the wrapped core's error", err)
	}
}

func TestCoreContextFieldsUntouched(t *testing.T) {
	next, writes := newCapture()
	log := zap.New(redact.NewCore(next, mustNew(t, redact.WithAllowKeys("user"))))
	ctx := context.WithValue(context.Background(), ctxKey{}, "Bearer abcDEF123456")
	log.Info("m", logger.Context(ctx), zap.Any("ctx", ctx), zap.Any("session_ctx", ctx), zap.String("password", "x"))
	got := (*writes)[0].fields
	if len(got) != 4 {
		t.Fatalf("got %d fields", len(got))
	}
	for i := range 3 {
		// zap.Any of a standard context is a Stringer field, which would
		// print the context's values: it becomes a never-printed field.
		if got[i].Interface != ctx || got[i].Type != zapcore.SkipType {
			t.Errorf("field %d (%s): context replaced by %#v", i, got[i].Key, got[i])
		}
	}
	// A reflected context (a context type without String) passes as is.
	rc := reflectedCtx{ctx}
	log.Info("m", zap.Reflect("ctx", rc))
	if f := (*writes)[1].fields[0]; f.Type != zapcore.ReflectType || f.Interface != rc {
		t.Errorf("reflected context field %#v", f)
	}
	if got[3].String != redact.Mask {
		t.Errorf("password = %q", got[3].String)
	}
	// With: the context reaches the wrapped core's With untouched too.
	c := log.With(logger.Context(ctx)).Core()
	if w := captureOf(c).with; len(w) != 1 || w[0].Interface != ctx {
		t.Errorf("With fields %v", w)
	}
}

type ctxKey struct{}

// reflectedCtx is a context.Context that is no fmt.Stringer.
type reflectedCtx struct{ context.Context }

func TestCoreTraceKeys(t *testing.T) {
	// The trace keys the tracelog core writes pass untouched wherever it
	// sits (here above the redacting core), in allowlist mode too, and
	// with a Datadog trace ID that passes the Luhn check.
	var tid trace.TraceID
	tid[0] = 0x4b
	binary.BigEndian.PutUint64(tid[8:], 4111111111111111)
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{0, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
		TraceFlags: trace.FlagsSampled})
	ctx := trace.ContextWithSpanContext(context.Background(), sc)
	for _, r := range []*redact.Redactor{mustNew(t), mustNew(t, redact.WithAllowKeys("user"))} {
		var buf bytes.Buffer
		json := zapcore.NewCore(zapcore.NewJSONEncoder(testEncoderConfig()), zapcore.AddSync(&buf), zapcore.DebugLevel)
		log := zap.New(logger.NewCore(redact.NewCore(json, r), logger.WithProfiles(logger.OTel(), logger.Datadog())))
		log.Info("m", logger.Context(ctx), zap.String("user", "ada"))
		want := `{"msg":"m","trace_id":"4b00000000000000000e9b08a568f1c7","span_id":"00f067aa0ba902b7","trace_flags":"01",` +
			`"dd.trace_id":"4111111111111111","dd.span_id":"67667974448284343","user":"ada"}`
		if got := oneLine(t, &buf); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
	// A caller's fields named like trace keys are checked like any other
	// (issue 16: they skipped redaction).
	for r, want := range map[*redact.Redactor]string{
		mustNew(t):                               `{"msg":"m","dd.trace_id":"[REDACTED]","trace_id":"password=[REDACTED]","user":"ada"}`,
		mustNew(t, redact.WithAllowKeys("user")): `{"msg":"m","dd.trace_id":"[REDACTED]","trace_id":"[REDACTED]","user":"ada"}`,
	} {
		log, buf := newLogger(t, r)
		log.Info("m", zap.String(logger.DDKeyTraceID, "4111111111111111"), zap.String(logger.KeyTraceID, "password=hunter2"),
			zap.String("user", "ada"))
		if got := oneLine(t, buf); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}

type verboseErr struct{ msg, detail string }

func (e verboseErr) Error() string { return e.msg }
func (e verboseErr) Format(s fmt.State, verb rune) {
	if verb == 'v' && s.Flag('+') {
		fmt.Fprintf(s, "%s\n%s", e.msg, e.detail)
		return
	}
	fmt.Fprint(s, e.msg)
}

// countingErr counts the calls of its Error method.
type countingErr struct {
	text  string
	calls int
}

func (e *countingErr) Error() string { e.calls++; return e.text }

type panicErr struct{}

func (*panicErr) Error() string { panic("boom") }

func TestCoreErrors(t *testing.T) {
	// A clean error is rendered once (issue 16: what is written is what
	// was checked) and written as zap writes it.
	plain := errors.New("not found")
	counted := &countingErr{text: "not found"}
	cleanLog, cleanBuf := newLogger(t, mustNew(t))
	cleanLog.Info("m", zap.Error(counted))
	if got, want := oneLine(t, cleanBuf), `{"msg":"m","error":"not found"}`; got != want || counted.calls != 1 {
		t.Errorf("clean error: %s (Error called %d times), want %s once", got, counted.calls, want)
	}

	log, buf := newLogger(t, mustNew(t))
	log.Info("m",
		zap.Error(errors.New("dial postgres://app:hunter2@db failed")),
		zap.NamedError("cause", fmt.Errorf("bad token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln: %w", plain)),
		zap.NamedError("v", verboseErr{"boom", "retry with Basic dXNlcjpwYXNzd29yZA=="}),
		zap.NamedError("token", errors.New("expired")),
		zap.NamedError("nilptr", (*panicErr)(nil)),
		zap.Errors("errs", []error{errors.New("ok"), errors.New("password=hunter2")}),
	)
	want := `{"msg":"m","error":"dial postgres://app:[REDACTED]@db failed","cause":"bad token [REDACTED]: not found",` +
		`"v":"boom","vVerbose":"boom\nretry with Basic [REDACTED]","token":"[REDACTED]","nilptr":"<nil>",` +
		`"errs":[{"error":"ok"},{"error":"password=[REDACTED]"}]}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestCoreNamespaces(t *testing.T) {
	tests := []struct {
		name string
		r    *redact.Redactor
		log  func(*zap.Logger)
		want string
	}{
		{
			name: "With namespace",
			r:    mustNew(t),
			log: func(l *zap.Logger) {
				l.With(zap.Namespace("req"), zap.String("password", "x")).Info("m", zap.String("user", "u"))
			},
			want: `{"msg":"m","req":{"password":"[REDACTED]","user":"u"}}`,
		},
		{
			name: "denied namespace masks what is in it",
			r:    mustNew(t),
			log: func(l *zap.Logger) {
				l.Info("m", zap.String("a", "1"), zap.Namespace("auth"), zap.String("kind", "basic"), zap.Int("n", 1),
					zap.Object("o", zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error { e.AddString("x", "y"); return nil })))
			},
			want: `{"msg":"m","a":"1","auth":{"kind":"[REDACTED]","n":"[REDACTED]","o":"[REDACTED]"}}`,
		},
		{
			name: "denied namespace from With applies to later lines",
			r:    mustNew(t),
			log: func(l *zap.Logger) {
				l.With(zap.Namespace("credentials")).Info("m", zap.String("user", "u"), zap.Inline(zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
					e.AddString("inline", "v")
					return nil
				})))
			},
			want: `{"msg":"m","credentials":{"user":"[REDACTED]","inline":"[REDACTED]"}}`,
		},
		{
			name: "dropped namespace",
			r:    mustNew(t, redact.WithRules(redact.Key("auth", redact.Drop()))),
			log: func(l *zap.Logger) {
				l.Info("m", zap.String("a", "1"), zap.Namespace("auth"), zap.String("kind", "basic"), zap.Namespace("inner"), zap.String("b", "2"))
			},
			want: `{"msg":"m","a":"1"}`,
		},
		{
			name: "path through a namespace",
			r:    mustNew(t, redact.WithPaths("req.user")),
			log: func(l *zap.Logger) {
				l.With(zap.Namespace("req")).Info("m", zap.String("user", "ada"), zap.String("other", "x"))
			},
			want: `{"msg":"m","req":{"user":"[REDACTED]","other":"x"}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := newLogger(t, tt.r)
			tt.log(log)
			if got := oneLine(t, buf); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCoreSummary(t *testing.T) {
	r := mustNew(t, redact.WithSummary())
	log, buf := newLogger(t, r)
	log.Info("retry token=abc", zap.String("password", "x"), zap.String("user", "u"),
		zap.Object("obj", zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
			e.AddString("apiKey", "k")
			e.AddString("ok", "fine")
			return nil
		})))
	log.Info("clean", zap.String("user", "u"))
	log.With(zap.String("session", "s")).Info("from With")
	want := []string{
		`{"msg":"retry token=[REDACTED]","password":"[REDACTED]","user":"u","obj":{"apiKey":"[REDACTED]","ok":"fine"},"redacted":{"count":3,"keys":["msg","password","obj.apiKey"]}}`,
		`{"msg":"clean","user":"u"}`,
		`{"msg":"from With","session":"[REDACTED]","redacted":{"count":1,"keys":["session"]}}`,
	}
	if got := lines(buf); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := r.Count(); got != 4 {
		t.Errorf("Count = %d, want 4", got)
	}
}

func TestCountConcurrent(t *testing.T) {
	r := mustNew(t)
	log, _ := newLogger(t, r)
	var mu sync.Mutex
	_ = &mu
	var wg sync.WaitGroup
	const goroutines, perG = 8, 50
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range perG {
				log.Info("m", zap.String("password", "x"), zap.Object("o", zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
					e.AddString("token", "t")
					return nil
				})))
				_ = r.Header("Authorization", "Bearer x")
			}
		}()
	}
	wg.Wait()
	if got, want := r.Count(), uint64(goroutines*perG*3); got != want {
		t.Errorf("Count = %d, want %d", got, want)
	}
}

func TestNewCoreNilArguments(t *testing.T) {
	core := redact.NewCore(nil, nil)
	if core.Enabled(zapcore.FatalLevel) {
		t.Error("a nil next should write nothing")
	}
	if err := core.With([]zapcore.Field{zap.String("password", "x")}).Write(zapcore.Entry{}, nil); err != nil {
		t.Error(err)
	}
	if err := core.Sync(); err != nil {
		t.Error(err)
	}
	next, writes := newCapture()
	zap.New(redact.NewCore(next, nil)).Info("m", zap.String("password", "x"))
	if f := (*writes)[0].fields[0]; f.String != redact.Mask {
		t.Errorf("a nil Redactor should use the defaults: %q", f.String)
	}
}

// TestCleanLinesThenSecrets: once a line's keys are known to pass (the
// one-pass check of clean lines), a secret in any place of the same line
// is still found.
func TestCleanLinesThenSecrets(t *testing.T) {
	log, buf := newLogger(t, mustNew(t))
	line := func(msg, note string, id int64, extra ...zap.Field) {
		log.Info(msg, append([]zap.Field{zap.String("method", "GET"), zap.String("note", note), zap.Int64("id", id),
			zap.Duration("d", time.Millisecond), zap.Bool("ok", true)}, extra...)...)
	}
	for range 3 {
		line("served", "b7ad6b7169203331 plain text", 42)
	}
	_ = lines(buf)
	for _, tt := range []struct {
		name  string
		log   func()
		leaks string
	}{
		{"bearer in a value", func() { line("served", "Bearer abcDEF123456xyz", 42) }, "abcDEF123456xyz"},
		{"secret in the message", func() { line("password=hunter2", "x", 42) }, "hunter2"},
		{"card number in an int", func() { line("served", "x", 4111111111111111) }, "4111111111111111"},
		{"card number in a string", func() { line("served", "pay 4111 1111 1111 1111 now", 1) }, "4111 1111 1111 1111"},
		{"denied key", func() { line("served", "x", 1, zap.String("token", "t0ps3cret")) }, "t0ps3cret"},
		{"nested secret", func() {
			line("served", "x", 1, zap.Object("o", zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
				e.AddString("password", "hunter3")
				return nil
			})))
		}, "hunter3"},
	} {
		tt.log()
		got := oneLine(t, buf)
		if strings.Contains(got, tt.leaks) || !strings.Contains(got, redact.Mask) {
			t.Errorf("%s: %s", tt.name, got)
		}
	}
}
