package httplog

import (
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/logger"
)

// lineKeys are the names of the access lines' keys in the profile of the
// logger they are written to (see logger.Profile), resolved once per
// middleware or transport: a line reads them through one pointer.
type lineKeys struct {
	k            *logger.Keys
	group        string // the object holding the request keys (GCP's httpRequest), or ""
	fullProto    bool   // "HTTP/1.1" rather than "1.1"
	tracebacks   bool   // a panic's stack as a Go traceback (Profile.TracebackStacks)
	headerArrays bool   // a header's values as an array (Profile.HeaderArrays)
}

func newLineKeys(log *zap.Logger) *lineKeys {
	p := logger.ProfileOf(log)
	return &lineKeys{k: p.Keys(), group: p.HTTPGroup(), fullProto: p.FullProtocol(),
		tracebacks: p.TracebackStacks(), headerArrays: p.HeaderArrays()}
}

// Parts of an access line: every key, only those of the group object,
// only those outside it.
const (
	partAll = iota
	partGroup
	partRest
)

// A partWriter writes the keys of one part of an access line.
type partWriter interface {
	marshal(enc zapcore.ObjectEncoder, part int)
}

// writeParts writes every key of a line: the request keys in the
// profile's group object first when it has one (GCP's httpRequest), then
// the others; all at the top level otherwise.
func writeParts(enc zapcore.ObjectEncoder, group string, w partWriter) {
	if group == "" {
		w.marshal(enc, partAll)
		return
	}
	_ = enc.AddObject(group, groupPart{w})
	w.marshal(enc, partRest)
}

// groupPart is the group object of a line.
type groupPart struct{ w partWriter }

func (g groupPart) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	g.w.marshal(enc, partGroup)
	return nil
}

// in reports whether key k is written in part.
func (lk *lineKeys) in(part int, k logger.Key) bool {
	if part == partAll {
		return true // every profile but GCP's: one comparison a key
	}
	return logger.InHTTPGroup(k) == (part == partGroup)
}

// protocol returns what the protocol key holds for proto ("HTTP/1.1"):
// proto itself, or its version ("1.1", "2") as OpenTelemetry's
// network.protocol.version and ECS's http.version have it.
func (lk *lineKeys) protocol(proto string) string {
	if lk.fullProto {
		return proto
	}
	v, ok := strings.CutPrefix(proto, "HTTP/")
	if !ok {
		return proto
	}
	switch v {
	case "2.0":
		return "2"
	case "3.0":
		return "3"
	}
	return v
}

// writeHeader writes a logged header: an array of its values where the
// profile has one (OpenTelemetry's string[]), else its one value.
func (lk *lineKeys) writeHeader(enc zapcore.ObjectEncoder, h *loggedHeader) {
	if lk.headerArrays {
		_ = enc.AddArray(h.key, (*headerValues)(h))
		return
	}
	enc.AddString(h.key, h.value)
}

// headerValues writes the values of a logged header as an array.
type headerValues loggedHeader

func (h *headerValues) MarshalLogArray(enc zapcore.ArrayEncoder) error {
	enc.AppendString(h.value)
	for _, v := range h.more {
		enc.AppendString(v)
	}
	return nil
}

// withKeys returns the headers hs keyed under the profile's prefix in
// place of the default one.
func withKeys(hs []header, defaultPrefix, prefix string) []header {
	if defaultPrefix == prefix || len(hs) == 0 {
		return hs
	}
	out := make([]header, len(hs))
	for i, h := range hs {
		out[i] = header{name: h.name, key: prefix + strings.TrimPrefix(h.key, defaultPrefix)}
	}
	return out
}

// forProfile returns a copy of c whose header keys and values follow lk.
func (c *config) forProfile(lk *lineKeys) *config {
	cc := *c
	cc.headerArrays = lk.headerArrays
	cc.reqHeaders = withKeys(c.reqHeaders, KeyRequestHeaderPrefix, lk.k[logger.RequestHeaderPrefixKey])
	cc.respHeaders = withKeys(c.respHeaders, KeyResponseHeaderPrefix, lk.k[logger.ResponseHeaderPrefixKey])
	return &cc
}
