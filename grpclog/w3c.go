package grpclog

import (
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// defaultPropagator is otel's delegating default propagator as the
// process starts (nil when one was set before this package's init). While
// otel.GetTextMapPropagator still returns it and no propagator was given,
// hop.Propagator resolves to W3C TraceContext and Baggage, and the server
// reads those headers itself: otel's Extract would build a context only to
// be read back and dropped, two allocations per call.
var defaultPropagator = func() propagation.TextMapPropagator {
	if g := otel.GetTextMapPropagator(); len(g.Fields()) == 0 {
		return g
	}
	return nil
}()

// usesW3C reports whether the resolved propagator is hop's W3C default.
// Comparing with a pointer-typed interface never panics.
func usesW3C(configured propagation.TextMapPropagator) bool {
	return configured == nil && defaultPropagator != nil && otel.GetTextMapPropagator() == defaultPropagator
}

const (
	traceparentHeader = "traceparent"
	tracestateHeader  = "tracestate"
	baggageHeader     = "baggage"
	maxVersion        = 254
)

// parseTraceparent reads a traceparent value as otel's TraceContext
// propagator does (the tests hold the two equal), asking state for the
// tracestate once the traceparent is known good, and returns the span ID's
// hex text too, a substring of h.
func parseTraceparent(h string, state func() string) (trace.SpanContext, string) {
	var ver [1]byte
	if !hexPart(ver[:], &h, 2) || ver[0] > maxVersion {
		return trace.SpanContext{}, ""
	}
	var scc trace.SpanContextConfig
	if !hexPart(scc.TraceID[:], &h, 32) {
		return trace.SpanContext{}, ""
	}
	spanHex := h
	if !hexPart(scc.SpanID[:], &h, 16) {
		return trace.SpanContext{}, ""
	}
	spanHex = spanHex[:16]
	var flags [1]byte
	if !hexPart(flags[:], &h, 2) {
		return trace.SpanContext{}, ""
	}
	if ver[0] == 0 && (h != "" || flags[0] > 2) {
		return trace.SpanContext{}, ""
	}
	scc.TraceFlags = trace.TraceFlags(flags[0]) & trace.FlagsSampled
	// A bad tracestate is dropped, never the traceparent (W3C).
	if ts := state(); ts != "" {
		scc.TraceState, _ = trace.ParseTraceState(ts)
	}
	scc.Remote = true
	sc := trace.NewSpanContext(scc)
	if !sc.IsValid() {
		return trace.SpanContext{}, ""
	}
	return sc, spanHex
}

// hexPart decodes the next '-'-separated part of *h, which must be n
// lowercase hex digits, into dst.
func hexPart(dst []byte, h *string, n int) bool {
	part, rest, _ := strings.Cut(*h, "-")
	*h = rest
	if len(part) != n || n%2 != 0 {
		return false
	}
	for i := 0; i < n; i += 2 {
		hi, lo := lowerHex[part[i]], lowerHex[part[i+1]]
		if hi|lo > 0x0f {
			return false
		}
		dst[i/2] = hi<<4 | lo
	}
	return true
}

// lowerHex maps each lowercase hex digit to its value and every other byte
// to 0xff.
var lowerHex = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := byte(0); i < 10; i++ {
		t['0'+i] = i
	}
	for i := byte(0); i < 6; i++ {
		t['a'+i] = 10 + i
	}
	return t
}()
