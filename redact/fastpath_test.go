package redact

import (
	"bytes"
	"context"
	"math"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/logger"
)

// FuzzFastPath holds the one-pass clean check to the general path: a line
// that cleanLine finds clean is written as it is, and must be
// byte-identical to what the general path (redactWrite) writes for it;
// any other line must come out of both paths alike too.
func FuzzFastPath(f *testing.F) {
	f.Add("request served", "GET", "/api/v1/orders/1234", "user", int64(200), 1.5, uint8(0))
	f.Add("charge", "4111 1111 1111 1111", "Bearer abcDEF123456", "password", int64(4111111111111111), 4111111111111111.0, uint8(1))
	f.Add("m", "next=%2Fcb%3Ftoken%3Dabc", "a+b", "AKIAIOSFODNN7EXAMPLE", int64(-1), math.NaN(), uint8(2))
	f.Add("x", "user[password]=x", "ab4111111111111111cd", "trace_id", int64(1e12), 1e19, uint8(3))
	f.Fuzz(func(t *testing.T, msg, s1, s2, key string, n int64, fl float64, opt uint8) {
		var opts []Option
		switch opt % 4 {
		case 1:
			opts = append(opts, WithAction(Drop()))
		case 2:
			opts = append(opts, WithAllowKeys("method", "status"))
		case 3:
			opts = append(opts, WithRules(Pattern(PatternCreditCard, nil, KeepLast(4))))
		}
		r, err := New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		fields := []zapcore.Field{
			zap.String("method", s1),
			zap.String(key, s2),
			zap.Int64("status", n),
			zap.Float64("ratio", fl),
			zap.Duration("took", time.Duration(n)),
			zap.Bool("ok", n%2 == 0),
			logger.Context(context.Background()),
			zap.Uint64("big", uint64(n)),
		}
		write := func(general bool) string {
			var buf bytes.Buffer
			enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"})
			c := NewCore(zapcore.NewCore(enc, zapcore.AddSync(&buf), zapcore.DebugLevel), r).(*core)
			ent := zapcore.Entry{Message: msg}
			if general {
				err = c.redactWrite(ent, fields)
			} else {
				err = c.Write(ent, fields)
			}
			if err != nil {
				t.Fatal(err)
			}
			return buf.String()
		}
		fast, general := write(false), write(true)
		if fast != general {
			t.Fatalf("clean check %v\nfast    %s\ngeneral %s", r.quick && r.cleanLine(msg, fields), fast, general)
		}
	})
}
