package redact_test

import (
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/tracelog/tracelog/redact"
)

func TestJSON(t *testing.T) {
	secretBytes := base64.StdEncoding.EncodeToString([]byte("key AKIAIOSFODNN7EXAMPLE"))
	maskedBytes := base64.StdEncoding.EncodeToString([]byte("key [REDACTED]"))
	tests := []struct {
		name string
		r    *redact.Redactor
		in   string
		want string
	}{
		{"clean", mustNew(t), `{"b":1,"a":"x","n":[1,2.5,"y"]}`, `{"a":"x","b":1,"n":[1,2.5,"y"]}`},
		{"deny list and patterns", mustNew(t),
			`{"user":{"name":"ada","password":"hunter2","note":"Bearer abcDEF123456"},"cards":[4111111111111111,"4111 1111 1111 1111"]}`,
			`{"cards":["[REDACTED]","[REDACTED]"],"user":{"name":"ada","note":"Bearer [REDACTED]","password":"[REDACTED]"}}`},
		{"bytes fields", mustNew(t), `{"blob":"` + secretBytes + `","img":"aGVsbG8gd29ybGQh"}`,
			`{"blob":"` + maskedBytes + `","img":"aGVsbG8gd29ybGQh"}`},
		{"keys", mustNew(t), `{"AKIAIOSFODNN7EXAMPLE":1}`, `{"[REDACTED]":"[REDACTED]"}`},
		{"actions and paths", mustNew(t, redact.WithRules(
			redact.Key("card_number", redact.KeepLast(4)),
			redact.Key("cvv", redact.Drop()),
			redact.Path("grpc.request.content.user.email", redact.Hash([]byte("k"))),
			redact.Path("grpc.request.content.items.sku", redact.Drop()), // array elements add no segment
		)),
			`{"card_number":"4111111111111111","cvv":"123","user":{"email":"a@b.c","id":7},"items":[{"sku":"A","n":1}]}`,
			`{"card_number":"[REDACTED]1111","items":[{"n":1}],"user":{"email":"hmac:` + hmacHex([]byte("k"), "a@b.c") + `","id":7}}`},
		{"allowlist", mustNew(t, redact.WithAllowKeys("user", "id")),
			`{"user":{"id":7,"name":"ada"},"other":1}`,
			`{"other":"[REDACTED]","user":{"id":7,"name":"[REDACTED]"}}`},
		{"the key itself", mustNew(t, redact.WithPaths("grpc.request.content")), `{"a":1}`, `"[REDACTED]"`},
		{"scalar document", mustNew(t), `"password=hunter2"`, `"password=[REDACTED]"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.JSON("grpc.request.content", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	for _, bad := range []string{``, `{`, `{} {}`, `nul`} {
		if _, err := mustNew(t).JSON("k", []byte(bad)); err == nil {
			t.Errorf("JSON(%q) did not fail", bad)
		}
	}
}

// FuzzJSON checks that redaction of any JSON document (grpclog payloads)
// gives valid JSON in which no sensitive key keeps its value. It moved here
// from grpclog with the payload walker, now the engine's.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`{"password":"x","user":{"apiKey":1,"list":[{"token":"t"},"Bearer a.b"]}}`,
		`[1,"two",{"secret":{"nested":true}}]`,
		`"Bearer abc"`, `12.5e3`, `null`, `{"":{}}`,
	} {
		f.Add([]byte(s))
	}
	r := redact.Default()
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		out, err := r.JSON("grpc.request.content", raw)
		if err != nil {
			t.Fatalf("JSON(%s): %v", raw, err)
		}
		if !json.Valid(out) {
			t.Fatalf("invalid output %s for %s", out, raw)
		}
		var v any
		_ = json.Unmarshal(out, &v)
		checkRedacted(t, r, v)
	})
}

func checkRedacted(t *testing.T, r *redact.Redactor, v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if r.SensitiveKey(k) && e != redact.Mask {
				t.Fatalf("key %q kept %v", k, e)
			}
			checkRedacted(t, r, e)
		}
	case []any:
		for _, e := range x {
			checkRedacted(t, r, e)
		}
	}
}
