package jsonenc_test

import (
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/internal/jsonenc"
)

// BenchmarkEncodeEntry encodes a typical line (tracelog's config, a
// context of With fields, a few fields) with zap's encoder and this one.
func BenchmarkEncodeEntry(b *testing.B) {
	ec := tracelog.EncoderConfig(tracelog.EncodingJSON)
	ent := zapcore.Entry{Level: zapcore.InfoLevel, Time: time.Now(), Message: "charged card",
		Caller: zapcore.NewEntryCaller(0, "/src/github.com/acme/shop/payments/charge.go", 42, true)}
	fields := []zapcore.Field{zap.Int("cents", 1299), zap.String("currency", "EUR"),
		zap.Duration("elapsed", 1234567*time.Nanosecond), zap.String("path", "/users/42/orders?page=2")}
	for _, enc := range []struct {
		name string
		new  func(zapcore.EncoderConfig) zapcore.Encoder
	}{{"zap", zapcore.NewJSONEncoder}, {"jsonenc", jsonenc.New}} {
		b.Run(enc.name, func(b *testing.B) {
			e := enc.new(ec)
			for _, f := range []zapcore.Field{zap.String("service.name", "shop"), zap.String("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")} {
				f.AddTo(e)
			}
			b.ReportAllocs()
			for b.Loop() {
				buf, _ := e.EncodeEntry(ent, fields)
				buf.Free()
			}
		})
	}
}
