package sampling

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"

	"go.opentelemetry.io/otel/trace"
)

// A RatioMethod is how "1 in N" ([Rule].Thereafter) picks, from the trace
// context, the traces it keeps. Both are consistent: every service that
// uses the same method and ratio keeps or drops a given trace alike.
type RatioMethod int

const (
	// TraceIDRatio keeps a trace when the low 63 bits of its trace ID's
	// second half fall below 2^63/N: the rule of the Go SDK's
	// TraceIDRatioBased sampler (at the same ratio, the traces kept are
	// those it keeps), which the OpenTelemetry specification now
	// deprecates. The default.
	TraceIDRatio RatioMethod = iota
	// Threshold is OpenTelemetry's current probability sampling: the
	// randomness R is the explicit rv of tracestate "ot=rv:..." (14 hex
	// digits) when there is one, else the least significant 56 bits of the
	// trace ID; a trace is kept when R >= T, the rejection threshold
	// T = (1 - 1/N)·2^56, rounded to the nearest integer. It agrees with
	// tracers that follow that specification (the "th" of "ot" in
	// tracestate) at the same ratio.
	Threshold
)

// DefaultRatioMethod is [TraceIDRatio]: the Go SDK this module is built
// with (go.opentelemetry.io/otel/sdk) offers TraceIDRatioBased as its only
// ratio sampler, so a Go service that samples its traces 1 in N keeps the
// logs of exactly the traces it records; and the choice of the requests
// existing rules keep does not change with an upgrade. Choose [Threshold]
// when the tracers of your services follow the current specification.
const DefaultRatioMethod = TraceIDRatio

// String returns the method's name in configuration files.
func (m RatioMethod) String() string {
	switch m {
	case TraceIDRatio:
		return "traceidratio"
	case Threshold:
		return "threshold"
	}
	return fmt.Sprintf("RatioMethod(%d)", int(m))
}

// parseRatioMethod reads a method's name; "" is the default.
func parseRatioMethod(s string) (RatioMethod, error) {
	switch s {
	case "", "traceidratio":
		return TraceIDRatio, nil
	case "threshold":
		return Threshold, nil
	}
	return 0, fmt.Errorf("ratio method %q: want \"traceidratio\" or \"threshold\"", s)
}

// maxThreshold is 2^56, the range of the randomness of [Threshold].
const maxThreshold = uint64(1) << 56

// ratio decides "1 in n" by one method.
type ratio struct {
	method RatioMethod
	bound  uint64 // TraceIDRatio: keep below; Threshold: keep at or above
}

func newRatio(method RatioMethod, n int) ratio {
	r := ratio{method: method}
	switch {
	case n <= 1:
	case method == Threshold:
		// T = 2^56 - round(2^56/n), in integers.
		r.bound = maxThreshold - (maxThreshold+uint64(n)/2)/uint64(n)
	default:
		r.bound = uint64(math.Ldexp(1/float64(n), 63))
	}
	return r
}

// keep decides for a trace context with a trace ID. It does not allocate.
func (r ratio) keep(sc trace.SpanContext) bool {
	tid := sc.TraceID()
	if r.method == Threshold {
		return randomness(sc) >= r.bound
	}
	return binary.BigEndian.Uint64(tid[8:16])>>1 < r.bound
}

// randomness returns the explicit rv of sc's tracestate ("ot=...;rv:x"),
// when it is 14 lowercase hex digits, else the low 56 bits of the trace ID.
func randomness(sc trace.SpanContext) uint64 {
	if ot := sc.TraceState().Get("ot"); ot != "" {
		for ot != "" {
			var kv string
			kv, ot, _ = strings.Cut(ot, ";")
			if v, ok := strings.CutPrefix(kv, "rv:"); ok && len(v) == 14 {
				if rv, ok := hex56(v); ok {
					return rv
				}
			}
		}
	}
	tid := sc.TraceID()
	return binary.BigEndian.Uint64(tid[8:16]) & (maxThreshold - 1)
}

// hex56 decodes 14 lowercase hex digits.
func hex56(s string) (uint64, bool) {
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return v, true
}
