package tracefind

import (
	"bytes"
	"encoding/binary"
	"math"
	"strconv"
	"time"
	"unsafe"

	"go.opentelemetry.io/otel/trace"
)

// A Field is one top-level member of a line: its key (unescaped) and its
// value as raw JSON text.
type Field struct {
	Key   []byte
	Value []byte
}

// A Record is one parsed line. Its byte slices point into the line or into
// the record's own scratch memory: they stay valid until the record is
// parsed into again (see [Record.Clone] to keep one).
type Record struct {
	// Line is the line as read, without its line ending.
	Line []byte

	// Time is the line's time in UTC, zero when it has none.
	Time    time.Time
	Level   []byte
	Msg     []byte
	Service []byte

	// TraceID is the trace of an OTel, ECS or GCP key, DDTraceID the
	// decimal dd.trace_id (the low 64 bits of the trace ID).
	TraceID      trace.TraceID
	HasTraceID   bool
	DDTraceID    uint64
	HasDDTraceID bool
	// SpanID is the line's span (span_id, span.id, the GCP spanId or the
	// decimal dd.span_id), ParentSpanID the caller's span of an access
	// line.
	SpanID          trace.SpanID
	HasSpanID       bool
	ParentSpanID    trace.SpanID
	HasParentSpanID bool

	// Access line keys.
	Method, Route, Path   []byte
	RPCService, RPCMethod []byte
	GRPCCode              []byte
	Status                int
	HasStatus             bool
	Duration              time.Duration
	HasDuration           bool
	// Panic is the value the handler of an access line panicked with.
	Panic []byte

	// Sampler summary keys.
	SamplingRoute      []byte
	SamplingDropped    int64
	HasSamplingDropped bool

	// Fields holds the top-level members in order, when asked for.
	Fields []Field

	withFields bool
	scratch    []byte
}

// maxNestedDepth is how deep nested objects are flattened to dotted keys
// ({"trace":{"id":"..."}} reads as trace.id).
const maxNestedDepth = 3

// Parse parses one line into r, replacing its contents. withFields asks
// for [Record.Fields]. A line is a JSON object; a line in zap's console
// form (time, level, [logger,] [caller,] message and a JSON object of
// fields, tab-separated) is read too. It returns an error for anything
// else, and for a line that is cut short.
//
// Parse allocates only when a string holds escapes or Fields grows.
func (r *Record) Parse(line []byte, withFields bool) error {
	fields, scratch := r.Fields[:0], r.scratch[:0]
	*r = Record{Line: line, Fields: fields, scratch: scratch, withFields: withFields}
	line = bytes.TrimRight(line, "\r")
	start := 0
	for start < len(line) && isSpace(line[start]) {
		start++
	}
	if start < len(line) && line[start] != '{' {
		return r.parseConsole(line[start:])
	}
	jr := jsonReader{data: line, pos: start}
	if err := jr.walkObject(&r.scratch, r.topMember); err != nil {
		return err
	}
	jr.skipSpace()
	if jr.pos != len(line) {
		return errTrailing
	}
	return nil
}

func (r *Record) topMember(key, value []byte) error {
	if r.withFields {
		r.Fields = append(r.Fields, Field{Key: key, Value: value})
	}
	r.member(key, value, 0)
	return nil
}

// member reads one member, flattening nested objects to dotted keys.
func (r *Record) member(key, value []byte, depth int) {
	if len(value) > 0 && value[0] == '{' && depth < maxNestedDepth {
		var buf [128]byte
		if len(key) >= len(buf)-1 {
			return
		}
		prefix := append(append(buf[:0], key...), '.')
		jr := jsonReader{data: value}
		_ = jr.walkObject(&r.scratch, func(k, v []byte) error {
			if len(prefix)+len(k) <= len(buf) {
				r.member(append(prefix, k...), v, depth+1)
			}
			return nil
		})
		return
	}
	switch string(key) {
	case KeyTime:
		if s, ok := r.str(value); ok {
			if t, ok := parseTime(s); ok {
				r.Time = t
			} else if t, err := time.Parse(time.RFC3339Nano, string(s)); err == nil {
				r.Time = t.UTC()
			}
		} else if f, ok := number(value); ok {
			r.Time, _ = epochTime(f)
		}
	case "ts": // zap's production default
		if r.Time.IsZero() {
			if f, ok := number(value); ok {
				r.Time, _ = epochTime(f)
			}
		}
	case KeyLevel:
		r.Level, _ = r.str(value)
	case KeyMessage:
		r.Msg, _ = r.str(value)
	case KeyService:
		r.Service, _ = r.str(value)
	case KeyTraceID, KeyECSTraceID, KeyGCPTrace:
		if s, ok := r.str(value); ok && !r.HasTraceID {
			if i := bytes.LastIndexByte(s, '/'); i >= 0 {
				s = s[i+1:]
			}
			r.TraceID, r.HasTraceID = parseTraceIDHex(s)
		}
	case KeyDDTraceID:
		if !r.HasDDTraceID {
			r.DDTraceID, r.HasDDTraceID = r.decimal(value)
		}
	case KeySpanID, KeyECSSpanID, KeyGCPSpanID:
		if s, ok := r.str(value); ok && !r.HasSpanID {
			r.SpanID, r.HasSpanID = parseSpanIDHex(s)
		}
	case KeyDDSpanID:
		if !r.HasSpanID {
			var v uint64
			if v, r.HasSpanID = r.decimal(value); r.HasSpanID {
				binary.BigEndian.PutUint64(r.SpanID[:], v)
				r.HasSpanID = r.SpanID.IsValid()
			}
		}
	case KeyParentSpanID:
		if s, ok := r.str(value); ok {
			r.ParentSpanID, r.HasParentSpanID = parseSpanIDHex(s)
		}
	case KeyHTTPMethod:
		r.Method, _ = r.str(value)
	case KeyHTTPRoute:
		r.Route, _ = r.str(value)
	case KeyURLPath:
		r.Path, _ = r.str(value)
	case KeyRPCService:
		r.RPCService, _ = r.str(value)
	case KeyRPCMethod:
		r.RPCMethod, _ = r.str(value)
	case KeyHTTPStatus:
		if f, ok := r.numberOrString(value); ok && f == math.Trunc(f) && f >= 0 && f < 1000 {
			r.Status, r.HasStatus = int(f), true
		}
	case KeyGRPCCode:
		if s, ok := r.str(value); ok {
			r.GRPCCode = s
		} else if f, ok := number(value); ok && f >= 0 && int(f) < len(grpcCodeNames) && f == math.Trunc(f) {
			r.GRPCCode = []byte(grpcCodeNames[int(f)])
		}
	case KeyDuration:
		r.Duration, r.HasDuration = r.duration(value)
	case KeyHTTPPanic, KeyGRPCPanic:
		r.Panic, _ = r.str(value)
	case KeySamplingRoute:
		r.SamplingRoute, _ = r.str(value)
	case KeySamplingDropped:
		if f, ok := r.numberOrString(value); ok && f >= 0 && f < 1e18 {
			r.SamplingDropped, r.HasSamplingDropped = int64(f), true
		}
	}
}

// str returns the decoded contents of a JSON string value.
func (r *Record) str(value []byte) ([]byte, bool) {
	if len(value) < 2 || value[0] != '"' {
		return nil, false
	}
	s := value[1 : len(value)-1]
	if bytes.IndexByte(s, '\\') < 0 {
		return s, true
	}
	start := len(r.scratch)
	r.scratch = unescape(r.scratch, s)
	return r.scratch[start:len(r.scratch):len(r.scratch)], true
}

// number parses a JSON number value.
func number(value []byte) (float64, bool) {
	if len(value) == 0 || (value[0] != '-' && (value[0] < '0' || value[0] > '9')) {
		return 0, false
	}
	f, err := strconv.ParseFloat(unsafeString(value), 64)
	return f, err == nil
}

// numberOrString parses a number given as a JSON number or a string.
func (r *Record) numberOrString(value []byte) (float64, bool) {
	if s, ok := r.str(value); ok {
		return number(s)
	}
	return number(value)
}

// decimal parses an unsigned 64-bit integer given as a number or a string
// (Datadog IDs).
func (r *Record) decimal(value []byte) (uint64, bool) {
	s, ok := r.str(value)
	if !ok {
		s = value
	}
	if len(s) == 0 || len(s) > 20 {
		return 0, false
	}
	v, err := strconv.ParseUint(unsafeString(s), 10, 64)
	return v, err == nil && v != 0
}

// duration reads a duration: a JSON number is milliseconds (tracelog's JSON
// encoding); a string is Go's form ("1.5ms"), or a bare number of
// milliseconds.
func (r *Record) duration(value []byte) (time.Duration, bool) {
	if s, ok := r.str(value); ok {
		if d, err := time.ParseDuration(unsafeString(s)); err == nil {
			return d, true
		}
		value = s
	}
	f, ok := number(value)
	if !ok || f != f || math.Abs(f) > float64(math.MaxInt64/int64(time.Millisecond)) {
		return 0, false
	}
	return time.Duration(math.Round(f * float64(time.Millisecond))), true
}

// unsafeString views b as a string for a call that does not keep it
// (strconv and time copy the input into any error they return).
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func parseTraceIDHex(s []byte) (trace.TraceID, bool) {
	var id trace.TraceID
	if len(s) == 16 { // a 64-bit trace ID, as some tracers write it
		if !decodeHex(id[8:], s) {
			return trace.TraceID{}, false
		}
		return id, id.IsValid()
	}
	if len(s) != 32 || !decodeHex(id[:], s) {
		return trace.TraceID{}, false
	}
	return id, id.IsValid()
}

func parseSpanIDHex(s []byte) (trace.SpanID, bool) {
	var id trace.SpanID
	if len(s) != 16 || !decodeHex(id[:], s) {
		return trace.SpanID{}, false
	}
	return id, id.IsValid()
}

func decodeHex(dst, s []byte) bool {
	for i := range dst {
		hi, lo := hexVal(s[2*i]), hexVal(s[2*i+1])
		if hi < 0 || lo < 0 {
			return false
		}
		dst[i] = byte(hi<<4 | lo)
	}
	return true
}
