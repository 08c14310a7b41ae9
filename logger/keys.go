package logger

import (
	"encoding/binary"
	"strconv"
	"strings"
	"unsafe"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/hexid"
	"github.com/tracelog/tracelog/internal/libfield"
)

// Trace keys of the OpenTelemetry profile, the default, as the
// specification of trace context in non-OTLP logs names them.
const (
	KeyTraceID    = "trace_id"
	KeySpanID     = "span_id"
	KeyTraceFlags = "trace_flags"
	// KeyParentSpanID is written by the httplog and grpclog access lines
	// for the caller's span when the request arrived with trace context,
	// in every built-in profile (no schema has a name for it).
	KeyParentSpanID = ExtensionPrefix + "parent_span_id"
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

// A Profile names every key the tracelog packages write (see [Key]) and the
// formats of their values, in the language of one backend. Build one with
// [OTel], [ECS], [GCP] or [Datadog], and rename keys with
// [Profile.Rename]. It is chosen once (tracelog.WithProfiles, LOG_SCHEMA)
// and followed by every package: the cores ask the logger's core for it
// ([ProfileOf]). The zero Profile is the OTel profile.
type Profile struct {
	kind    profileKind
	project string
	keys    *Keys // renamed keys; nil for the kind's built-in names
	err     error
}

// OTel is the default profile: OpenTelemetry semantic-conventions names
// (stable or release candidate), trace_id (32 lowercase hex digits),
// span_id (16 hex digits) and trace_flags (2 hex digits: "01" sampled,
// "02" random trace ID, "03" both, "00") as the specification of trace
// context in non-OTLP logs names them, durations in float milliseconds, and
// measurements the conventions lack under [ExtensionPrefix].
func OTel() Profile { return Profile{kind: kindOTel} }

// ECS is the Elastic Common Schema 9 profile: @timestamp, log.level,
// message, trace.id and span.id as lowercase hex, http.*, url.*,
// event.duration in nanoseconds, and ecs.version.
func ECS() Profile { return Profile{kind: kindECS} }

// GCP is the Google Cloud Logging profile: severity with its level names,
// message, time, logging.googleapis.com/trace as
// "projects/PROJECT/traces/TRACE_ID", logging.googleapis.com/spanId as hex,
// logging.googleapis.com/trace_sampled as a boolean,
// logging.googleapis.com/sourceLocation, and the httpRequest object of the
// LogEntry on HTTP access lines, durations as "0.042s". With an empty
// projectID the trace key holds the bare trace ID; tracelog.New rejects an
// empty project instead.
func GCP(projectID string) Profile { return Profile{kind: kindGCP, project: projectID} }

// Datadog is the Datadog profile: its reserved and standard attributes
// (status, message, dd.trace_id and dd.span_id as decimal strings of the
// low 64 bits of each ID, the form Datadog documents for OpenTelemetry
// users, http.*, network.client.ip, duration in nanoseconds, error.*).
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

// traceKeys is what the core needs of a profile on the hot path: its
// format and the names of its trace keys, resolved once.
type traceKeys struct {
	kind                         profileKind
	project                      string
	traceID, spanID, flags, smpl string
}

func (p Profile) traceKeys() traceKeys {
	k := p.Keys()
	return traceKeys{kind: p.kind, project: p.project,
		traceID: k[TraceIDKey], spanID: k[SpanIDKey], flags: k[TraceFlagsKey], smpl: k[TraceSampledKey]}
}

// numFields is how many fields the profile writes.
func (p *traceKeys) numFields() int {
	n := 0
	for _, k := range [...]string{p.traceID, p.spanID, p.flags, p.smpl} {
		if k != "" {
			n++
		}
	}
	return n
}

// appendTraceFields appends the fields of every profile for sc to dst. All
// the strings of one call share a single allocation.
func appendTraceFields(dst []zapcore.Field, profiles []traceKeys, sc trace.SpanContext) []zapcore.Field {
	var buf [256]byte
	var ends [16]int
	b := renderTrace(buf[:0], &ends, profiles, sc)
	return appendTraceStrings(dst, profiles, sc, string(b), &ends)
}

// appendTraceFieldsInto is appendTraceFields with the text of the strings
// written into text, which then backs them: the caller hands text over and
// never writes it again. When text is too small, the strings get an
// allocation of their own.
func appendTraceFieldsInto(dst []zapcore.Field, profiles []traceKeys, sc trace.SpanContext, text []byte) []zapcore.Field {
	var ends [16]int
	b := renderTrace(text[:0], &ends, profiles, sc)
	if len(b) == 0 || len(text) == 0 || &b[0] != &text[0] {
		return appendTraceStrings(dst, profiles, sc, string(b), &ends) // it did not fit
	}
	return appendTraceStrings(dst, profiles, sc, unsafe.String(&b[0], len(b)), &ends)
}

// renderTrace appends the text of every value of the profiles to b and
// records where each ends.
func renderTrace(b []byte, ends *[16]int, profiles []traceKeys, sc trace.SpanContext) []byte {
	tid, sid := sc.TraceID(), sc.SpanID()
	n := 0
	mark := func() { ends[n] = len(b); n++ }
	for _, p := range profiles {
		switch p.kind {
		case kindOTel, kindECS:
			b = hexid.Append(b, tid[:])
			mark()
			b = hexid.Append(b, sid[:])
			mark()
		case kindGCP:
			if p.project != "" {
				b = append(b, "projects/"...)
				b = append(b, p.project...)
				b = append(b, "/traces/"...)
			}
			b = hexid.Append(b, tid[:])
			mark()
			b = hexid.Append(b, sid[:])
			mark()
		case kindDatadog:
			b = strconv.AppendUint(b, binary.BigEndian.Uint64(tid[8:]), 10)
			mark()
			b = strconv.AppendUint(b, binary.BigEndian.Uint64(sid[:]), 10)
			mark()
		}
		if p.flags != "" {
			b = hexid.AppendByte(b, byte(sc.TraceFlags()))
			mark()
		}
	}
	return b
}

// appendTraceStrings appends the fields whose values are the pieces of s
// that renderTrace delimited.
func appendTraceStrings(dst []zapcore.Field, profiles []traceKeys, sc trace.SpanContext, s string, ends *[16]int) []zapcore.Field {
	i, start := 0, 0
	next := func() string {
		v := s[start:ends[i]]
		start = ends[i]
		i++
		return v
	}
	for j := range profiles {
		p := &profiles[j]
		tidText, sidText := next(), next()
		if p.traceID != "" {
			dst = append(dst, zapcore.Field{Key: p.traceID, Type: zapcore.StringType, String: tidText, Interface: libfield.Trace})
		}
		if p.spanID != "" {
			dst = append(dst, zapcore.Field{Key: p.spanID, Type: zapcore.StringType, String: sidText, Interface: libfield.Trace})
		}
		if p.flags != "" {
			dst = append(dst, zapcore.Field{Key: p.flags, Type: zapcore.StringType, String: next(), Interface: libfield.Trace})
		}
		if p.smpl != "" {
			sampled := int64(0)
			if sc.IsSampled() {
				sampled = 1
			}
			dst = append(dst, zapcore.Field{Key: p.smpl, Type: zapcore.BoolType, Integer: sampled, Interface: libfield.Trace})
		}
	}
	return dst
}
