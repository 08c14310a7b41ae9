package tracefind

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// An OTelRecord is a log record in OpenTelemetry's terms, as an OTLP file
// or a log store fed over OTLP holds it. [OTelRecord.AppendLine] writes it
// as a line in tracelog's keys, the form the rest of this package reads, so
// a record and the stdout line it was exported from read alike.
type OTelRecord struct {
	// Time is the record's time; zero when it has none.
	Time time.Time
	// Severity is the severity text ("error"); when empty, SeverityNumber
	// (1 to 24) names the level.
	Severity       string
	SeverityNumber int
	// Body is the body as a raw JSON value, nil when there is none.
	Body []byte
	// TraceID and SpanID are hex, empty when the record has none.
	TraceID, SpanID string
	// Attrs are the resource's attributes, then the record's, with raw
	// JSON values; see AppendLine for the keys that are renamed or left
	// out.
	Attrs []Field
}

// Keys of OpenTelemetry's semantic conventions that AppendLine writes back
// in tracelog's names, and keys it leaves out because they describe the
// exporter, not the line.
const (
	otelCodeFile    = "code.file.path"
	otelCodeFileOld = "code.filepath"
	otelCodeLine    = "code.line.number"
	otelCodeLineOld = "code.lineno"
)

// droppedAttr reports whether an attribute describes the exporter rather
// than the line: the SDK (telemetry.sdk.*), the instrumentation scope
// (scope.*, as VictoriaLogs stores it) and the calling function (the line
// names its caller by file and line).
func droppedAttr(key string) bool {
	return strings.HasPrefix(key, "telemetry.sdk.") || strings.HasPrefix(key, "scope.") ||
		key == "code.function" || key == "code.function.name" || key == "code.namespace"
}

// severityNames names the OpenTelemetry severity numbers' ranges, four
// numbers each, from 1.
var severityNames = [...]string{"trace", "debug", "info", "warn", "error", "fatal"}

// AppendLine appends the record to dst as one JSON object in tracelog's
// keys, without a line ending: time (RFC 3339, nanoseconds), level (the
// severity text, else the name of the severity number's range), msg (the
// body), the attributes in order, trace_id and span_id. Attributes are
// written as they are (code.stacktrace included), except:
//
//	| attribute                              | written as                     |
//	|----------------------------------------|--------------------------------|
//	| code.file.path (code.filepath)         | code.file.path, "DIR/FILE.go", |
//	|                                        | as the OTel profile writes it  |
//	| code.lineno                            | code.line.number               |
//	| telemetry.sdk.*, scope.*,              | left out                       |
//	| code.function(.name), code.namespace   |                                |
//	| a key AppendLine already wrote         | left out (the first wins)      |
func (r *OTelRecord) AppendLine(dst []byte) []byte {
	w := lineWriter{buf: append(dst, '{')}
	if !r.Time.IsZero() {
		w.str(KeyTime, r.Time.UTC().Format(time.RFC3339Nano))
	}
	switch {
	case r.Severity != "":
		w.str(KeyLevel, r.Severity)
	case r.SeverityNumber >= 1 && r.SeverityNumber <= 4*len(severityNames):
		w.str(KeyLevel, severityNames[(r.SeverityNumber-1)/4])
	}
	if len(r.Body) > 0 {
		w.raw(KeyMessage, r.Body)
	}
	var file string
	for _, a := range r.Attrs {
		k := string(a.Key)
		switch {
		case k == otelCodeFile || k == otelCodeFileOld:
			// The bridge exports the whole path; the OTel profile's lines
			// hold zap's short form (the file and its directory).
			file, _ = DecodeString(a.Value)
			w.str(otelCodeFile, shortCaller(file, ""))
		case k == otelCodeLine || k == otelCodeLineOld:
			w.raw(otelCodeLine, []byte(strings.Trim(string(a.Value), `"`)))
		case !droppedAttr(k):
			w.raw(k, a.Value)
		}
	}
	if r.TraceID != "" {
		w.str(KeyTraceID, r.TraceID)
	}
	if r.SpanID != "" {
		w.str(KeySpanID, r.SpanID)
	}
	return append(w.buf, '}')
}

// shortCaller is zap's short caller form of a path and a line number: the
// file and its directory.
func shortCaller(file, line string) string {
	if i := strings.LastIndexByte(file, '/'); i >= 0 {
		if j := strings.LastIndexByte(file[:i], '/'); j >= 0 {
			file = file[j+1:]
		}
	}
	if line == "" {
		return file
	}
	return file + ":" + line
}

// lineWriter writes the members of one JSON object, each key once.
type lineWriter struct {
	buf  []byte
	keys []string
}

func (w *lineWriter) key(k string) bool {
	for _, seen := range w.keys {
		if seen == k {
			return false
		}
	}
	w.keys = append(w.keys, k)
	if len(w.buf) > 0 && w.buf[len(w.buf)-1] != '{' {
		w.buf = append(w.buf, ',')
	}
	w.buf = appendJSONString(w.buf, k)
	w.buf = append(w.buf, ':')
	return true
}

func (w *lineWriter) str(k, v string) {
	if w.key(k) {
		w.buf = appendJSONString(w.buf, v)
	}
}

// raw writes a raw JSON value; one that is not valid JSON is written as a
// string, so the line stays valid whatever the input.
func (w *lineWriter) raw(k string, v []byte) {
	if !w.key(k) {
		return
	}
	if len(v) > 0 && json.Valid(v) {
		w.buf = append(w.buf, bytes.TrimSpace(v)...)
		return
	}
	w.buf = appendJSONString(w.buf, string(v))
}

// appendJSONString appends s as a JSON string.
func appendJSONString(dst []byte, s string) []byte {
	b, err := json.Marshal(s)
	if err != nil { // cannot happen for a string
		return strconv.AppendQuote(dst, s)
	}
	return append(dst, b...)
}
