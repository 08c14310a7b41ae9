package redact_test

import (
	"bytes"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/redact"
)

// testEncoderConfig writes only the message and the fields, so that tests
// can compare whole lines.
func testEncoderConfig() zapcore.EncoderConfig {
	return zapcore.EncoderConfig{
		MessageKey:     "msg",
		LineEnding:     "\n",
		EncodeDuration: zapcore.StringDurationEncoder,
		EncodeTime:     zapcore.RFC3339NanoTimeEncoder,
	}
}

// newLogger returns a logger that writes JSON lines through
// redact.NewCore(r) to the returned buffer.
func newLogger(tb testing.TB, r *redact.Redactor, opts ...zap.Option) (*zap.Logger, *bytes.Buffer) {
	tb.Helper()
	var buf bytes.Buffer
	core := zapcore.NewCore(zapcore.NewJSONEncoder(testEncoderConfig()), zapcore.Lock(zapcore.AddSync(&buf)), zapcore.DebugLevel)
	return zap.New(redact.NewCore(core, r), opts...), &buf
}

func mustNew(tb testing.TB, opts ...redact.Option) *redact.Redactor {
	tb.Helper()
	r, err := redact.New(opts...)
	if err != nil {
		tb.Fatalf("redact.New: %v", err)
	}
	return r
}

// lines returns the lines written to buf, and empties it.
func lines(buf *bytes.Buffer) []string {
	s := strings.TrimSuffix(buf.String(), "\n")
	buf.Reset()
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// oneLine returns the single line written to buf.
func oneLine(tb testing.TB, buf *bytes.Buffer) string {
	tb.Helper()
	ls := lines(buf)
	if len(ls) != 1 {
		tb.Fatalf("got %d lines, want 1:\n%s", len(ls), strings.Join(ls, "\n"))
	}
	return ls[0]
}

// captureCore records the entries and field slices it is given.
type captureCore struct {
	zapcore.LevelEnabler
	writes *[]captured
	with   []zapcore.Field
}

type captured struct {
	ent    zapcore.Entry
	fields []zapcore.Field
	core   *captureCore
}

func newCapture() (*captureCore, *[]captured) {
	var w []captured
	return &captureCore{LevelEnabler: zapcore.DebugLevel, writes: &w}, &w
}

func (c *captureCore) With(fields []zapcore.Field) zapcore.Core {
	clone := *c
	clone.with = append(append([]zapcore.Field(nil), c.with...), fields...)
	return &clone
}

func (c *captureCore) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.Enabled(ent.Level) {
		return ce.AddCore(ent, c)
	}
	return ce
}

func (c *captureCore) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	if len(fields) == 1 && fields[0].Key == "probe" {
		if p, ok := fields[0].Interface.(**captureCore); ok {
			*p = c
			return nil
		}
	}
	*c.writes = append(*c.writes, captured{ent, fields, c})
	return nil
}

func (c *captureCore) Sync() error { return nil }

// captureOf returns the capture core that c (a redact core over capture
// cores) writes to, found by writing a probe entry through it (the probe
// is not recorded).
func captureOf(c zapcore.Core) *captureCore {
	ce := c.Check(zapcore.Entry{Level: zapcore.InfoLevel, Message: "probe"}, nil)
	if ce == nil {
		return nil
	}
	var target *captureCore
	ce.Write(zapcore.Field{Key: "probe", Type: zapcore.SkipType, Interface: &target})
	return target
}
