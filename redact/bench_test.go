package redact_test

import (
	"io"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/redact"
)

// benchCore is the floor: zap's JSON encoder writing to io.Discard.
func benchCore() zapcore.Core {
	return zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zapcore.DebugLevel)
}

// sixFields are the ordinary fields of an access line.
func sixFields() []zap.Field {
	return []zap.Field{
		zap.String("method", "GET"),
		zap.String("path", "/api/v1/orders/1234"),
		zap.Int("status", 200),
		zap.Duration("duration", 1500*time.Microsecond),
		zap.String("user_agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"),
		zap.String("request_id", "b7ad6b7169203331"),
	}
}

// withSecret is sixFields with one field to redact.
func withSecret() []zap.Field {
	f := sixFields()
	f[5] = zap.String("password", "hunter2")
	return f
}

type address struct{ street, city, zip string }

func (a address) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddString("street", a.street)
	enc.AddString("city", a.city)
	enc.AddString("zip", a.zip)
	return nil
}

type customer struct {
	id   int64
	name string
	tier string
	addr address
}

func (c customer) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddInt64("id", c.id)
	enc.AddString("name", c.name)
	enc.AddString("tier", c.tier)
	enc.AddBool("active", true)
	return enc.AddObject("address", c.addr)
}

var benchCustomer = &customer{id: 42, name: "Ada Lovelace", tier: "gold", addr: address{"12 Analytical Row", "London", "N1 9GU"}}

// wrapperOnly is a core that does what the redacting core does around
// its work (Check adds it; Write checks the wrapped core and writes through
// it) and nothing else: the cost of the wrapper pattern alone.
type wrapperOnly struct{ next zapcore.Core }

func (c *wrapperOnly) Enabled(l zapcore.Level) bool        { return c.next.Enabled(l) }
func (c *wrapperOnly) With(f []zapcore.Field) zapcore.Core { return &wrapperOnly{c.next.With(f)} }
func (c *wrapperOnly) Sync() error                         { return c.next.Sync() }
func (c *wrapperOnly) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.next.Enabled(e.Level) {
		return ce.AddCore(e, c)
	}
	return ce
}
func (c *wrapperOnly) Write(e zapcore.Entry, f []zapcore.Field) error {
	if ce := c.next.Check(e, nil); ce != nil {
		ce.Write(f...)
	}
	return nil
}

func BenchmarkLine(b *testing.B) {
	cases := []struct {
		name   string
		core   func() zapcore.Core
		fields func() []zap.Field
	}{
		{"core=floor", benchCore, sixFields},
		{"core=wrapper-only", func() zapcore.Core { return &wrapperOnly{benchCore()} }, sixFields},
		{"core=redact-clean", func() zapcore.Core { return redact.NewCore(benchCore(), redact.Default()) }, sixFields},
		{"core=redact-one-secret", func() zapcore.Core { return redact.NewCore(benchCore(), redact.Default()) }, withSecret},
		// A fresh redactor, and one that judged 20,000 keys from data first.
		{"core=redact-clean-fresh", func() zapcore.Core { return redact.NewCore(benchCore(), freshRedactor()) }, sixFields},
		{"core=redact-clean-after-20k-keys", func() zapcore.Core {
			r := freshRedactor()
			churn(r, 20000)
			return redact.NewCore(benchCore(), r)
		}, sixFields},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			log := zap.New(c.core())
			fields := c.fields()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				log.Info("request served", fields...)
			}
		})
	}
}

func BenchmarkNestedObject(b *testing.B) {
	cases := []struct {
		name string
		core func() zapcore.Core
	}{
		{"core=floor", benchCore},
		{"core=wrapper-only", func() zapcore.Core { return &wrapperOnly{benchCore()} }},
		{"core=redact-clean", func() zapcore.Core { return redact.NewCore(benchCore(), redact.Default()) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			log := zap.New(c.core())
			f := zap.Object("customer", benchCustomer)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				log.Info("customer updated", f)
			}
		})
	}
}

func BenchmarkAnyMap(b *testing.B) {
	m := map[string]any{"sku": "A-1", "qty": 2, "price": 12.5}
	for _, c := range []struct {
		name string
		core zapcore.Core
	}{{"core=floor", benchCore()}, {"core=redact-clean", redact.NewCore(benchCore(), redact.Default())}} {
		b.Run(c.name, func(b *testing.B) {
			log := zap.New(c.core)
			b.ReportAllocs()
			for range b.N {
				log.Info("item", zap.Any("item", m))
			}
		})
	}
}

func BenchmarkSensitiveKey(b *testing.B) {
	r := redact.Default()
	b.ReportAllocs()
	for range b.N {
		_ = r.SensitiveKey("user_agent")
	}
}

func BenchmarkString(b *testing.B) {
	r := redact.Default()
	for _, c := range []struct{ name, s string }{
		{"clean", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"},
		{"bearer", "sent Bearer abcDEF123456 upstream"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				_ = r.String(c.s)
			}
		})
	}
}

func BenchmarkQuery(b *testing.B) {
	r := redact.Default()
	for _, c := range []struct{ name, q string }{
		{"clean", "page=2&sort=name&filter=active"},
		{"token", "page=2&access_token=abc&sort=name"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				_ = r.Query(c.q)
			}
		})
	}
}
