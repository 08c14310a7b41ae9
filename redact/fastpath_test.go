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

// FuzzNestedFastPath holds the fast paths of nested values (a frame
// writing a string whose key the cache passes and whose value the quick
// check finds clean) to the general ones: a Redactor with an added pattern
// that never matches has no fast path at all, and must write the same
// bytes.
func FuzzNestedFastPath(f *testing.F) {
	f.Add("name", "Ada Lovelace", "zip", "N1 9GU", int64(42), 1.5, []byte("blob"))
	f.Add("token", "Bearer abcDEF123456", "note", "next=%2Fcb%3Ftoken%3Dx", int64(4111111111111111), 5555555555554444.0, []byte("AKIAIOSFODNN7EXAMPLE"))
	f.Add("AKIAIOSFODNN7EXAMPLE", "b7ad6b71-6920-3331", "user[password]", "x", int64(-7), -0.5, []byte{0xff, 0})
	slow, err := New(WithPatternString("never", "\x00never\x00"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string, n int64, fl float64, b []byte) {
		obj := zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
			e.AddString(k1, v1)
			e.AddInt64("n", n)
			e.AddFloat64("f", fl)
			e.AddBinary("b", b)
			e.AddByteString(k2, b)
			_ = e.AddArray("list", zapcore.ArrayMarshalerFunc(func(a zapcore.ArrayEncoder) error {
				a.AppendString(v2)
				a.AppendInt64(n)
				return a.AppendObject(zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
					e.AddString(k2, v2)
					return nil
				}))
			}))
			return e.AddObject("inner", zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
				e.AddString(k2, v2)
				e.AddBool(k1, n%2 == 0)
				return nil
			}))
		})
		write := func(r *Redactor) string {
			var buf bytes.Buffer
			enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"})
			log := zap.New(NewCore(zapcore.NewCore(enc, zapcore.AddSync(&buf), zapcore.DebugLevel), r))
			log.Info(v1, zap.Object("o", obj), zap.String(k1, v2), zap.Any("m", map[string]any{k2: v1, "n": n}))
			return buf.String()
		}
		if fast, general := write(Default()), write(slow); fast != general {
			t.Fatalf("fast    %s\ngeneral %s", fast, general)
		}
	})
}
