package httplog

import (
	"net/http"
	"net/textproto"

	"go.opentelemetry.io/otel/propagation"
)

// Limits above which incoming trace context is ignored: a valid
// traceparent is 55 bytes (longer only in future versions), and W3C asks
// vendors to propagate at least 512 bytes of tracestate.
const (
	maxTraceParent = 256
	maxTraceState  = 1024
)

// headerCarrier is propagation.HeaderCarrier without the run-time
// canonicalization of the well-known propagation keys, which allocates a
// string per lookup, and with bounds on the W3C headers: an oversized
// traceparent or tracestate reads as absent.
type headerCarrier http.Header

var (
	_ propagation.TextMapCarrier = headerCarrier(nil)
	_ propagation.ValuesGetter   = headerCarrier(nil)
)

// canonicalKey returns the canonical header name of a propagation key.
func canonicalKey(key string) string {
	switch key {
	case "traceparent":
		return "Traceparent"
	case "tracestate":
		return "Tracestate"
	case "baggage":
		return "Baggage"
	case "b3":
		return "B3"
	case "x-b3-traceid":
		return "X-B3-Traceid"
	case "x-b3-spanid":
		return "X-B3-Spanid"
	case "x-b3-parentspanid":
		return "X-B3-Parentspanid"
	case "x-b3-sampled":
		return "X-B3-Sampled"
	case "x-b3-flags":
		return "X-B3-Flags"
	case "uber-trace-id":
		return "Uber-Trace-Id"
	}
	return textproto.CanonicalMIMEHeaderKey(key)
}

// Get returns the first value of key, or "" when it is absent or too long.
func (c headerCarrier) Get(key string) string {
	k := canonicalKey(key)
	v := http.Header(c)[k]
	if len(v) == 0 {
		return ""
	}
	switch k {
	case "Traceparent":
		if len(v[0]) > maxTraceParent {
			return ""
		}
	case "Tracestate":
		if len(v[0]) > maxTraceState {
			return ""
		}
	}
	return v[0]
}

// Values returns all the values of key (baggage may come in several
// header lines).
func (c headerCarrier) Values(key string) []string {
	return http.Header(c)[canonicalKey(key)]
}

// Set replaces the values of key.
func (c headerCarrier) Set(key, value string) {
	http.Header(c)[canonicalKey(key)] = []string{value}
}

// Keys lists the header names.
func (c headerCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}
