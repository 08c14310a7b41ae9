package httplog

import (
	"context"
	"net/http"
	"time"
	"unsafe"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/libfield"
	"github.com/tracelog/tracelog/logger"
)

// The values of an access line are written through one zap.Inline field
// (next to the logger.Context field) rather than as a dozen fields: the
// tracelog core copies a line's fields to put the trace fields in front,
// so one field instead of sixteen spares a kilobyte per line, and no
// zap.Field is built per key. The encoded line is the same: the keys sit
// at the top level. A line value is made per request and never changed
// once logged, because a core may keep a line's fields and encode them
// later (zaptest/observer does; its ContextMap shows the keys flattened).

// loggedHeader is an allowlisted header found on a request or response.
type loggedHeader struct{ key, value string }

// serverLine holds the values of a server access line.
type serverLine struct {
	traceHeader [1]string // backing array of the trace header's value
	fields      [2]zap.Field

	method, route, path, query   string
	client, userAgent, proto     string
	parent, panicVal, panicStack string
	status                       int
	duration                     time.Duration
	reqSize, respSize            int64 // reqSize < 0: unknown
	hasQuery, panicked           bool
	headers                      []loggedHeader
}

var _ libfield.LibraryLine = (*serverLine)(nil)

// LibraryLine marks the line as the library's own: package redact lets
// its keys pass allowlists (the deny list and value patterns still apply).
func (*serverLine) LibraryLine() {}

// MarshalLogObject writes the line's keys, in the order of the package
// documentation's table.
func (l *serverLine) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddString(KeyMethod, l.method)
	if l.route != "" {
		enc.AddString(KeyRoute, l.route)
	}
	enc.AddString(KeyPath, l.path)
	if l.hasQuery {
		enc.AddString(KeyQuery, l.query)
	}
	enc.AddInt(KeyStatus, l.status)
	enc.AddDuration(KeyDuration, l.duration)
	if l.reqSize >= 0 {
		enc.AddInt64(KeyRequestSize, l.reqSize)
	}
	enc.AddInt64(KeyResponseSize, l.respSize)
	enc.AddString(KeyClientAddress, l.client)
	enc.AddString(KeyUserAgent, l.userAgent)
	enc.AddString(KeyProto, l.proto)
	if l.parent != "" {
		enc.AddString(KeyParentSpanID, l.parent)
	}
	for _, h := range l.headers {
		enc.AddString(h.key, h.value)
	}
	if l.panicked {
		enc.AddString(KeyPanic, l.panicVal)
		if l.panicStack != "" {
			enc.AddString(KeyPanicStack, l.panicStack)
		}
	}
	return nil
}

// write logs the line through ce with the trace of ctx.
func (l *serverLine) write(ce *zapcore.CheckedEntry, ctx context.Context) {
	l.fields = [2]zap.Field{logger.Context(ctx), zap.Inline(l)}
	ce.Write(l.fields[:]...)
}

// clientLine holds the values of a client line.
type clientLine struct {
	fields [2]zap.Field
	parent [16]byte // the caller's span ID in hex, when hasParent

	method, server, route, path, query, err string
	status                                  int
	duration, dns, connect, tls, ttfb       time.Duration
	reqSize, respSize                       int64 // reqSize < 0: unknown
	hasQuery, hasResp, hasDNS, hasConnect   bool
	hasTLS, hasTTFB, gotConn, reused        bool
	hasParent                               bool
	headers                                 []loggedHeader
}

var _ libfield.LibraryLine = (*clientLine)(nil)

// LibraryLine marks the line as the library's own (see serverLine's).
func (*clientLine) LibraryLine() {}

// MarshalLogObject writes the line's keys.
func (l *clientLine) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddString(KeyMethod, l.method)
	enc.AddString(KeyServerAddress, l.server)
	if l.route != "" {
		enc.AddString(KeyRoute, l.route)
	}
	enc.AddString(KeyPath, l.path)
	if l.hasQuery {
		enc.AddString(KeyQuery, l.query)
	}
	if l.hasResp {
		enc.AddInt(KeyStatus, l.status)
	}
	enc.AddDuration(KeyDuration, l.duration)
	if l.reqSize >= 0 {
		enc.AddInt64(KeyRequestSize, l.reqSize)
	}
	if l.hasResp {
		enc.AddInt64(KeyResponseSize, l.respSize)
	}
	if l.err != "" {
		enc.AddString(KeyError, l.err)
	}
	if l.hasDNS {
		enc.AddDuration(KeyDNS, l.dns)
	}
	if l.hasConnect {
		enc.AddDuration(KeyConnect, l.connect)
	}
	if l.hasTLS {
		enc.AddDuration(KeyTLS, l.tls)
	}
	if l.hasTTFB {
		enc.AddDuration(KeyTTFB, l.ttfb)
	}
	if l.gotConn {
		enc.AddBool(KeyConnReused, l.reused)
	}
	if l.hasParent {
		// The text lives in the line, which is never changed once
		// logged: no copy is made.
		enc.AddString(KeyParentSpanID, unsafe.String(&l.parent[0], len(l.parent)))
	}
	for _, h := range l.headers {
		enc.AddString(h.key, h.value)
	}
	return nil
}

// write logs the line through ce with the trace of ctx.
func (l *clientLine) write(ce *zapcore.CheckedEntry, ctx context.Context) {
	l.fields = [2]zap.Field{logger.Context(ctx), zap.Inline(l)}
	ce.Write(l.fields[:]...)
}

// headers returns the configured headers found in hdr, masked and cut,
// appended to dst (which is allocated only when one is found).
func (c *config) headers(dst []loggedHeader, hs []header, hdr http.Header) []loggedHeader {
	for _, h := range hs {
		vals := hdr[h.name]
		if len(vals) == 0 {
			continue
		}
		v := vals[0]
		if len(vals) > 1 {
			v = joinValues(vals)
		}
		if dst == nil {
			dst = make([]loggedHeader, 0, len(c.reqHeaders)+len(c.respHeaders))
		}
		dst = append(dst, loggedHeader{key: h.key, value: clean(c.redactor.Header(h.name, v), c.maxValue)})
	}
	return dst
}
