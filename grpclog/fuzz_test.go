package grpclog

import (
	"strings"
	"testing"
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
