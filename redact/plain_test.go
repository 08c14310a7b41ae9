package redact_test

import (
	"strings"
	"testing"

	"github.com/tracelog/tracelog/redact"
)

func TestHeader(t *testing.T) {
	r := redact.Default()
	tests := []struct{ name, value, want string }{
		{"Authorization", "Bearer abc", redact.Mask},
		{"Cookie", "a=b", redact.Mask},
		{"X-Api-Key", "k", redact.Mask},
		{"User-Agent", "curl/8.0", "curl/8.0"},
		{"X-Forwarded-Auth-Note", "x", redact.Mask},
		{"X-Debug", "sent Bearer abcDEF123456", "sent Bearer [REDACTED]"},
		{"Referer", "https://a.example/cb?token=abc&x=1", "https://a.example/cb?token=[REDACTED]&x=1"},
	}
	for _, tt := range tests {
		if got := r.Header(tt.name, tt.value); got != tt.want {
			t.Errorf("Header(%q, %q) = %q, want %q", tt.name, tt.value, got, tt.want)
		}
	}
	// Drop cannot drop a header value: it masks.
	rd := mustNew(t, redact.WithAction(redact.Drop()))
	if got := rd.Header("Authorization", "x"); got != redact.Mask {
		t.Errorf("Header with Drop = %q", got)
	}
}

func TestMetadata(t *testing.T) {
	r := redact.Default()
	vals := []string{"a", "b"}
	if got := r.Metadata("x-request-id", vals); &got[0] != &vals[0] {
		t.Error("clean metadata values were copied")
	}
	if got := r.Metadata("authorization", []string{"Bearer a", "Bearer b"}); got[0] != redact.Mask || got[1] != redact.Mask {
		t.Errorf("Metadata = %q", got)
	}
	in := []string{"ok", "Bearer abcDEF123456"}
	got := r.Metadata("x-note", in)
	if got[0] != "ok" || got[1] != "Bearer [REDACTED]" || in[1] != "Bearer abcDEF123456" {
		t.Errorf("Metadata = %q (input %q)", got, in)
	}
	if got := r.Metadata("x", nil); got != nil {
		t.Errorf("Metadata(nil) = %q", got)
	}
}

func TestQuery(t *testing.T) {
	r := redact.Default()
	tests := []struct{ in, want string }{
		{"", ""},
		{"a=1&b=2", "a=1&b=2"},
		{"token=abc&x=1", "token=%5BREDACTED%5D&x=1"},
		{"x=1&access_token=abc", "x=1&access_token=%5BREDACTED%5D"},
		{"X-Amz-Signature=abc&X-Amz-Date=1", "X-Amz-Signature=%5BREDACTED%5D&X-Amz-Date=1"},
		{"a=1;password=p;b=2", "a=1;password=%5BREDACTED%5D;b=2"},
		{"flag&token", "flag&token"},
		{"q=Bearer+abcDEF123456", "q=Bearer+%5BREDACTED%5D"},
		{"next=https%3A%2F%2Fu%3Apw%40h%2F", "next=https%3A%2F%2Fu%3A%5BREDACTED%5D%40h%2F"},
		{"a=%zz", "a=%zz"},
		{"%zz=1", redact.Mask},
		{"tok%65n=abc", "tok%65n=%5BREDACTED%5D"},
		{"a=1&&b=2", "a=1&&b=2"},
		// A name holding a secret is redacted as a denied name is: both go.
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln=1", "%5BREDACTED%5D=%5BREDACTED%5D"},
	}
	for _, tt := range tests {
		if got := r.Query(tt.in); got != tt.want {
			t.Errorf("Query(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQueryActions(t *testing.T) {
	r := mustNew(t, redact.WithRules(redact.Key("token", redact.Drop()), redact.Key("card", redact.KeepLast(4))))
	tests := []struct{ in, want string }{
		{"token=abc&x=1", "x=1"},
		{"x=1&token=abc&y=2", "x=1&y=2"},
		{"x=1;token=abc", "x=1"},
		{"token=a&token=b", ""},
		{"card=4111111111111111", "card=%5BREDACTED%5D1111"},
	}
	for _, tt := range tests {
		if got := r.Query(tt.in); got != tt.want {
			t.Errorf("Query(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQueryDoesNotAllocateWhenClean(t *testing.T) {
	r := redact.Default()
	q := "page=2&sort=name&filter=active&q=shoes&id=4111111111111112"
	if n := testing.AllocsPerRun(100, func() { _ = r.Query(q) }); n != 0 {
		t.Errorf("Query allocates %v times", n)
	}
}

// FuzzQuery checks that Query never panics, that redacting twice changes
// nothing more, and that the value of a sensitive parameter never gets
// through.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{"a=1&b=2", "token=abc&x=1", "a=1;password=p", "%zz=1", "q=Bearer+abcDEF123456", "&&", "=", "token", "x=%41%42"} {
		f.Add(s, "s3cr3tvalue")
	}
	r := redact.Default()
	f.Fuzz(func(t *testing.T, q, secret string) {
		once := r.Query(q)
		if twice := r.Query(once); twice != once {
			t.Fatalf("Query(%q) = %q, but Query of that = %q", q, once, twice)
		}
		// A redacted query logged as a field is not redacted again.
		if s := r.String(once); s != once {
			t.Fatalf("Query(%q) = %q, but String of that = %q", q, once, s)
		}
		if len(secret) < 6 || strings.Contains(q, secret) || strings.Contains("REDACTED", secret) {
			return
		}
		for i := 0; i < len(secret); i++ {
			if c := secret[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				return
			}
		}
		planted := q + "&access_token=" + secret
		if got := r.Query(planted); strings.Contains(got, secret) {
			t.Fatalf("Query(%q) = %q: the token's value got through", planted, got)
		}
	})
}
