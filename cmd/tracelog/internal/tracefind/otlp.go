package tracefind

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
)

// This file reads OTLP JSON: the export requests of logs that the
// OpenTelemetry Collector's file exporter writes, one a line
// ({"resourceLogs":[...]}). Each log record of a request is read as one
// line in tracelog's keys (see [OTelRecord.AppendLine]), so grep, tree and
// stats work behind any pipeline that can write these files.

// otlpPrefix starts every OTLP JSON request of logs.
const otlpPrefix = `"resourceLogs"`

// isOTLPLogs reports whether line is an OTLP JSON request of logs, by its
// first key.
func isOTLPLogs(line []byte) bool {
	line = bytes.TrimLeft(line, " \t\r\n")
	if len(line) == 0 || line[0] != '{' {
		return false
	}
	return bytes.HasPrefix(bytes.TrimLeft(line[1:], " \t\r\n"), []byte(otlpPrefix))
}

// The OTLP JSON encoding of logs, the fields read.
type (
	otlpRequest struct {
		ResourceLogs []struct {
			Resource struct {
				Attributes []otlpKV `json:"attributes"`
			} `json:"resource"`
			ScopeLogs []struct {
				LogRecords []otlpRecord `json:"logRecords"`
			} `json:"scopeLogs"`
		} `json:"resourceLogs"`
	}
	otlpRecord struct {
		TimeUnixNano         json.RawMessage `json:"timeUnixNano"`
		ObservedTimeUnixNano json.RawMessage `json:"observedTimeUnixNano"`
		SeverityNumber       int             `json:"severityNumber"`
		SeverityText         string          `json:"severityText"`
		Body                 *otlpValue      `json:"body"`
		Attributes           []otlpKV        `json:"attributes"`
		TraceID              string          `json:"traceId"`
		SpanID               string          `json:"spanId"`
	}
	otlpKV struct {
		Key   string    `json:"key"`
		Value otlpValue `json:"value"`
	}
	otlpValue struct {
		StringValue *string         `json:"stringValue"`
		BoolValue   *bool           `json:"boolValue"`
		IntValue    json.RawMessage `json:"intValue"` // a string of digits, or a number
		DoubleValue json.RawMessage `json:"doubleValue"`
		BytesValue  *string         `json:"bytesValue"` // base64
		ArrayValue  *struct {
			Values []otlpValue `json:"values"`
		} `json:"arrayValue"`
		KvlistValue *struct {
			Values []otlpKV `json:"values"`
		} `json:"kvlistValue"`
	}
)

// maxOTLPDepth bounds the nesting of arrays and maps in a value; deeper
// values are written as null.
const maxOTLPDepth = 32

// appendValue appends v as a JSON value: strings, booleans and numbers as
// they are, arrays as arrays, maps as objects, bytes as their base64
// string; an empty value is null.
func (v *otlpValue) appendValue(dst []byte, depth int) []byte {
	switch {
	case depth > maxOTLPDepth:
	case v.StringValue != nil:
		return appendJSONString(dst, *v.StringValue)
	case v.BoolValue != nil:
		return strconv.AppendBool(dst, *v.BoolValue)
	case len(v.IntValue) > 0:
		return appendNumber(dst, v.IntValue)
	case len(v.DoubleValue) > 0:
		return appendNumber(dst, v.DoubleValue)
	case v.BytesValue != nil:
		return appendJSONString(dst, *v.BytesValue)
	case v.ArrayValue != nil:
		dst = append(dst, '[')
		for i := range v.ArrayValue.Values {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = v.ArrayValue.Values[i].appendValue(dst, depth+1)
		}
		return append(dst, ']')
	case v.KvlistValue != nil:
		dst = append(dst, '{')
		for i := range v.KvlistValue.Values {
			kv := &v.KvlistValue.Values[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(appendJSONString(dst, kv.Key), ':')
			dst = kv.Value.appendValue(dst, depth+1)
		}
		return append(dst, '}')
	}
	return append(dst, "null"...)
}

// appendNumber appends an OTLP number, given as a JSON number or a string
// of one (64-bit integers are strings in OTLP JSON); anything else, such
// as "NaN", is kept as a string.
func appendNumber(dst, raw []byte) []byte {
	s := raw
	if len(s) >= 2 && s[0] == '"' {
		s = s[1 : len(s)-1]
	}
	if _, err := strconv.ParseFloat(string(s), 64); err == nil && json.Valid(s) {
		return append(dst, s...)
	}
	return appendJSONString(dst, string(s))
}

// unixNano reads an OTLP time: nanoseconds since the epoch, as a string
// or a number. ok is false for a missing or zero time.
func unixNano(raw json.RawMessage) (time.Time, bool) {
	s := bytes.Trim(raw, `"`)
	n, err := strconv.ParseInt(string(s), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(0, n).UTC(), true
}

// otlpReader expands OTLP JSON requests of logs into lines, reusing its
// memory from one request to the next.
type otlpReader struct {
	rec OTelRecord
	buf []byte
}

// expand calls fn with each log record of the request in line, as a line
// in tracelog's keys (valid until fn returns): the resource's attributes
// come before the record's. It returns an error, and calls fn for no
// record, when line is not a valid request.
func (o *otlpReader) expand(line []byte, fn func(rec []byte)) error {
	var req otlpRequest
	if err := json.Unmarshal(line, &req); err != nil {
		return err
	}
	for ri := range req.ResourceLogs {
		rl := &req.ResourceLogs[ri]
		res := kvFields(nil, rl.Resource.Attributes)
		for si := range rl.ScopeLogs {
			for li := range rl.ScopeLogs[si].LogRecords {
				r := &rl.ScopeLogs[si].LogRecords[li]
				o.rec = OTelRecord{
					Severity:       r.SeverityText,
					SeverityNumber: r.SeverityNumber,
					TraceID:        r.TraceID,
					SpanID:         r.SpanID,
					Attrs:          kvFields(append(o.rec.Attrs[:0], res...), r.Attributes),
				}
				if t, ok := unixNano(r.TimeUnixNano); ok {
					o.rec.Time = t
				} else if t, ok := unixNano(r.ObservedTimeUnixNano); ok {
					o.rec.Time = t
				}
				if r.Body != nil {
					o.rec.Body = r.Body.appendValue(nil, 0)
				}
				o.buf = o.rec.AppendLine(o.buf[:0])
				fn(o.buf)
			}
		}
	}
	return nil
}

// kvFields appends the attributes to dst as fields with JSON values.
func kvFields(dst []Field, kvs []otlpKV) []Field {
	for i := range kvs {
		dst = append(dst, Field{Key: []byte(kvs[i].Key), Value: kvs[i].Value.appendValue(nil, 0)})
	}
	return dst
}
