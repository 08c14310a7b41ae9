package redact_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/redact"
)

const (
	testJWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
	testPEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n-----END RSA PRIVATE KEY-----"
)

func TestStringPatterns(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain text", "order 1234 shipped to Berlin", "order 1234 shipped to Berlin"},
		{"bearer", "sent Bearer abcDEF123456 upstream", "sent Bearer [REDACTED] upstream"},
		{"bearer lower case", "bearer abc.def-123456", "bearer [REDACTED]"},
		{"basic", "Basic dXNlcjpwYXNzd29yZA==", "Basic [REDACTED]"},
		{"basic in prose", "Basic information is public", "Basic information is public"},
		{"bearer of news", "the bearer of bad news", "the bearer of bad news"},
		{"authorization header text", "Authorization: Bearer abcDEF123456", "Authorization: [REDACTED]"},
		{"jwt", "token " + testJWT + " expired", "token [REDACTED] expired"},
		{"jwt-like word", "eyJust kidding", "eyJust kidding"},
		{"private key", "key:\n" + testPEM + "\nend", "key:\n[REDACTED]\nend"},
		{"truncated private key", "k " + testPEM[:70], "k [REDACTED]"},
		{"certificate is public", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"},
		{"aws access key", "id=AKIAIOSFODNN7EXAMPLE done", "id=[REDACTED] done"},
		{"aws session key", "ASIAIOSFODNN7EXAMPLE", "[REDACTED]"},
		{"too short for aws", "AKIA1234", "AKIA1234"},
		{"card", "paid with 4111111111111111.", "paid with [REDACTED]."},
		{"card with spaces", "card 4111 1111 1111 1111 ok", "card [REDACTED] ok"},
		{"card with dashes", "5555-5555-5555-4444", "[REDACTED]"},
		{"amex", "3782 822463 10005", "[REDACTED]"},
		{"card then year", "4111 1111 1111 1111 2029", "[REDACTED] 2029"},
		{"order number fails luhn", "order 4111111111111112", "order 4111111111111112"},
		{"luhn but not a card prefix", "id 8111111111111111", "id 8111111111111111"},
		{"too long for a card", "4111111111111111111111", "4111111111111111111111"},
		{"url credentials", "dial postgres://app:hunter2@db:5432/shop", "dial postgres://app:[REDACTED]@db:5432/shop"},
		{"url token as user", "https://ghp_abc123@github.com/x.git", "https://[REDACTED]@github.com/x.git"},
		{"url without credentials", "https://example.com/a@b", "https://example.com/a@b"},
		{"key=value", "login password=hunter2 user=bob", "login password=[REDACTED] user=bob"},
		{"key: value", "token: abc123, next", "token: [REDACTED], next"},
		{"json in text", `{"user":"ada","api_key":"k-1","n":1}`, `{"user":"ada","api_key":"[REDACTED]","n":1}`},
		{"escaped json in text", `{\"secret\":\"s3\",\"x\":1}`, `{\"secret\":\"[REDACTED]\",\"x\":1}`},
		{"query in text", "GET /cb?code=1&access_token=abc&x=2", "GET /cb?code=1&access_token=[REDACTED]&x=2"},
		{"ordinary key=value", "status=200 tokens_used=5", "status=200 tokens_used=5"},
		{"email off by default", "mail ada@example.com", "mail ada@example.com"},
		{"ip off by default", "from 10.0.0.1", "from 10.0.0.1"},
		{"several", "Bearer abcDEF123456 and AKIAIOSFODNN7EXAMPLE", "Bearer [REDACTED] and [REDACTED]"},
		{"already masked", "password=[REDACTED] token=%5BREDACTED%5D", "password=[REDACTED] token=%5BREDACTED%5D"},
		{"unicode around", "пароль: Bearer abcDEF123456 ✓", "пароль: Bearer [REDACTED] ✓"},
	}
	r := mustNew(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.String(tt.in); got != tt.want {
				t.Errorf("String(%q)\n got  %q\n want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOptionalPatterns(t *testing.T) {
	r := mustNew(t, redact.WithEmails(), redact.WithIPs())
	tests := []struct{ in, want string }{
		{"mail ada.l@example.co.uk now", "mail [REDACTED] now"},
		{"from 10.0.0.1:8080", "from [REDACTED]:8080"},
		{"v6 2001:db8::1 and ::1", "v6 [REDACTED] and [REDACTED]"},
		{"version 1.2.3", "version 1.2.3"},
		{"time 12:30:45", "time 12:30:45"},
		{"std::string", "std::string"},
		{"bad 999.1.1.1", "bad 999.1.1.1"},
		{"::", "[REDACTED]"},
		// What follows an IPv4 colon is kept only when it is a port.
		{"at 10.0.0.0:: x", "at [REDACTED] x"},
		{"at 10.0.0.1: x", "at [REDACTED] x"},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUserPatterns(t *testing.T) {
	r := mustNew(t,
		redact.WithPattern("order_token", regexp.MustCompile(`ord_[a-z0-9]{8}`)),
		redact.WithPatternString("pin", `(?i)pin (\d{4})`),
		redact.WithoutPatterns(redact.PatternCreditCard),
	)
	tests := []struct{ in, want string }{
		{"paid ord_ab12cd34 ok", "paid [REDACTED] ok"},
		{"PIN 1234 set", "PIN [REDACTED] set"},
		{"card 4111111111111111", "card 4111111111111111"},
		{"Bearer abcDEF123456", "Bearer [REDACTED]"},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A later WithoutPatterns removes a pattern added earlier; a pattern
	// added again with the same name replaces it.
	r = mustNew(t,
		redact.WithPatternString("x", `xx+`),
		redact.WithPatternString("x", `yy+`),
	)
	if got := r.String("xx yy"); got != "xx [REDACTED]" {
		t.Errorf("replaced pattern: %q", got)
	}
	r = mustNew(t, redact.WithPatternString("x", `xx+`), redact.WithoutPatterns("x"))
	if got := r.String("xx"); got != "xx" {
		t.Errorf("removed pattern: %q", got)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name string
		opts []redact.Option
		want string
	}{
		{"bad regexp", []redact.Option{redact.WithPatternString("bad", `(`)}, `redact: pattern "bad": error parsing regexp`},
		{"nil regexp", []redact.Option{redact.WithPattern("mine", nil)}, `redact: pattern "mine": nil regexp`},
		{"unknown pattern", []redact.Option{redact.WithoutPatterns("nope")}, `unknown pattern "nope"`},
		{"empty key", []redact.Option{redact.WithDenyKeys("--")}, `key "--" has no letters or digits`},
		{"empty path", []redact.Option{redact.WithPaths("..")}, `path ".." has no keys`},
		{"hash without key", []redact.Option{redact.WithAction(redact.Hash(nil))}, "Hash needs a non-empty key"},
		{"hash rule without key", []redact.Option{redact.WithRules(redact.Key("k", redact.Hash(nil)))}, "Hash needs a non-empty key"},
		{"zero rule", []redact.Option{redact.WithRules(redact.Rule{})}, "zero Rule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := redact.New(tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || r != nil {
				t.Errorf("New = %v, %v; want an error containing %q", r, err, tt.want)
			}
		})
	}
	// Nil options are ignored.
	if _, err := redact.New(nil, redact.WithDenyKeys()); err != nil {
		t.Error(err)
	}
}

func TestStringDoesNotAllocateWhenClean(t *testing.T) {
	r := mustNew(t)
	inputs := []string{"order 1234 shipped", "/api/v1/orders/1234", "Mozilla/5.0 (X11; Linux x86_64)", "b7ad6b7169203331",
		"status=200", "bearer of news", "4111111111111112", strings.Repeat("a", 4096)}
	for _, in := range inputs {
		if n := testing.AllocsPerRun(100, func() { _ = r.String(in) }); n != 0 {
			t.Errorf("String(%.20q) allocates %v times", in, n)
		}
	}
}
