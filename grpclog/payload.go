package grpclog

import (
	"encoding/json"
	"reflect"
	"unicode/utf8"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/tracelog/tracelog/redact"
)

// payload is a message captured for the line: its protojson encoding, not
// yet redacted (the rules apply when the line is written, where the key
// the payload goes under, the root of its paths, is known), or the Go type
// of a message that is not a protobuf message or does not encode.
type payload struct {
	set    bool
	raw    []byte
	r      *redact.Redactor
	max    int
	goType string
}

// capturePayload encodes m for the line. It never fails: a message that
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
	return payload{set: true, raw: raw, r: r, max: max, goType: goTypeName(m)}
}

func goTypeName(m any) string {
	if m == nil {
		return "<nil>"
	}
	return reflect.TypeOf(m).String()
}

// appendPayload appends the fields of p under the keys given: the JSON
// redacted by the redactor's engine as a field named contentKey would be
// (every key, path and pattern rule with its action; bytes fields checked
// as bytes), then cut to the limit, in that order.
func appendPayload(f []zapcore.Field, p *payload, contentKey, cutKey, typeKey string) []zapcore.Field {
	if !p.set {
		return f
	}
	if p.raw == nil {
		return append(f, zap.String(typeKey, p.goType))
	}
	out, err := p.r.JSON(contentKey, p.raw)
	if err != nil {
		return append(f, zap.String(typeKey, p.goType))
	}
	if len(out) <= p.max {
		return append(f, zap.Reflect(contentKey, json.RawMessage(out)))
	}
	cut := p.max
	for cut > 0 && !utf8.RuneStart(out[cut]) {
		cut--
	}
	return append(f, zap.ByteString(cutKey, out[:cut]))
}
