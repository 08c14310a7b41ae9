package benchmarks_test

import (
	"io"
	"testing"

	"go.uber.org/zap"

	"github.com/tracelog/tracelog/redact"
)

// The lines of the redaction benchmarks: four fields, with no secret or
// with a password among them.
var (
	cleanFields = []zap.Field{zap.String("user", "alice"), zap.Int("cents", lineCents),
		zap.String("currency", lineCurrency), zap.String("path", "/api/orders/42")}
	secretFields = []zap.Field{zap.String("password", "hunter2"), zap.Int("cents", lineCents),
		zap.String("currency", lineCurrency), zap.String("path", "/api/orders/42")}
)

// redactSetups: plain zap (the floor) and package redact's core around the
// same JSON core with the default rules.
var redactSetups = []struct {
	name string
	make func(w io.Writer) *zap.Logger
}{
	{"floor", func(w io.Writer) *zap.Logger { return zap.New(zapJSONCore(w)) }},
	{"tracelog_redact", func(w io.Writer) *zap.Logger { return zap.New(redact.NewCore(zapJSONCore(w), redact.Default())) }},
}

func benchRedact(b *testing.B, fields []zap.Field) {
	for _, s := range redactSetups {
		b.Run(s.name, func(b *testing.B) {
			log := s.make(io.Discard)
			b.ReportAllocs()
			for b.Loop() {
				log.Info(lineMsg, fields...)
			}
		})
	}
}

// BenchmarkRedactNothing is a line with nothing to redact.
func BenchmarkRedactNothing(b *testing.B) { benchRedact(b, cleanFields) }

// BenchmarkRedactOneSecret is a line with one password field.
func BenchmarkRedactOneSecret(b *testing.B) { benchRedact(b, secretFields) }
