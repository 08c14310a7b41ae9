package grpclog

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// FuzzTraceparent holds parseTraceparent equal to otel's TraceContext
// propagator on any header pair.
func FuzzTraceparent(f *testing.F) {
	for _, s := range [][2]string{
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ""},
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"},
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", "bad state"},
		{"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", ""},
		{"00-00000000000000000000000000000000-00f067aa0ba902b7-01", ""},
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", ""},
		{"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-extra", ""},
		{"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ""},
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-", ""},
		{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", ""},
		{"0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ""},
		{"", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, h, state string) {
		carrier := propagation.MapCarrier{traceparentHeader: h, tracestateHeader: state}
		want := trace.SpanContextFromContext(propagation.TraceContext{}.Extract(context.Background(), carrier))
		got, spanHex := parseTraceparent(h, func() string { return state })
		if !got.Equal(want) {
			t.Fatalf("traceparent %q, tracestate %q:\n got %v\nwant %v", h, state, got, want)
		}
		if got.IsValid() != (spanHex != "") || (spanHex != "" && spanHex != got.SpanID().String()) {
			t.Fatalf("span hex %q for %v", spanHex, got.SpanID())
		}
	})
}

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
