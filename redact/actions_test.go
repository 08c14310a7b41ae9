package redact_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/redact"
)

var hashKey = []byte("test-hash-key")

func TestActions(t *testing.T) {
	r := mustNew(t, redact.WithRules(
		redact.Key("card_number", redact.KeepLast(4)),
		redact.Key("account", redact.KeepFirst(2)),
		redact.Key("session", redact.Hash(hashKey)),
		redact.Key("cvv", redact.Drop()),
		redact.Key("pin", redact.KeepLast(4)),
		redact.Pattern(redact.PatternCreditCard, nil, redact.KeepLast(4)),
		redact.Pattern("ticket", regexp.MustCompile(`TCK-\d+`), redact.Drop()),
	))
	log, buf := newLogger(t, r)
	log.Info("paid 4111 1111 1111 1111 with TCK-42",
		zap.String("card_number", "4111111111111111"),
		zap.String("account", "DE89370400440532013000"),
		zap.String("session", "s-1"),
		zap.String("cvv", "123"),
		zap.String("pin", "1234"),
		zap.Int64("n", 5555555555554444),
		zap.String("note", "ticket TCK-7"),
		zap.String("ok", "fine"),
		zap.Strings("list", []string{"a", "TCK-9", "b"}),
		zap.Object("o", zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
			e.AddString("session", "s-1")
			e.AddInt64("card_number", 4111111111111111)
			e.AddString("cvv", "1")
			return nil
		})),
	)
	sessionHash := "hmac:" + hmacHex(hashKey, "s-1")
	want := `{"msg":"paid [REDACTED]1111 with [REDACTED]","card_number":"[REDACTED]1111","account":"DE[REDACTED]","session":"` + sessionHash + `",` +
		`"pin":"[REDACTED]34","n":"[REDACTED]4444","note":"ticket [REDACTED]","ok":"fine","list":["a","b"],` +
		`"o":{"session":"` + sessionHash + `","card_number":"[REDACTED]1111"}}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestActionKeepsAtMostHalf(t *testing.T) {
	tests := []struct {
		a        redact.Action
		in, want string
	}{
		{redact.KeepLast(4), "12345678", "[REDACTED]5678"},
		{redact.KeepLast(4), "123456", "[REDACTED]456"},
		{redact.KeepLast(4), "1", "[REDACTED]"},
		{redact.KeepFirst(3), "héllo wörld", "hél[REDACTED]"},
		{redact.KeepLast(3), "héllo wörld", "[REDACTED]rld"},
		{redact.KeepLast(2), "日本語の", "[REDACTED]語の"},
		{redact.KeepFirst(-1), "abcdef", "[REDACTED]"},
		{redact.MaskAction(), "abc", "[REDACTED]"},
	}
	for _, tt := range tests {
		r := mustNew(t, redact.WithRules(redact.Key("v", tt.a)))
		if got := r.Header("v", tt.in); got != tt.want {
			t.Errorf("%v on %q = %q, want %q", tt.a, tt.in, got, tt.want)
		}
	}
}

func TestHashAction(t *testing.T) {
	r1 := mustNew(t, redact.WithAction(redact.Hash([]byte("k1"))))
	r2 := mustNew(t, redact.WithAction(redact.Hash([]byte("k2"))))
	a, b := r1.Header("token", "secret-value"), r1.Header("token", "secret-value")
	c := r2.Header("token", "secret-value")
	if a != b || a == c || !strings.HasPrefix(a, redact.HashPrefix) || len(a) != len(redact.HashPrefix)+12 {
		t.Errorf("hashes %q %q %q", a, b, c)
	}
	if strings.Contains(a, "secret") {
		t.Errorf("hash %q holds the value", a)
	}
	// The key is copied: changing the caller's slice changes nothing.
	key := []byte("k1")
	r3 := mustNew(t, redact.WithAction(redact.Hash(key)))
	key[0] = 'x'
	if got := r3.Header("token", "secret-value"); got != a {
		t.Errorf("hash changed with the caller's key slice: %q, want %q", got, a)
	}
}

func TestActionStrings(t *testing.T) {
	tests := []struct {
		a    redact.Action
		want string
	}{
		{redact.Action{}, "default"},
		{redact.MaskAction(), "mask"},
		{redact.Drop(), "drop"},
		{redact.KeepFirst(2), "keep_first(2)"},
		{redact.KeepLast(4), "keep_last(4)"},
		{redact.Hash([]byte("k")), "hash"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestDefaultActionDrop(t *testing.T) {
	log, buf := newLogger(t, mustNew(t, redact.WithAction(redact.Drop())))
	log.Info("Bearer abcDEF123456", zap.String("password", "x"), zap.String("note", "token=abc"), zap.String("user", "u"),
		zap.Object("credentials", zapcore.ObjectMarshalerFunc(func(zapcore.ObjectEncoder) error { return nil })))
	// The message cannot be dropped: it is masked; so is a secret inside
	// text (issue 16: dropping the whole field lost the rest of it).
	want := `{"msg":"Bearer [REDACTED]","note":"token=[REDACTED]","user":"u"}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestPaths(t *testing.T) {
	r := mustNew(t,
		redact.WithPaths("user.email", "payment.card.number", "items.*.sku"),
		redact.WithRules(redact.Path("user.phone", redact.KeepLast(2))),
	)
	log, buf := newLogger(t, r)
	obj := func(kv ...string) zapcore.ObjectMarshaler {
		return zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
			for i := 0; i < len(kv); i += 2 {
				e.AddString(kv[i], kv[i+1])
			}
			return nil
		})
	}
	log.Info("m",
		zap.Object("user", obj("email", "a@b.c", "phone", "5551234", "name", "ada")),
		zap.String("email", "top-level is not user.email"),
		zap.String("user.email", "a@b.c"),
		zap.Dict("payment", zap.Dict("card", zap.String("number", "4111"), zap.String("brand", "visa"))),
		zap.Dict("items", zap.Dict("first", zap.String("sku", "s1"), zap.String("qty", "1"))),
		zap.Any("USER", map[string]string{"Email": "x"}),
	)
	want := `{"msg":"m","user":{"email":"[REDACTED]","phone":"[REDACTED]34","name":"ada"},"email":"top-level is not user.email",` +
		`"user.email":"[REDACTED]","payment":{"card":{"number":"[REDACTED]","brand":"visa"}},"items":{"first":{"sku":"[REDACTED]","qty":"1"}},` +
		`"USER":{"Email":"[REDACTED]"}}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestAllowlist(t *testing.T) {
	r := mustNew(t, redact.WithAllowKeys("user", "status", "request.id", "items.sku", "tags", "password"))
	log, buf := newLogger(t, r)
	log.Info("token=abc served",
		zap.String("user", "ada"),
		zap.Int("status", 200),
		zap.String("note", "free text"),
		zap.String("password", "x"), // allowed, but still on the deny list
		zap.Dict("request", zap.String("id", "r1"), zap.String("path", "/x")),
		zap.String("request_id", "r2"), // has the words of "request.id"
		zap.Any("items", []map[string]any{{"sku": "s1", "price": 10}}),
		zap.Strings("items", []string{"loose"}), // on the way to items.sku only: its scalars are masked
		zap.Strings("tags", []string{"a", "Bearer abcDEF123456"}),
		zap.Dict("other", zap.String("user", "u")),
	)
	want := `{"msg":"token=[REDACTED] served","user":"ada","status":200,"note":"[REDACTED]","password":"[REDACTED]",` +
		`"request":{"id":"r1","path":"[REDACTED]"},"request_id":"r2","items":[{"price":"[REDACTED]","sku":"s1"}],` +
		`"items":["[REDACTED]"],"tags":["a","Bearer [REDACTED]"],"other":"[REDACTED]"}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// Plain functions follow the allowlist too.
	if !r.SensitiveKey("note") || r.SensitiveKey("user") || r.Header("X-Custom", "v") != redact.Mask {
		t.Error("plain functions ignore the allowlist")
	}
}

func TestAllowlistDrop(t *testing.T) {
	log, buf := newLogger(t, mustNew(t, redact.WithAllowKeys("user"), redact.WithAction(redact.Drop())))
	log.With(zap.String("service", "x")).Info("m", zap.String("user", "ada"), zap.Int("n", 1))
	if got, want := oneLine(t, buf), `{"msg":"m","user":"ada"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func hmacHex(key []byte, s string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil)[:6])
}
