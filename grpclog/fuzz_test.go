package grpclog

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/redact"
)

// FuzzSplitMethod checks that splitting never panics and loses nothing.
func FuzzSplitMethod(f *testing.F) {
	for _, s := range []string{"/pkg.Service/Method", "pkg.Service/Method", "/Method", "", "/", "//", "/a/b/c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, full string) {
		service, method := splitMethod(full)
		if strings.Contains(method, "/") {
			t.Fatalf("method %q contains '/'", method)
		}
		rebuilt := method
		if service != "" || strings.Count(strings.TrimPrefix(full, "/"), "/") > 0 {
			rebuilt = service + "/" + method
		}
		if strings.TrimPrefix(full, "/") != rebuilt {
			t.Fatalf("%q split into %q and %q", full, service, method)
		}
	})
}

func TestSplitMethod(t *testing.T) {
	for full, want := range map[string][2]string{
		"/shop.v1.Orders/Get": {"shop.v1.Orders", "Get"},
		"shop.v1.Orders/Get":  {"shop.v1.Orders", "Get"},
		"/Get":                {"", "Get"},
		"":                    {"", ""},
		"/a/b/c":              {"a/b", "c"},
	} {
		if s, m := splitMethod(full); s != want[0] || m != want[1] {
			t.Errorf("splitMethod(%q) = %q, %q", full, s, m)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = splitMethod("/shop.v1.Orders/Get") }); n != 0 {
		t.Errorf("splitMethod allocates %v", n)
	}
}

// FuzzRedactJSON checks that redaction of any JSON document gives valid
// JSON in which no sensitive key keeps its value.
func FuzzRedactJSON(f *testing.F) {
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
		out, err := redactJSON(r, raw)
		if err != nil {
			t.Fatalf("redactJSON(%s): %v", raw, err)
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
