package logger

import (
	"encoding/binary"
	"strconv"
	"strings"
	"unsafe"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/libfield"
)

// Keys of the OpenTelemetry profile, the default. They follow the
// OpenTelemetry log data model's names for trace correlation.
const (
	KeyTraceID    = "trace_id"
	KeySpanID     = "span_id"
	KeyTraceFlags = "trace_flags"
	// KeyParentSpanID is written by the httplog and grpclog access lines
	// for the caller's span when the request arrived with trace context.
	KeyParentSpanID = "parent_span_id"
)

// Keys of the Elastic Common Schema profile.
const (
	ECSKeyTraceID = "trace.id"
	ECSKeySpanID  = "span.id"
)

// Keys of the Google Cloud Logging profile, which its agents lift out of a
// JSON line into the LogEntry's trace fields.
const (
	GCPKeyTrace        = "logging.googleapis.com/trace"
	GCPKeySpanID       = "logging.googleapis.com/spanId"
	GCPKeyTraceSampled = "logging.googleapis.com/trace_sampled"
)

// Keys of the Datadog profile. Datadog correlates OpenTelemetry traces with
// logs by the decimal form of the low 64 bits of each ID.
const (
	DDKeyTraceID = "dd.trace_id"
	DDKeySpanID  = "dd.span_id"
)

type profileKind uint8

const (
	kindOTel profileKind = iota
	kindECS
	kindGCP
	kindDatadog
)

// A Profile names the keys (and their formats) under which the trace
// context of a line is written. Build one with [OTel], [ECS], [GCP] or
// [Datadog]; several profiles may be active at once. The zero Profile is
// the OTel profile.
type Profile struct {
	kind    profileKind
	project string
}

// OTel is the default profile: trace_id (32 lowercase hex digits),
// span_id (16 hex digits) and trace_flags (2 hex digits: "01" sampled,
// "02" random trace ID, "03" both, "00").
func OTel() Profile { return Profile{kind: kindOTel} }

// ECS writes trace.id and span.id as lowercase hex, as the Elastic Common
// Schema defines them.
func ECS() Profile { return Profile{kind: kindECS} }

// GCP writes the fields Google Cloud Logging reads from structured logs:
// logging.googleapis.com/trace as "projects/PROJECT/traces/TRACE_ID",
// logging.googleapis.com/spanId as hex and logging.googleapis.com/trace_sampled
// as a boolean. With an empty projectID the trace key holds the bare trace
// ID; tracelog.New rejects an empty project instead.
func GCP(projectID string) Profile { return Profile{kind: kindGCP, project: projectID} }

// Datadog writes dd.trace_id and dd.span_id as decimal strings of the low 64
// bits of each ID, the form Datadog documents for OpenTelemetry users.
func Datadog() Profile { return Profile{kind: kindDatadog} }

// String names the profile ("otel", "ecs", "gcp", "datadog").
func (p Profile) String() string {
	switch p.kind {
	case kindECS:
		return "ecs"
	case kindGCP:
		return "gcp"
	case kindDatadog:
		return "datadog"
	default:
		return "otel"
	}
}

// Project returns the Google Cloud project of a GCP profile, else "".
func (p Profile) Project() string { return p.project }

// ProfileByName returns the profile called name ("otel", "ecs",
// "datadog", or "gcp:PROJECT"). It is meant for configuration read from
// files or the environment.
func ProfileByName(name string) (Profile, bool) {
	switch n := strings.ToLower(strings.TrimSpace(name)); {
	case n == "otel" || n == "opentelemetry":
		return OTel(), true
	case n == "ecs" || n == "elastic":
		return ECS(), true
	case n == "datadog" || n == "dd":
		return Datadog(), true
	case strings.HasPrefix(n, "gcp:"):
		p := strings.TrimSpace(name[strings.IndexByte(name, ':')+1:])
		return GCP(p), p != ""
	}
	return Profile{}, false
}

// numFields is how many fields the profile writes.
func (p Profile) numFields() int {
	switch p.kind {
	case kindECS, kindDatadog:
		return 2
	default:
		return 3
	}
}

const hexDigits = "0123456789abcdef"

func appendHex(b []byte, src []byte) []byte {
	for _, v := range src {
		b = append(b, hexDigits[v>>4], hexDigits[v&0x0f])
	}
	return b
}

// appendTraceFields appends the fields of every profile for sc to dst. All
// the strings of one call share a single allocation.
func appendTraceFields(dst []zapcore.Field, profiles []Profile, sc trace.SpanContext) []zapcore.Field {
	var buf [256]byte
	var ends [16]int
	b := renderTrace(buf[:0], &ends, profiles, sc)
	return appendTraceStrings(dst, profiles, sc, string(b), &ends)
}

// appendTraceFieldsInto is appendTraceFields with the text of the strings
// written into text, which then backs them: the caller hands text over and
// never writes it again. When text is too small, the strings get an
// allocation of their own.
func appendTraceFieldsInto(dst []zapcore.Field, profiles []Profile, sc trace.SpanContext, text []byte) []zapcore.Field {
	var ends [16]int
	b := renderTrace(text[:0], &ends, profiles, sc)
	if len(b) == 0 || len(text) == 0 || &b[0] != &text[0] {
		return appendTraceStrings(dst, profiles, sc, string(b), &ends) // it did not fit
	}
	return appendTraceStrings(dst, profiles, sc, unsafe.String(&b[0], len(b)), &ends)
}

// renderTrace appends the text of every value of the profiles to b and
// records where each ends.
func renderTrace(b []byte, ends *[16]int, profiles []Profile, sc trace.SpanContext) []byte {
	tid, sid := sc.TraceID(), sc.SpanID()
	n := 0
	mark := func() { ends[n] = len(b); n++ }
	for _, p := range profiles {
		switch p.kind {
		case kindOTel, kindECS:
			b = appendHex(b, tid[:])
			mark()
			b = appendHex(b, sid[:])
			mark()
			if p.kind == kindOTel {
				f := byte(sc.TraceFlags())
				b = append(b, hexDigits[f>>4], hexDigits[f&0x0f])
				mark()
			}
		case kindGCP:
			if p.project != "" {
				b = append(b, "projects/"...)
				b = append(b, p.project...)
				b = append(b, "/traces/"...)
			}
			b = appendHex(b, tid[:])
			mark()
			b = appendHex(b, sid[:])
			mark()
		case kindDatadog:
			b = strconv.AppendUint(b, binary.BigEndian.Uint64(tid[8:]), 10)
			mark()
			b = strconv.AppendUint(b, binary.BigEndian.Uint64(sid[:]), 10)
			mark()
		}
	}
	return b
}

// appendTraceStrings appends the fields whose values are the pieces of s
// that renderTrace delimited.
func appendTraceStrings(dst []zapcore.Field, profiles []Profile, sc trace.SpanContext, s string, ends *[16]int) []zapcore.Field {
	i, start := 0, 0
	next := func() string {
		v := s[start:ends[i]]
		start = ends[i]
		i++
		return v
	}
	for _, p := range profiles {
		switch p.kind {
		case kindOTel:
			dst = append(dst,
				zapcore.Field{Key: KeyTraceID, Type: zapcore.StringType, String: next(), Interface: libfield.Trace},
				zapcore.Field{Key: KeySpanID, Type: zapcore.StringType, String: next(), Interface: libfield.Trace},
				zapcore.Field{Key: KeyTraceFlags, Type: zapcore.StringType, String: next(), Interface: libfield.Trace},
			)
		case kindECS:
			dst = append(dst,
				zapcore.Field{Key: ECSKeyTraceID, Type: zapcore.StringType, String: next(), Interface: libfield.Trace},
				zapcore.Field{Key: ECSKeySpanID, Type: zapcore.StringType, String: next(), Interface: libfield.Trace},
			)
		case kindGCP:
			sampled := int64(0)
			if sc.IsSampled() {
				sampled = 1
			}
			dst = append(dst,
				zapcore.Field{Key: GCPKeyTrace, Type: zapcore.StringType, String: next(), Interface: libfield.Trace},
				zapcore.Field{Key: GCPKeySpanID, Type: zapcore.StringType, String: next(), Interface: libfield.Trace},
				zapcore.Field{Key: GCPKeyTraceSampled, Type: zapcore.BoolType, Integer: sampled, Interface: libfield.Trace},
			)
		case kindDatadog:
			dst = append(dst,
				zapcore.Field{Key: DDKeyTraceID, Type: zapcore.StringType, String: next(), Interface: libfield.Trace},
				zapcore.Field{Key: DDKeySpanID, Type: zapcore.StringType, String: next(), Interface: libfield.Trace},
			)
		}
	}
	return dst
}
