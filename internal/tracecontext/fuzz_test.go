package tracecontext_test

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/internal/tracecontext"
)

// FuzzTraceparent holds ParseTraceparent to otel's propagation.TraceContext
// wherever Level 2 does not ask for a difference: with the same single
// value, both find the same trace ID, span ID and sampled flag, or both
// find none. The known differences: optional whitespace is trimmed here;
// a version-00 value must be exactly 55 characters here (otel takes a
// trailing '-'); version-00 flags above 02 are read here (otel rejects
// them) and the random flag is kept. Whatever the input, the result is a
// valid remote span context or none, never a partial one.
func FuzzTraceparent(f *testing.F) {
	for _, s := range []string{
		tp, tp0, tp + "-", tp + ".", " " + tp + "\t", "cc-" + tid + "-" + sid + "-01-x", "cc-" + tid + "-" + sid + "-01.x",
		"ff-" + tid + "-" + sid + "-01", "00-" + tid + "-" + sid + "-03", "00-" + tid + "-0000000000000000-01", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		got, hexID := tracecontext.ParseTraceparent([]string{h})
		if got.IsValid() {
			if !got.IsRemote() || got.TraceFlags()&^0x03 != 0 || hexID != got.SpanID().String() || got.TraceState().Len() != 0 {
				t.Fatalf("%q: partial or odd span context %v (hex %q)", h, got, hexID)
			}
			if back, _ := tracecontext.ParseTraceparent([]string{tracecontext.FormatTraceparent(got)}); !back.Equal(got) {
				t.Fatalf("%q: formatted %q reads back as %v", h, tracecontext.FormatTraceparent(got), back)
			}
		} else if hexID != "" {
			t.Fatalf("%q: invalid span context with hex %q", h, hexID)
		}
		trimmed := strings.Trim(h, " \t")
		want := trace.SpanContextFromContext(propagation.TraceContext{}.Extract(context.Background(), propagation.MapCarrier{"traceparent": trimmed}))
		switch {
		case strings.HasPrefix(trimmed, "00-") && len(trimmed) != 55:
			want = trace.SpanContext{} // exact length for version 00
		case strings.HasPrefix(trimmed, "00-") && !want.IsValid() && got.IsValid():
			if trimmed[53:] <= "02" {
				t.Fatalf("%q: read here, not by otel, with flags %s", h, trimmed[53:])
			}
			return // flags above 02: otel rejects them
		}
		if got.IsValid() != want.IsValid() || got.TraceID() != want.TraceID() || got.SpanID() != want.SpanID() || got.IsSampled() != want.IsSampled() {
			t.Fatalf("%q: got %v, otel %v", h, got, want)
		}
	})
}

// FuzzTracestate holds the fast path of WithTracestate (a single field
// otel's parser takes) equal to the general parser, and checks that the
// general parser's output is a valid list that reads back unchanged, and
// that what otel's TraceContext accepts is accepted here with the same
// members.
func FuzzTracestate(f *testing.F) {
	for _, s := range []string{"foo=1,bar=2", "foo=1 \t , \t bar=2", "foo@=1", "a@b=1", "foo=1,foo=2", "foo=bar=baz", "", " , ", "k= v"} {
		f.Add(s, "")
	}
	f.Add("foo=1", "bar=2")
	f.Fuzz(func(t *testing.T, a, b string) {
		values := []string{a}
		if b != "" {
			values = append(values, b)
		}
		full := tracecontext.ParseTracestate(values)
		if len(full) > tracecontext.MaxTracestate {
			t.Fatalf("%q: %d characters", values, len(full))
		}
		if again := tracecontext.ParseTracestate([]string{full}); again != full {
			t.Fatalf("%q: %q reads back as %q", values, full, again)
		}
		sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{1}})
		ctx, sc := tracecontext.WithTracestate(context.Background(), sc, values)
		if got := tracecontext.Tracestate(ctx, sc); got != full {
			t.Fatalf("%q: sent %q, parsed %q", values, got, full)
		}
		if len(values) == 1 && len(a) <= tracecontext.MaxTracestate {
			if ts, err := trace.ParseTraceState(a); err == nil && ts.String() != full {
				t.Fatalf("%q: otel reads %q, here %q", a, ts.String(), full)
			}
		}
	})
}
