package source

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// VictoriaLogs' own fields of an answer line.
const (
	vlTime     = "_time"
	vlMsg      = "_msg"
	vlStream   = "_stream"
	vlStreamID = "_stream_id"
	// What its OpenTelemetry ingestion makes of a record's severity.
	vlSeverityText   = "severity_text"
	vlSeverityNumber = "severity_number"
)

// idKeys hold IDs: their values stay strings, even all digits.
var idKeys = map[string]bool{
	tracefind.KeyTraceID: true, tracefind.KeySpanID: true, tracefind.KeyParentSpanID: true,
	tracefind.KeyECSTraceID: true, tracefind.KeyECSSpanID: true,
	tracefind.KeyGCPTrace: true, tracefind.KeyGCPSpanID: true,
}

// vlRow converts one answer line, reusing its memory.
type vlRow struct {
	rec  tracefind.Record
	otel tracefind.OTelRecord
}

var errNotObject = errors.New("not a JSON object")

// convert appends the line in tracelog's keys to dst: _time is the time,
// _msg the message, severity_text (or severity_number) the level, and the
// other fields are attributes (tracefind.OTelRecord.AppendLine), less
// _stream and _stream_id. VictoriaLogs stores every value as a string: a
// value that is a JSON number, array or object is written as one (a
// duration is a number of milliseconds), except under the ID keys.
func (v *vlRow) convert(line, dst []byte) ([]byte, error) {
	if len(line) == 0 || line[0] != '{' {
		return nil, errNotObject
	}
	if err := v.rec.Parse(line, true); err != nil {
		return nil, err
	}
	v.otel = tracefind.OTelRecord{Attrs: v.otel.Attrs[:0]}
	for _, f := range v.rec.Fields {
		key := string(f.Key)
		s, ok := tracefind.DecodeString(f.Value)
		if !ok {
			s = string(f.Value) // not a string: kept as it is
		}
		switch key {
		case vlTime:
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return nil, fmt.Errorf("_time %q: not RFC 3339", s)
			}
			v.otel.Time = t
		case vlMsg:
			v.otel.Body = f.Value
		case vlSeverityText:
			v.otel.Severity = s
		case vlSeverityNumber:
			v.otel.SeverityNumber, _ = strconv.Atoi(s)
		case vlStream, vlStreamID:
		default:
			val := f.Value
			if ok && !idKeys[key] && typed(s) {
				val = []byte(s)
			}
			v.otel.Attrs = append(v.otel.Attrs, tracefind.Field{Key: f.Key, Value: val})
		}
	}
	return v.otel.AppendLine(dst), nil
}

// typed reports whether a stored string is a JSON number, array or object,
// which the line held as such.
func typed(s string) bool {
	if s == "" {
		return false
	}
	switch c := s[0]; {
	case c == '-' || ('0' <= c && c <= '9'):
		_, err := strconv.ParseFloat(s, 64)
		return err == nil && json.Valid([]byte(s))
	case c == '[' || c == '{':
		return json.Valid([]byte(s))
	}
	return false
}
