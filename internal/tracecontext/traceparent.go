package tracecontext

import (
	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/internal/hexid"
)

const (
	// traceparentLen is the length of a version-00 traceparent value.
	traceparentLen = 55
	// maxTraceparent bounds the traceparent values read (later versions
	// may be longer than 55, but not prohibitively so).
	maxTraceparent = 512
	// FlagsRandom is the Level 2 random trace-id flag: the right-most 7
	// bytes of the trace ID are random.
	FlagsRandom = trace.TraceFlags(0x02)
	// knownFlags are the flags propagated; the others are reserved.
	knownFlags = trace.FlagsSampled | FlagsRandom
)

// ParseTraceparent reads the traceparent of a request from all its
// traceparent fields, and returns the remote span context it names
// (without trace state) and the parent ID's hex text (a substring of the
// value). Anything but exactly one valid value gives an invalid span
// context: the caller starts a new trace. It does not allocate.
func ParseTraceparent(values []string) (trace.SpanContext, string) {
	if len(values) != 1 {
		return trace.SpanContext{}, ""
	}
	h := trimOWS(values[0])
	if len(h) < traceparentLen || len(h) > maxTraceparent {
		return trace.SpanContext{}, ""
	}
	var ver [1]byte
	if !hexid.Decode(ver[:], h[0:2]) || ver[0] == 0xff || h[2] != '-' {
		return trace.SpanContext{}, ""
	}
	if ver[0] == 0 && len(h) != traceparentLen {
		return trace.SpanContext{}, ""
	}
	if len(h) > traceparentLen && h[traceparentLen] != '-' {
		return trace.SpanContext{}, ""
	}
	var scc trace.SpanContextConfig
	var flags [1]byte
	if !hexid.Decode(scc.TraceID[:], h[3:35]) || h[35] != '-' ||
		!hexid.Decode(scc.SpanID[:], h[36:52]) || h[52] != '-' ||
		!hexid.Decode(flags[:], h[53:55]) {
		return trace.SpanContext{}, ""
	}
	scc.TraceFlags = trace.TraceFlags(flags[0]) & knownFlags
	scc.Remote = true
	sc := trace.NewSpanContext(scc)
	if !sc.IsValid() {
		return trace.SpanContext{}, ""
	}
	return sc, h[36:52]
}

// AppendTraceparent appends the version-00 traceparent of sc to b: its
// trace ID, span ID and the sampled and random flags.
func AppendTraceparent(b []byte, sc trace.SpanContext) []byte {
	tid, sid := sc.TraceID(), sc.SpanID()
	b = append(b, "00-"...)
	b = hexid.Append(b, tid[:])
	b = append(b, '-')
	b = hexid.Append(b, sid[:])
	b = append(b, '-')
	return hexid.AppendByte(b, byte(sc.TraceFlags()&knownFlags))
}

// FormatTraceparent returns the version-00 traceparent of sc, in one
// allocation.
func FormatTraceparent(sc trace.SpanContext) string {
	var buf [traceparentLen]byte
	return string(AppendTraceparent(buf[:0], sc))
}

// trimOWS removes optional whitespace (spaces and tabs) around s.
func trimOWS(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
