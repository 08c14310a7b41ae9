package tracecontext_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/internal/tracecontext"
)

const (
	tid = "12345678901234567890123456789012"
	sid = "1234567890123456"
	tp  = "00-" + tid + "-" + sid + "-01"
	tp0 = "00-" + tid + "-" + sid + "-00"
)

// hop extracts the trace context of the incoming headers (name, value
// pairs, added as net/http would receive them), gives it a new span ID as
// a hop does, and returns the headers injected for the next call.
func hop(t *testing.T, in [][2]string) http.Header {
	t.Helper()
	h := http.Header{}
	for _, kv := range in {
		h.Add(kv[0], kv[1])
	}
	p := tracecontext.Propagator{}
	ctx := p.Extract(context.Background(), propagation.HeaderCarrier(h))
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		sc = trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{0xaa, 1}})
	}
	sc = sc.WithSpanID(trace.SpanID{0xbb, 2}).WithRemote(false)
	out := http.Header{}
	p.Inject(trace.ContextWithSpanContext(ctx, sc), propagation.HeaderCarrier(out))
	return out
}

// Each case of the spec's traceparent rules: whether the incoming trace
// is continued (same trace ID, flags as sent) or a new one starts.
func TestTraceparent(t *testing.T) {
	for _, tt := range []struct {
		name  string
		in    [][2]string
		keep  bool
		flags string
	}{
		{"missing", nil, false, ""},
		{"valid", [][2]string{{"traceparent", tp}}, true, "01"},
		{"unsampled", [][2]string{{"traceparent", tp0}}, true, "00"},
		{"random flag", [][2]string{{"traceparent", "00-" + tid + "-" + sid + "-02"}}, true, "02"},
		{"sampled and random", [][2]string{{"traceparent", "00-" + tid + "-" + sid + "-03"}}, true, "03"},
		{"reserved flags cleared", [][2]string{{"traceparent", "00-" + tid + "-" + sid + "-ff"}}, true, "03"},
		{"name casing TraceParent", [][2]string{{"TraceParent", tp}}, true, "01"},
		{"name casing TrAcEpArEnT", [][2]string{{"TrAcEpArEnT", tp}}, true, "01"},
		{"name casing TRACEPARENT", [][2]string{{"TRACEPARENT", tp}}, true, "01"},
		{"wrong name trace-parent", [][2]string{{"trace-parent", tp}}, false, ""},
		{"wrong name trace.parent", [][2]string{{"trace.parent", tp}}, false, ""},
		{"two traceparent fields", [][2]string{{"traceparent", "00-12345678901234567890123456789011-" + sid + "-01"}, {"traceparent", tp}}, false, ""},
		{"two equal traceparent fields", [][2]string{{"traceparent", tp}, {"traceparent", tp}}, false, ""},
		{"00 trailing dot", [][2]string{{"traceparent", tp + "."}}, false, ""},
		{"00 trailing dash", [][2]string{{"traceparent", tp + "-"}}, false, ""},
		{"00 trailing fields", [][2]string{{"traceparent", tp + "-what-the-future-will-be-like"}}, false, ""},
		{"cc", [][2]string{{"traceparent", "cc-" + tid + "-" + sid + "-01"}}, true, "01"},
		{"cc trailing fields", [][2]string{{"traceparent", "cc-" + tid + "-" + sid + "-01-what-the-future-will-be-like"}}, true, "01"},
		{"cc no dash after flags", [][2]string{{"traceparent", "cc-" + tid + "-" + sid + "-01.what-the-future-will-be-like"}}, false, ""},
		{"ff", [][2]string{{"traceparent", "ff-" + tid + "-" + sid + "-01"}}, false, ""},
		{"version .0", [][2]string{{"traceparent", ".0-" + tid + "-" + sid + "-01"}}, false, ""},
		{"version 0.", [][2]string{{"traceparent", "0.-" + tid + "-" + sid + "-01"}}, false, ""},
		{"version 000", [][2]string{{"traceparent", "000-" + tid + "-" + sid + "-01"}}, false, ""},
		{"version 0000", [][2]string{{"traceparent", "0000-" + tid + "-" + sid + "-01"}}, false, ""},
		{"version 0", [][2]string{{"traceparent", "0-" + tid + "-" + sid + "-01"}}, false, ""},
		{"version upper case", [][2]string{{"traceparent", "0A-" + tid + "-" + sid + "-01"}}, false, ""},
		{"trace ID zero", [][2]string{{"traceparent", "00-00000000000000000000000000000000-" + sid + "-01"}}, false, ""},
		{"trace ID .", [][2]string{{"traceparent", "00-.2345678901234567890123456789012-" + sid + "-01"}}, false, ""},
		{"trace ID ending .", [][2]string{{"traceparent", "00-1234567890123456789012345678901.-" + sid + "-01"}}, false, ""},
		{"trace ID upper case", [][2]string{{"traceparent", "00-1234567890123456789012345678901A-" + sid + "-01"}}, false, ""},
		{"trace ID too long", [][2]string{{"traceparent", "00-123456789012345678901234567890123-" + sid + "-01"}}, false, ""},
		{"trace ID too short", [][2]string{{"traceparent", "00-1234567890123456789012345678901-" + sid + "-01"}}, false, ""},
		{"parent zero", [][2]string{{"traceparent", "00-" + tid + "-0000000000000000-01"}}, false, ""},
		{"parent .", [][2]string{{"traceparent", "00-" + tid + "-.234567890123456-01"}}, false, ""},
		{"parent ending .", [][2]string{{"traceparent", "00-" + tid + "-123456789012345.-01"}}, false, ""},
		{"parent too long", [][2]string{{"traceparent", "00-" + tid + "-12345678901234567-01"}}, false, ""},
		{"parent too short", [][2]string{{"traceparent", "00-" + tid + "-123456789012345-01"}}, false, ""},
		{"flags .0", [][2]string{{"traceparent", "00-" + tid + "-" + sid + "-.0"}}, false, ""},
		{"flags 0.", [][2]string{{"traceparent", "00-" + tid + "-" + sid + "-0."}}, false, ""},
		{"flags too long", [][2]string{{"traceparent", "00-" + tid + "-" + sid + "-001"}}, false, ""},
		{"flags too short", [][2]string{{"traceparent", "00-" + tid + "-" + sid + "-1"}}, false, ""},
		{"OWS space before", [][2]string{{"traceparent", " " + tp}}, true, "01"},
		{"OWS tab before", [][2]string{{"traceparent", "\t" + tp}}, true, "01"},
		{"OWS space after", [][2]string{{"traceparent", tp + " "}}, true, "01"},
		{"OWS tab after", [][2]string{{"traceparent", tp + "\t"}}, true, "01"},
		{"OWS both", [][2]string{{"traceparent", "\t " + tp + " \t"}}, true, "01"},
		{"empty", [][2]string{{"traceparent", ""}}, false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := hop(t, tt.in)
			got := out.Values("Traceparent")
			if len(got) != 1 || len(got[0]) != 55 {
				t.Fatalf("sent traceparent %q, want one valid value", got)
			}
			sent := got[0]
			if sent[:3] != "00-" || sent[36:52] != "bb02000000000000" {
				t.Errorf("sent %q: want version 00 and the hop's own span ID", sent)
			}
			if kept := sent[3:35] == tid; kept != tt.keep {
				t.Errorf("sent %q: trace continued = %v, want %v", sent, kept, tt.keep)
			}
			if tt.keep && sent[53:] != tt.flags {
				t.Errorf("sent %q: flags %s, want %s", sent, sent[53:], tt.flags)
			}
			if !tt.keep && len(out.Values("Tracestate")) != 0 {
				t.Errorf("a new trace sent tracestate %q", out.Values("Tracestate"))
			}
		})
	}
}

// Each case of the spec's tracestate rules, under a valid traceparent:
// the tracestate sent on ("" for none).
func TestTracestate(t *testing.T) {
	key := strings.Repeat("z", 256)
	allKey := "abcdefghijklmnopqrstuvwxyz0123456789_-*/"
	var allValue strings.Builder
	for c := byte(0x20); c <= 0x7e; c++ {
		if c != ',' && c != '=' {
			allValue.WriteByte(c)
		}
	}
	var members32, members33 []string
	for i := 1; i <= 33; i++ {
		m := "bar" + string(rune('0'+i/10)) + string(rune('0'+i%10)) + "=" + string(rune('0'+i/10)) + string(rune('0'+i%10))
		if i <= 32 {
			members32 = append(members32, m)
		}
		members33 = append(members33, m)
	}
	long := func(n int, c string) string { return strings.Repeat(c, n) }
	for _, tt := range []struct {
		name string
		in   []string // tracestate fields
		want string
	}{
		{"missing", nil, ""},
		{"one", []string{"foo=1,bar=2"}, "foo=1,bar=2"},
		{"empty field", []string{""}, ""},
		{"empty field after", []string{"foo=1", ""}, "foo=1"},
		{"empty field before", []string{"", "foo=1"}, "foo=1"},
		{"several fields combined in order", []string{"foo=1,bar=2", "rojo=1,congo=2", "baz=3"}, "foo=1,bar=2,rojo=1,congo=2,baz=3"},
		{"empty members", []string{"foo=1,, ,\t,bar=2"}, "foo=1,bar=2"},
		{"OWS around members", []string{"foo=1 \t , \t bar=2, \t baz=3"}, "foo=1,bar=2,baz=3"},
		{"OWS tabs", []string{"foo=1\t \t,\t \tbar=2,\t \tbaz=3"}, "foo=1,bar=2,baz=3"},
		{"OWS leading space", []string{" foo=1"}, "foo=1"},
		{"OWS leading tab", []string{"\tfoo=1"}, "foo=1"},
		{"OWS trailing space", []string{"foo=1 "}, "foo=1"},
		{"OWS trailing tab", []string{"foo=1\t"}, "foo=1"},
		{"OWS both", []string{"\t foo=1 \t"}, "foo=1"},
		{"value leading spaces kept", []string{"foo=  1"}, "foo=  1"},
		{"duplicated key same value", []string{"foo=1,foo=1"}, "foo=1"},
		{"duplicated key other value", []string{"foo=1,foo=2"}, "foo=1"},
		{"duplicated across fields", []string{"foo=1", "foo=2"}, "foo=1"},
		{"key with space", []string{"foo =1"}, ""},
		{"key upper case", []string{"FOO=1"}, ""},
		{"key with dot", []string{"foo.bar=1"}, ""},
		{"key ending @", []string{"foo@=1,bar=2"}, "foo@=1,bar=2"},
		{"key starting @", []string{"@foo=1,bar=2"}, ""},
		{"key @@", []string{"foo@@bar=1,bar=2"}, "foo@@bar=1,bar=2"},
		{"key two @", []string{"foo@bar@baz=1,bar=2"}, "foo@bar@baz=1,bar=2"},
		{"key starting with digit", []string{"1foo=1"}, "1foo=1"},
		{"key 256", []string{"foo=1", key + "=1"}, "foo=1," + key + "=1"},
		{"key 257", []string{"foo=1", key + "z=1"}, ""},
		{"tenant 241 @ system 14", []string{"foo=1", long(241, "t") + "@" + long(14, "v") + "=1"}, "foo=1," + long(241, "t") + "@" + long(14, "v") + "=1"},
		{"tenant 242 @ system 1", []string{"foo=1", long(242, "t") + "@v=1"}, "foo=1," + long(242, "t") + "@v=1"},
		{"tenant 1 @ system 15", []string{"foo=1", "t@" + long(15, "v") + "=1"}, "foo=1,t@" + long(15, "v") + "=1"},
		{"all allowed characters", []string{allKey + "=" + allValue.String()}, allKey + "=" + allValue.String()},
		{"all allowed characters with vendor", []string{allKey + "@a-z0-9_-*/=" + allValue.String()}, allKey + "@a-z0-9_-*/=" + allValue.String()},
		{"value with =", []string{"foo=bar=baz"}, ""},
		{"empty value", []string{"foo=,bar=3"}, ""},
		{"no =", []string{"foo"}, ""},
		{"value with tab", []string{"foo=a\tb"}, ""},
		{"value 256", []string{"foo=" + long(256, "v")}, "foo=" + long(256, "v")},
		{"value 257", []string{"foo=" + long(257, "v")}, ""},
		{"32 members", []string{strings.Join(members32[:10], ","), strings.Join(members32[10:20], ","), strings.Join(members32[20:30], ","), strings.Join(members32[30:], ",")}, strings.Join(members32, ",")},
		{"33 members", []string{strings.Join(members33[:10], ","), strings.Join(members33[10:20], ","), strings.Join(members33[20:30], ","), strings.Join(members33[30:], ",")}, ""},
		{"over 512: long members go first", []string{"a=1,b=" + long(200, "x") + ",c=" + long(200, "y") + ",d=" + long(120, "z")}, "a=1,d=" + long(120, "z")},
		{"over 512: then from the end", []string{"a=" + long(120, "1") + ",b=" + long(120, "2") + ",c=" + long(120, "3") + ",d=" + long(120, "4") + ",e=" + long(120, "5")}, "a=" + long(120, "1") + ",b=" + long(120, "2") + ",c=" + long(120, "3") + ",d=" + long(120, "4")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := [][2]string{{"traceparent", tp0}}
			for _, v := range tt.in {
				in = append(in, [2]string{"tracestate", v})
			}
			out := hop(t, in)
			got := strings.Join(out.Values("Tracestate"), ",")
			if got != tt.want {
				t.Errorf("sent tracestate %q, want %q", got, tt.want)
			}
			if tp := out.Get("Traceparent"); tp[3:35] != tid {
				t.Errorf("the traceparent was not continued: %s", tp)
			}
		})
	}
}

// Header names other than tracestate's are not read, in any casing.
func TestTracestateHeaderName(t *testing.T) {
	for _, name := range []string{"trace-state", "trace.state"} {
		if got := hop(t, [][2]string{{"traceparent", tp0}, {name, "foo=1"}}).Get("Tracestate"); got != "" {
			t.Errorf("%s: sent tracestate %q", name, got)
		}
	}
	for _, name := range []string{"TraceState", "TrAcEsTaTe", "TRACESTATE"} {
		if got := hop(t, [][2]string{{"traceparent", tp0}, {name, "foo=1"}}).Get("Tracestate"); got != "foo=1" {
			t.Errorf("%s: sent tracestate %q, want foo=1", name, got)
		}
	}
	// Without a traceparent, tracestate is not read.
	if got := hop(t, [][2]string{{"tracestate", "foo=1"}}).Get("Tracestate"); got != "" {
		t.Errorf("tracestate without traceparent sent on: %q", got)
	}
}

// A Level 2 tracestate otel cannot hold is sent whole while the span
// context's trace state is the one read, and otel's members reach the
// span context; once the trace state changes, the span context's wins.
func TestCarriedTracestate(t *testing.T) {
	h := http.Header{"Traceparent": {tp}, "Tracestate": {"foo@=1,bar=2"}}
	ctx := tracecontext.Propagator{}.Extract(context.Background(), propagation.HeaderCarrier(h))
	sc := trace.SpanContextFromContext(ctx)
	if got := sc.TraceState().String(); got != "bar=2" {
		t.Errorf("span context trace state %q, want bar=2", got)
	}
	if got := tracecontext.Tracestate(ctx, sc.WithSpanID(trace.SpanID{9})); got != "foo@=1,bar=2" {
		t.Errorf("Tracestate = %q, want the whole list", got)
	}
	changed, _ := sc.TraceState().Insert("ot", "th:8")
	if got := tracecontext.Tracestate(ctx, sc.WithTraceState(changed)); got != "ot=th:8,bar=2" {
		t.Errorf("Tracestate after a change = %q", got)
	}
	other := sc.WithTraceID(trace.TraceID{7})
	if got := tracecontext.Tracestate(ctx, other); got != "bar=2" {
		t.Errorf("Tracestate of another trace = %q", got)
	}
}
