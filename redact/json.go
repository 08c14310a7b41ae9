package redact

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"go.uber.org/zap/zapcore"
)

// JSON returns the JSON document raw with r's rules applied exactly as a
// core applies them to a zap.Any field named key that holds the decoded
// document: keys are checked against the deny list, the paths (which start
// at key: "grpc.request.content.user.password") and the allowlist, and are
// scanned by the value patterns; every action applies (Drop removes a
// member or an element); strings and numbers are scanned; and strings in
// base64 (how protojson writes bytes fields) are checked as the bytes they
// encode. The result is compact, with object keys sorted. It returns an
// error when raw is not one JSON value. grpclog logs payloads with it.
func (r *Redactor) JSON(key string, raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("redact: JSON: more than one value")
	}
	// key is the library's (grpc.request.content): the allowlist does not
	// apply to it, the keys inside are the caller's and do get it.
	if verdict, a := r.judgeLibrary(nil, key); verdict == vRedact {
		r.addCount(1)
		if a.Textual() {
			return json.Marshal(a.Apply(string(raw)))
		}
		return []byte(`"` + Mask + `"`), nil
	}
	st := lineState{payload: true}
	var ns nsState
	f := zapcore.Field{Key: key, Type: zapcore.ReflectType, Interface: v}
	var repl [2]zapcore.Field
	fields := []zapcore.Field{f}
	if n, changed := r.rewriteValue(&st, &ns, &f, &repl, r.e.AllowOn()); changed {
		fields = repl[:n]
	}
	if st.count > 0 {
		r.addCount(st.count)
	}
	if len(fields) == 0 {
		// Dropped whole (a scalar document the patterns drop).
		return []byte(`"` + Mask + `"`), nil
	}
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{})
	// The encoder writes {"key":VALUE}: measure the prefix with an empty
	// string, then cut it and the closing brace off.
	probe, err := enc.EncodeEntry(zapcore.Entry{}, []zapcore.Field{{Key: key, Type: zapcore.StringType}})
	if err != nil {
		return nil, err
	}
	prefix := probe.Len() - len(`""}`+"\n")
	probe.Free()
	buf, err := enc.EncodeEntry(zapcore.Entry{}, fields)
	if err != nil {
		return nil, err
	}
	defer buf.Free()
	b := buf.Bytes()
	if len(b) < prefix+len("}\n") {
		return nil, errors.New("redact: JSON: unexpected encoding")
	}
	return bytes.Clone(b[prefix : len(b)-len("}\n")]), nil
}
