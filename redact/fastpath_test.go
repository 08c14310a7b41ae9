package redact

import (
	"bytes"
	"context"
	"math"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/libfield"
	"github.com/tracelog/tracelog/logger"
)

// FuzzFastPath holds the one-pass clean check to the general path: a line
// that cleanFields finds clean is written as it is, and one it finds
// clean but for its marshalers is written with them wrapped (wrapWrite);
// each must be byte-identical to what the general path (redactWrite)
// writes for it. Any other line must come out of both paths alike too.
func FuzzFastPath(f *testing.F) {
	f.Add("request served", "GET", "/api/v1/orders/1234", "user", int64(200), 1.5, uint8(0))
	f.Add("charge", "4111 1111 1111 1111", "Bearer abcDEF123456", "password", int64(4111111111111111), 4111111111111111.0, uint8(1))
	f.Add("m", "next=%2Fcb%3Ftoken%3Dabc", "a+b", "AKIAIOSFODNN7EXAMPLE", int64(-1), math.NaN(), uint8(2))
	f.Add("x", "user[password]=x", "ab4111111111111111cd", "trace_id", int64(1e12), 1e19, uint8(3))
	// With marshalers, short and long lines, kept or not, in a namespace.
	f.Add("request served", "GET", "/api", "user", int64(200), 1.5, uint8(1<<2|1<<4))
	f.Add("request served", "GET", "Ada", "name", int64(7), 1.5, uint8(2<<2|1<<5))
	f.Add("request served", "GET", "Bearer abcDEF123456", "token", int64(7), 1.5, uint8(2<<2|1<<6))
	f.Add("request served", "4111 1111 1111 1111", "/api", "name", int64(7), 1.5, uint8(3<<2|1<<4|1<<5|1<<6))
	f.Add("request served", "x", "y", "password", int64(7), 1.5, uint8(3<<2|2))
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
		if opt&(1<<4) != 0 {
			// Short enough for the new fields to share memory with the
			// first marshaler's wrapper.
			fields = fields[:3]
		}
		// A line clean but for its marshalers (opt's bits 2 and 3) takes
		// the wrapping path.
		obj := zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
			e.AddString("secret", s1) // redacted only if the object is wrapped
			e.AddString(key, s2)
			e.AddInt64("n", n)
			return nil
		})
		switch opt >> 2 % 4 {
		case 1:
			fields = append(fields, zap.Object("obj", obj))
		case 2:
			fields = append(fields, zap.Inline(obj))
		case 3:
			fields = append(fields, zap.Object(key, obj), zap.Array("list", zapcore.ArrayMarshalerFunc(func(a zapcore.ArrayEncoder) error {
				a.AppendString(s2)
				return nil
			})))
		}
		write := func(general bool) string {
			var buf bytes.Buffer
			enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"})
			var below zapcore.Core = zapcore.NewCore(enc, zapcore.AddSync(&buf), zapcore.DebugLevel)
			if opt&(1<<5) != 0 {
				// Keeps the line: no pooled memory.
				below = keptCore{below}
			}
			c := NewCore(below, r).(*core)
			if opt&(1<<6) != 0 {
				c = c.With([]zapcore.Field{zap.Namespace("ns")}).(*core)
			}
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
		// The first line judges the keys, which the fast path finds in
		// the cache from then on.
		_ = write(false)
		fast, general := write(false), write(true)
		if fast != general {
			t.Fatalf("quick %v, clean checks %v %v\nfast    %s\ngeneral %s", r.quick, r.cannotMatch(msg), r.cleanFields(fields), fast, general)
		}
	})
}

// keptCore hides that the core it embeds keeps nothing of a line (and
// that its Check is plain).
type keptCore struct{ zapcore.Core }

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

// accessLine stands for an access line of httplog: the library's own
// inline marshaler (libfield.LibraryLine).
type accessLine struct{ path, agent string }

func (l *accessLine) MarshalLogObject(e zapcore.ObjectEncoder) error {
	e.AddString("url.path", l.path)
	e.AddString("user_agent.original", l.agent)
	e.AddInt("http.response.status_code", 200)
	return nil
}

func (*accessLine) LibraryLine() {}

// The shapes of the lines the library writes take the fast path when
// clean: an access line (a context field and the line's inline
// marshaler, wrapped), a gRPC line (a context field and fields marked as
// the library's), a line with With fields and a context field. Their
// values are still checked: a secret in them sends the line to the
// general path, or is masked by the wrapper.
func TestLibraryLinesTakeFastPath(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	ctx := logger.Context(context.Background())
	grpcLine := func(method string) []zapcore.Field {
		f := []zapcore.Field{ctx, zap.String("rpc.method", method), zap.String("rpc.grpc.status_code", "OK"),
			zap.Int64("rpc.grpc.status_code_num", 0), zap.Duration("duration", time.Millisecond)}
		libfield.Set(f[1:], libfield.Line)
		return f
	}
	cases := []struct {
		name   string
		fields []zapcore.Field
		want   lineCheck
	}{
		{"access line", []zapcore.Field{ctx, zap.Inline(&accessLine{"/users/42", "curl/8.5"})}, lineWrap},
		{"access line with a handler's field", []zapcore.Field{ctx, zap.Inline(&accessLine{"/users/42", "curl/8.5"}), zap.String("tenant", "acme")}, lineWrap},
		{"gRPC line", grpcLine("greeter.Greeter/Hello"), lineClean},
		{"gRPC line with a secret", grpcLine("greeter.Greeter/Hello?token=abcdef"), lineGeneral},
		{"service line", []zapcore.Field{ctx, zap.String("order", "A-1"), zap.Int("items", 3)}, lineClean},
	}
	for _, c := range cases {
		// The first line judges the keys, which the cache holds from
		// then on.
		var buf bytes.Buffer
		log := zap.New(NewCore(zapcore.NewCore(zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"}), zapcore.AddSync(&buf), zapcore.DebugLevel), r))
		log.Info("m", c.fields...)
		if got := r.cleanFields(c.fields); got != c.want {
			t.Errorf("%s: cleanFields = %v, want %v", c.name, got, c.want)
		}
	}
	// The wrapper still checks the values of an access line.
	var buf bytes.Buffer
	log := zap.New(NewCore(zapcore.NewCore(zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"}), zapcore.AddSync(&buf), zapcore.DebugLevel), r))
	log.Info("m", ctx, zap.Inline(&accessLine{"/users/42", "Bearer abcDEF123456"}))
	if want := `{"msg":"m","url.path":"/users/42","user_agent.original":"Bearer [REDACTED]","http.response.status_code":200}` + "\n"; buf.String() != want {
		t.Errorf("got  %swant %s", buf.String(), want)
	}
}
