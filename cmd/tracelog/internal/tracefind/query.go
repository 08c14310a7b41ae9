package tracefind

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/trace"
)

// A Query is the trace asked for. Make one with [ParseQuery].
type Query struct {
	traceID    trace.TraceID
	hasTraceID bool
	low        uint64
	// needles are the texts, one of which a line of the trace must hold.
	needles [][]byte
}

// ParseQuery reads a trace ID in any profile's form:
//
//   - 32 hex digits, the OpenTelemetry, ECS and GCP form
//     ("4bf92f3577b34da6a3ce929d0e0e4736", any case);
//   - a GCP trace name, "projects/PROJECT/traces/4bf92f35...";
//   - a W3C traceparent header value, "00-4bf92f35...-00f067aa0ba902b7-01";
//   - a decimal number of up to 20 digits, Datadog's form: the low 64 bits
//     of the trace ID;
//   - 16 hex digits, the low 64 bits in hex.
//
// A full ID matches lines that carry it under an OTel, ECS or GCP key, and
// lines whose dd.trace_id equals its low 64 bits. A 64-bit ID (decimal or
// 16 hex digits) matches dd.trace_id lines with that value and lines whose
// full trace ID ends with those 64 bits.
func ParseQuery(s string) (Query, error) {
	s = strings.Trim(strings.TrimSpace(s), `"'`)
	orig := s
	if i := strings.LastIndex(s, "/traces/"); i >= 0 {
		s = s[i+len("/traces/"):]
	} else if parts := strings.Split(s, "-"); len(parts) == 4 && len(parts[1]) == 32 {
		s = parts[1]
	}
	var q Query
	switch {
	case len(s) == 32:
		if _, err := hex.Decode(q.traceID[:], []byte(s)); err != nil || !q.traceID.IsValid() {
			return Query{}, fmt.Errorf("trace ID %q: not 32 hex digits, or all zero", orig)
		}
		q.hasTraceID = true
		q.low = binary.BigEndian.Uint64(q.traceID[8:])
	case len(s) > 0 && len(s) <= 20 && isDecimal(s):
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil || v == 0 {
			return Query{}, fmt.Errorf("trace ID %q: a decimal ID must be a non-zero 64-bit number", orig)
		}
		q.low = v
	case len(s) == 16:
		var b [8]byte
		if _, err := hex.Decode(b[:], []byte(s)); err != nil || b == [8]byte{} {
			return Query{}, fmt.Errorf("trace ID %q: not 16 hex digits, or all zero", orig)
		}
		q.low = binary.BigEndian.Uint64(b[:])
	default:
		return Query{}, fmt.Errorf("trace ID %q: want 32 hex digits, projects/P/traces/ID, a traceparent, or a decimal Datadog ID", orig)
	}
	var lowHex [16]byte
	var lowBytes [8]byte
	binary.BigEndian.PutUint64(lowBytes[:], q.low)
	hex.Encode(lowHex[:], lowBytes[:])
	dec := []byte(strconv.FormatUint(q.low, 10))
	if q.hasTraceID {
		full := make([]byte, 32)
		hex.Encode(full, q.traceID[:])
		q.needles = [][]byte{full, dec}
	} else {
		q.needles = [][]byte{append([]byte(nil), lowHex[:]...), dec}
	}
	return q, nil
}

func isDecimal(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String returns the query in its canonical form: 32 lowercase hex digits,
// or the decimal 64-bit ID.
func (q Query) String() string {
	if q.hasTraceID {
		return q.traceID.String()
	}
	return strconv.FormatUint(q.low, 10)
}

// TraceID returns the full trace ID, when the query gave one.
func (q Query) TraceID() (trace.TraceID, bool) { return q.traceID, q.hasTraceID }

// Low64 returns the low 64 bits of the trace ID, the whole of a 64-bit
// (Datadog) query.
func (q Query) Low64() uint64 { return q.low }

// Needles returns the texts a line of the trace holds (at least one of
// them): the hex ID and the decimal form of its low 64 bits. A line that
// holds none is not read further. The caller must not modify them.
func (q Query) Needles() [][]byte { return q.needles }

// Matches reports whether the parsed line belongs to the trace.
func (q Query) Matches(r *Record) bool {
	if r.HasDDTraceID && r.DDTraceID == q.low {
		return true
	}
	if !r.HasTraceID {
		return false
	}
	if q.hasTraceID {
		return r.TraceID == q.traceID
	}
	return binary.BigEndian.Uint64(r.TraceID[8:]) == q.low
}
