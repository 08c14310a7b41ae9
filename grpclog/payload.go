package grpclog

import (
	"bytes"
	"encoding/json"
	"reflect"
	"unicode/utf8"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/tracelog/tracelog/redact"
)

// payload is a message as it will be logged: redacted JSON, possibly cut,
// or the Go type of a message that is not a protobuf message.
type payload struct {
	set    bool
	json   []byte
	cut    bool
	goType string
}

// capturePayload renders m for the line. It never fails: a message that
// does not encode is logged as its type.
func capturePayload(r *redact.Redactor, max int, m any) payload {
	pm, ok := m.(proto.Message)
	if !ok || m == nil {
		return payload{set: true, goType: goTypeName(m)}
	}
	raw, err := protojson.Marshal(pm)
	if err != nil {
		return payload{set: true, goType: goTypeName(m)}
	}
	out, err := redactJSON(r, raw)
	if err != nil {
		return payload{set: true, goType: goTypeName(m)}
	}
	if len(out) <= max {
		return payload{set: true, json: out}
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(out[cut]) {
		cut--
	}
	return payload{set: true, json: out[:cut], cut: true}
}

func goTypeName(m any) string {
	if m == nil {
		return "<nil>"
	}
	return reflect.TypeOf(m).String()
}

// redactJSON decodes a JSON document, masks the values of sensitive keys
// (at any depth, whatever their type) and the credentials in string values,
// and encodes it again, compact, with object keys sorted.
func redactJSON(r *redact.Redactor, raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	v = redactValue(r, v)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func redactValue(r *redact.Redactor, v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if r.SensitiveKey(k) {
				t[k] = redact.Mask
			} else {
				t[k] = redactValue(r, x)
			}
		}
	case []any:
		for i, x := range t {
			t[i] = redactValue(r, x)
		}
	case string:
		return r.String(t)
	}
	return v
}

// appendPayload appends the fields of p under the keys given.
func appendPayload(f []zapcore.Field, p *payload, contentKey, cutKey, typeKey string) []zapcore.Field {
	switch {
	case !p.set:
		return f
	case p.goType != "":
		return append(f, zap.String(typeKey, p.goType))
	case p.cut:
		return append(f, zap.ByteString(cutKey, p.json))
	default:
		return append(f, zap.Reflect(contentKey, json.RawMessage(p.json)))
	}
}
