package redact_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/redact"
)

func TestSensitiveKeyDefaults(t *testing.T) {
	tests := []struct {
		key  string
		want bool
	}{
		{"password", true},
		{"Password", true},
		{"PASSWORD", true},
		{"user_password", true},
		{"userPassword", true},
		{"password2", true},
		{"apiKey", true},
		{"api-key", true},
		{"API_KEY", true},
		{"x-api-key", true},
		{"X-Api-Key", true},
		{"APIKey", true},
		{"apikey", true},
		{"user[api_key]", true},
		{"Authorization", true},
		{"proxy-authorization", true},
		{"Set-Cookie", true},
		{"cookie", true},
		{"session_id", true},
		{"sessionID", true},
		{"X-Amz-Signature", true},
		{"client_secret", true},
		{"aws_secret_access_key", true},
		{"refresh_token", true},
		{"csrfToken", true},
		{"creditCardNumber", true}, // words credit, card, number
		{"credit_card", true},
		{"cardNumber", true},
		{"tokens_used", false},
		{"author", false},
		{"authority", false},
		{"passport", false},
		{"secretary", false}, // one word, not "secret"
		{"user", false},
		{"path", false},
		{"", false},
		{"---", false},
		{"sessions", false},
	}
	r := redact.Default()
	for _, tt := range tests {
		if got := r.SensitiveKey(tt.key); got != tt.want {
			t.Errorf("SensitiveKey(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
}

func TestSensitiveKeyLongAndUnicode(t *testing.T) {
	r := mustNew(t, redact.WithDenyKeys("пароль", "Straße"))
	long := strings.Repeat("word_", 200) + "password"
	tests := []struct {
		key  string
		want bool
	}{
		{long, true},
		{strings.Repeat("word_", 200), false},
		{"Пароль", true},
		{"user_пароль", true},
		{"парольный", false},
		{"STRASSE", false}, // case folding is simple: ß does not become ss
		{"straße", true},
		{"STRAßE", true},
		{"x" + strings.Repeat("é", 100), false},
	}
	for _, tt := range tests {
		if got := r.SensitiveKey(tt.key); got != tt.want {
			t.Errorf("SensitiveKey(%.40q) = %v, want %v", tt.key, got, tt.want)
		}
	}
}

func TestKeysAddRemove(t *testing.T) {
	r := mustNew(t, redact.WithDenyKeys("pin", "x-internal"), redact.WithoutDenyKeys("session", "token_count"))
	tests := []struct {
		key  string
		want bool
	}{
		{"pin", true},
		{"userPin", true},
		{"X-Internal-Id", true},
		{"session", false},
		{"session_id", false},
		{"token_count", false},
		{"tokenCount", false},
		{"token", true},
		{"token_count_x", true},
	}
	for _, tt := range tests {
		if got := r.SensitiveKey(tt.key); got != tt.want {
			t.Errorf("SensitiveKey(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
	// A later WithDenyKeys brings a key back.
	r = mustNew(t, redact.WithoutDenyKeys("session"), redact.WithDenyKeys("session"))
	if !r.SensitiveKey("session_id") {
		t.Error("WithDenyKeys after WithoutDenyKeys did not bring the key back")
	}
}

func TestDefaultKeysIsACopy(t *testing.T) {
	k := redact.DefaultKeys()
	if !slices.Contains(k, "password") || !slices.Contains(k, "api_key") {
		t.Fatalf("DefaultKeys = %v", k)
	}
	k[0] = "changed"
	if redact.DefaultKeys()[0] == "changed" {
		t.Error("DefaultKeys returned the package's slice")
	}
	for _, key := range redact.DefaultKeys() {
		if !redact.Default().SensitiveKey(key) {
			t.Errorf("default key %q is not sensitive", key)
		}
	}
}

func TestKeyMatchingDoesNotAllocate(t *testing.T) {
	r := mustNew(t, redact.WithPaths("a.b")) // path rules: no verdict cache
	keys := []string{"method", "user_agent", "x-api-key", "tokens_used", "Authorization", strings.Repeat("ab_", 50)}
	for _, rr := range []*redact.Redactor{redact.Default(), r} {
		for _, k := range keys {
			if n := testing.AllocsPerRun(100, func() { _ = rr.SensitiveKey(k) }); n != 0 {
				t.Errorf("SensitiveKey(%.20q) allocates %v times", k, n)
			}
		}
	}
}
