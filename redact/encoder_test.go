package redact_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog/redact"
)

// account marshals every kind of value zapcore.ObjectEncoder takes.
type account struct{}

func (account) MarshalLogObject(e zapcore.ObjectEncoder) error {
	e.AddString("name", "ada")
	e.AddString("password", "hunter2")
	e.AddString("note", "call with Bearer abcDEF123456")
	e.AddByteString("raw", []byte("AKIAIOSFODNN7EXAMPLE"))
	e.AddBinary("secret", []byte{1, 2})
	e.AddBool("auth", true)
	e.AddInt("pin", 1234)
	e.AddInt64("card", 4111111111111111)
	e.AddUint64("id", 7)
	e.AddFloat64("cvv", 123)
	e.AddDuration("token_ttl", time.Minute)
	e.AddTime("session_start", time.Unix(0, 0).UTC())
	e.AddComplex128("c", 1)
	if err := e.AddReflected("cookie", map[string]string{"a": "b"}); err != nil {
		return err
	}
	if err := e.AddReflected("meta", map[string]any{"token": "t", "ok": 1}); err != nil {
		return err
	}
	if err := e.AddReflected("plain", []int{1, 2}); err != nil {
		return err
	}
	if err := e.AddArray("tags", zapcore.ArrayMarshalerFunc(func(a zapcore.ArrayEncoder) error {
		a.AppendString("x")
		a.AppendString("password=hunter2")
		a.AppendInt64(4111111111111111)
		a.AppendByteString([]byte("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"))
		a.AppendBool(true)
		return a.AppendObject(zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
			e.AddString("secret", "s")
			return nil
		}))
	})); err != nil {
		return err
	}
	e.OpenNamespace("ns")
	e.AddString("api_key", "k")
	e.AddString("ok", "fine")
	return nil
}

func TestNestedObject(t *testing.T) {
	log, buf := newLogger(t, mustNew(t))
	log.Info("m", zap.Object("acct", account{}), zap.String("after", "x"))
	want := `{"msg":"m","acct":{"name":"ada","password":"[REDACTED]","note":"call with Bearer [REDACTED]","raw":"[REDACTED]",` +
		`"secret":"[REDACTED]","auth":"[REDACTED]","pin":1234,"card":"[REDACTED]","id":7,"cvv":"[REDACTED]","token_ttl":"[REDACTED]",` +
		`"session_start":"[REDACTED]","c":"1+0i","cookie":"[REDACTED]","meta":{"ok":1,"token":"[REDACTED]"},"plain":[1,2],` +
		`"tags":["x","password=[REDACTED]","[REDACTED]","[REDACTED]",true,{"secret":"[REDACTED]"}],"ns":{"api_key":"[REDACTED]","ok":"fine"}},"after":"x"}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestNestedInlineArrayDict(t *testing.T) {
	log, buf := newLogger(t, mustNew(t))
	log.Info("m",
		zap.Inline(zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
			e.AddString("token", "t")
			e.AddString("user", "u")
			return nil
		})),
		zap.Array("list", zapcore.ArrayMarshalerFunc(func(a zapcore.ArrayEncoder) error {
			a.AppendString("fine")
			a.AppendString("AKIAIOSFODNN7EXAMPLE")
			return a.AppendArray(zapcore.ArrayMarshalerFunc(func(a zapcore.ArrayEncoder) error {
				a.AppendString("4111 1111 1111 1111")
				return nil
			}))
		})),
		zap.Strings("names", []string{"ada", "Bearer abcDEF123456"}),
		zap.Dict("d", zap.String("cvv", "123"), zap.String("x", "y"), zap.Dict("inner", zap.String("secret", "s"))),
		zap.Array("passwords", zapcore.ArrayMarshalerFunc(func(a zapcore.ArrayEncoder) error { a.AppendString("p"); return nil })),
		zap.Object("credentials", account{}),
	)
	want := `{"msg":"m","token":"[REDACTED]","user":"u","list":["fine","[REDACTED]",["[REDACTED]"]],"names":["ada","Bearer [REDACTED]"],` +
		`"d":{"cvv":"[REDACTED]","x":"y","inner":{"secret":"[REDACTED]"}},"passwords":["[REDACTED]"],"credentials":"[REDACTED]"}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// deep nests n objects, each with a secret and an ordinary key.
type deep int

func (d deep) MarshalLogObject(e zapcore.ObjectEncoder) error {
	e.AddString("password", "p")
	e.AddInt("level", int(d))
	if d > 1 {
		return e.AddObject("next", d-1)
	}
	return nil
}

func TestNestedDepthLimit(t *testing.T) {
	log, buf := newLogger(t, mustNew(t, redact.WithMaxDepth(2)))
	log.Info("m", zap.Object("o", deep(4)))
	want := `{"msg":"m","o":{"password":"[REDACTED]","level":4,"next":{"password":"[REDACTED]","level":3,"next":"[REDACTED]"}}}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// The default depth copes with very deep values without crashing.
	log, buf = newLogger(t, mustNew(t))
	log.Info("m", zap.Object("o", deep(10000)))
	got := oneLine(t, buf)
	if strings.Count(got, `"next":{`) != redact.DefaultMaxDepth-1 || strings.Contains(got, `"p"`) {
		t.Errorf("got %d levels: %.200s", strings.Count(got, `"next":{`), got)
	}
}

// The field given to the wrapped core can be marshaled again after Write
// returns (zaptest/observer does), with the same result.
func TestNestedMarshalAgain(t *testing.T) {
	obs, logs := observer.New(zapcore.DebugLevel)
	log := zap.New(redact.NewCore(obs, mustNew(t)))
	log.Info("m", zap.Object("acct", account{}), zap.Any("meta", map[string]string{"token": "t"}))
	log.Info("other", zap.Object("o", deep(2)))
	ctx := logs.All()[0].ContextMap()
	acct := ctx["acct"].(map[string]any)
	if acct["password"] != redact.Mask || acct["name"] != "ada" || ctx["meta"].(map[string]any)["token"] != redact.Mask {
		t.Errorf("second marshal: %v", ctx)
	}
}

func TestNestedErrors(t *testing.T) {
	log, buf := newLogger(t, mustNew(t))
	log.Info("m", zap.Dict("d", zap.Error(errors.New("token=abc rejected")), zap.NamedError("password", errors.New("x"))))
	want := `{"msg":"m","d":{"error":"token=[REDACTED] rejected","password":"[REDACTED]"}}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
