package redact

import (
	"bytes"
	"encoding/base64"
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
		r.count.Add(1)
		if a.textual() {
			return json.Marshal(a.apply(string(raw)))
		}
		return []byte(`"` + Mask + `"`), nil
	}
	st := lineState{payload: true}
	var ns nsState
	f := zapcore.Field{Key: key, Type: zapcore.ReflectType, Interface: v}
	var repl [2]zapcore.Field
	fields := []zapcore.Field{f}
	if n, changed := r.rewriteValue(&st, &ns, &f, &repl, r.allowOn); changed {
		fields = repl[:n]
	}
	if st.count > 0 {
		r.count.Add(uint64(st.count))
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

// minBase64 is the shortest string checked as base64.
const minBase64 = 12

// scanEncoded is scan for a payload's strings: when the patterns find
// nothing in s and s is base64 (standard or URL alphabet), the bytes it
// encodes are scanned, and s is replaced by the base64 of the masked
// bytes.
func (r *Redactor) scanEncoded(s string) (string, int, bool) {
	out, n, drop := r.scan(s)
	if n > 0 || len(s) < minBase64 {
		return out, n, drop
	}
	for _, enc := range [...]*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		masked, n, drop := r.scanBytes(b)
		if n == 0 {
			return s, 0, false
		}
		return enc.EncodeToString([]byte(masked)), n, drop
	}
	return s, 0, false
}
