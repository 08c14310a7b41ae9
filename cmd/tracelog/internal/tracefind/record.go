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

	// Access line keys. RPCMethod is the full method,
	// "pkg.Service/Method".
	Method, Route, Path []byte
	RPCMethod           []byte
	GRPCCode            []byte
	Status              int
	HasStatus           bool
	Duration            time.Duration
	HasDuration         bool
	// Panic is the value the handler of an access line panicked with.
	Panic []byte

	// Sampler summary keys.
	SamplingRoute      []byte
	SamplingDropped    int64
	HasSamplingDropped bool

	// Fields holds the top-level members in order, when asked for.
	Fields []Field

	withFields     bool
	datadog        bool // a key only the Datadog profile writes was seen
	durationNumber bool // Duration was read from a bare number
	scratch        []byte
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
	r.finish()
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
	if string(key) == "ts" { // zap's production default
		if r.Time.IsZero() {
			if f, ok := number(value); ok {
				r.Time, _ = epochTime(f)
			}
		}
		return
	}
	kr := roles()[string(key)]
	if kr.datadog {
		r.datadog = true
	}
	switch kr.role {
	case RoleTime:
		if s, ok := r.str(value); ok {
			if t, ok := parseTime(s); ok {
				r.Time = t
			} else if t, err := time.Parse(time.RFC3339Nano, string(s)); err == nil {
				r.Time = t.UTC()
			}
		} else if f, ok := number(value); ok {
			r.Time, _ = epochTime(f)
		}
	case RoleLevel:
		r.Level, _ = r.str(value)
	case RoleMessage:
		r.Msg, _ = r.str(value)
	case RoleService:
		r.Service, _ = r.str(value)
	case RoleTraceID:
		if s, ok := r.str(value); ok && !r.HasTraceID {
			if i := bytes.LastIndexByte(s, '/'); i >= 0 {
				s = s[i+1:]
			}
			r.TraceID, r.HasTraceID = parseTraceIDHex(s)
		}
	case RoleDDTraceID:
		if !r.HasDDTraceID {
			r.DDTraceID, r.HasDDTraceID = r.decimal(value)
		}
	case RoleSpanID:
		if s, ok := r.str(value); ok && !r.HasSpanID {
			r.SpanID, r.HasSpanID = parseSpanIDHex(s)
		}
	case RoleDDSpanID:
		if !r.HasSpanID {
			var v uint64
			if v, r.HasSpanID = r.decimal(value); r.HasSpanID {
				binary.BigEndian.PutUint64(r.SpanID[:], v)
				r.HasSpanID = r.SpanID.IsValid()
			}
		}
	case RoleParentSpanID:
		if s, ok := r.str(value); ok {
			r.ParentSpanID, r.HasParentSpanID = parseSpanIDHex(s)
		}
	case RoleMethod:
		r.Method, _ = r.str(value)
	case RoleRoute:
		r.Route, _ = r.str(value)
	case RolePath:
		r.Path, _ = r.str(value)
	case RoleRPCMethod:
		r.RPCMethod, _ = r.str(value)
	case RoleStatus:
		if f, ok := r.numberOrString(value); ok && f == math.Trunc(f) && f >= 0 && f < 1000 {
			r.Status, r.HasStatus = int(f), true
		}
	case RoleGRPCCode:
		if s, ok := r.str(value); ok {
			r.GRPCCode = s
		} else if f, ok := number(value); ok && f >= 0 && int(f) < len(grpcCodeNames) && f == math.Trunc(f) {
			r.GRPCCode = []byte(grpcCodeNames[int(f)])
		}
	case RoleDuration:
		r.Duration, r.HasDuration = r.duration(value)
		r.durationNumber = r.HasDuration && len(value) > 0 && value[0] != '"'
	case RoleDurationNanos:
		if f, ok := r.numberOrString(value); ok && math.Abs(f) < math.MaxInt64 {
			r.Duration, r.HasDuration = time.Duration(f), true
		}
	case RolePanic:
		r.Panic, _ = r.str(value)
	case RoleSamplingRoute:
		r.SamplingRoute, _ = r.str(value)
	case RoleSamplingDropped:
		if f, ok := r.numberOrString(value); ok && f >= 0 && f < 1e18 {
			r.SamplingDropped, r.HasSamplingDropped = int64(f), true
		}
	}
}

// FieldDuration reads value, the JSON value of key on r's line, as a
// duration when key is one of the profiles' duration keys: a number in the
// unit of r's profile (milliseconds; nanoseconds for ECS's event.duration
// and on Datadog lines), or a string ("1.5ms", "0.042s").
func (r *Record) FieldDuration(key string, value []byte) (time.Duration, bool) {
	switch RoleOf(key) {
	case RoleDuration:
		d, ok := r.duration(value)
		if ok && r.datadog && len(value) > 0 && value[0] != '"' {
			d = time.Duration(math.Round(float64(d) / float64(time.Millisecond)))
		}
		return d, ok
	case RoleDurationNanos:
		if f, ok := number(value); ok && math.Abs(f) < math.MaxInt64 {
			return time.Duration(f), true
		}
	}
	return 0, false
}

// finish fixes what needs the whole line: a duration given as a bare
// number is in nanoseconds on a Datadog line, in milliseconds otherwise.
func (r *Record) finish() {
	if r.datadog && r.durationNumber {
		r.Duration = time.Duration(math.Round(float64(r.Duration) / float64(time.Millisecond)))
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
