package httplog

import (
	"context"
	"net/http"
	"strconv"
	"time"
	"unsafe"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/accessfields"
	"github.com/tracelog/tracelog/internal/hop"
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

// loggedHeader is an allowlisted header found on a request or response:
// its value (the first one, where the profile writes the values as an
// array, and more holds the others; else all of them joined).
type loggedHeader struct {
	key, value string
	more       []string
}

// serverLine holds the values of a server access line.
type serverLine struct {
	traceHeader [1]string // backing array of the trace header's value
	fields      [2]zap.Field
	keys        *lineKeys

	method, route, path, query   string
	client, userAgent, proto     string
	parent, panicVal, panicStack string
	status                       int
	duration                     time.Duration
	reqSize, respSize            int64 // reqSize < 0: unknown
	hasQuery, panicked           bool
	headers                      []loggedHeader
	extra                        accessfields.Context // the request's context, with AddFields' fields
	hop                          hop.Node             // the request's context node of the hop's span
}

var _ libfield.LibraryLine = (*serverLine)(nil)

// LibraryLine marks the line as the library's own: package redact lets
// its keys pass allowlists (the deny list and value patterns still apply).
func (*serverLine) LibraryLine() {}

// MarshalLogObject writes the line's keys, in the order of the package
// documentation's table (see writeParts).
func (l *serverLine) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	writeParts(enc, l.keys.group, l)
	return nil
}

// marshal writes the keys of part.
func (l *serverLine) marshal(enc zapcore.ObjectEncoder, part int) {
	lk := l.keys
	k := lk.k
	if lk.in(part, logger.HTTPMethodKey) {
		enc.AddString(k[logger.HTTPMethodKey], l.method)
	}
	if l.route != "" && lk.in(part, logger.HTTPRouteKey) {
		enc.AddString(k[logger.HTTPRouteKey], l.route)
	}
	if lk.in(part, logger.URLPathKey) {
		enc.AddString(k[logger.URLPathKey], l.path)
	}
	if l.hasQuery && lk.in(part, logger.URLQueryKey) {
		enc.AddString(k[logger.URLQueryKey], l.query)
	}
	if lk.in(part, logger.HTTPStatusKey) {
		enc.AddInt(k[logger.HTTPStatusKey], l.status)
	}
	if lk.in(part, logger.DurationKey) {
		enc.AddDuration(k[logger.DurationKey], l.duration)
	}
	if l.reqSize >= 0 && lk.in(part, logger.HTTPRequestSizeKey) {
		enc.AddInt64(k[logger.HTTPRequestSizeKey], l.reqSize)
	}
	if lk.in(part, logger.HTTPResponseSizeKey) {
		enc.AddInt64(k[logger.HTTPResponseSizeKey], l.respSize)
	}
	if lk.in(part, logger.ClientAddressKey) {
		enc.AddString(k[logger.ClientAddressKey], l.client)
	}
	if lk.in(part, logger.UserAgentKey) {
		enc.AddString(k[logger.UserAgentKey], l.userAgent)
	}
	if lk.in(part, logger.ProtocolKey) {
		enc.AddString(k[logger.ProtocolKey], lk.protocol(l.proto))
	}
	if part == partGroup {
		return
	}
	if l.status >= 500 && k[logger.ErrorClassKey] != "" {
		// An error for a server, as OpenTelemetry's HTTP conventions have
		// it; 4xx are the client's.
		enc.AddString(k[logger.ErrorClassKey], statusText(l.status))
	}
	if l.parent != "" {
		enc.AddString(k[logger.ParentSpanIDKey], l.parent)
	}
	for i := range l.headers {
		lk.writeHeader(enc, &l.headers[i])
	}
	if l.panicked {
		enc.AddString(k[logger.PanicKey], l.panicVal)
		if l.panicStack != "" {
			enc.AddString(k[logger.PanicStackKey], l.panicStack)
		}
	}
}

// write logs the line through ce with the trace of ctx, and the fields
// handlers added (AddFields) after the line's own, as fields of their own:
// the logger's redaction sees them as it sees any field.
func (l *serverLine) write(ce *zapcore.CheckedEntry, ctx context.Context, extra []zap.Field) {
	l.fields = [2]zap.Field{logger.Context(ctx), zap.Inline(l)}
	if len(extra) == 0 {
		ce.Write(l.fields[:]...)
		return
	}
	ce.Write(append(l.fields[:len(l.fields):len(l.fields)], extra...)...)
}

// clientLine holds the values of a client line.
type clientLine struct {
	fields [2]zap.Field
	keys   *lineKeys
	parent [16]byte // the caller's span ID in hex, when hasParent

	method, server, route, path, query, err string
	errKind                                 string // the kind of err
	status, port                            int    // port 0: none in the URL
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

// MarshalLogObject writes the line's keys, as serverLine's does.
func (l *clientLine) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	writeParts(enc, l.keys.group, l)
	return nil
}

// marshal writes the keys of part.
func (l *clientLine) marshal(enc zapcore.ObjectEncoder, part int) {
	lk := l.keys
	k := lk.k
	if lk.in(part, logger.HTTPMethodKey) {
		enc.AddString(k[logger.HTTPMethodKey], l.method)
	}
	if lk.in(part, logger.ServerAddressKey) {
		enc.AddString(k[logger.ServerAddressKey], l.server)
	}
	if l.port != 0 && lk.in(part, logger.ServerPortKey) {
		enc.AddInt(k[logger.ServerPortKey], l.port)
	}
	if l.route != "" && lk.in(part, logger.HTTPRouteKey) {
		enc.AddString(k[logger.HTTPRouteKey], l.route)
	}
	if lk.in(part, logger.URLPathKey) {
		enc.AddString(k[logger.URLPathKey], l.path)
	}
	if l.hasQuery && lk.in(part, logger.URLQueryKey) {
		enc.AddString(k[logger.URLQueryKey], l.query)
	}
	if l.hasResp && lk.in(part, logger.HTTPStatusKey) {
		enc.AddInt(k[logger.HTTPStatusKey], l.status)
	}
	if lk.in(part, logger.DurationKey) {
		enc.AddDuration(k[logger.DurationKey], l.duration)
	}
	if l.reqSize >= 0 && lk.in(part, logger.HTTPRequestSizeKey) {
		enc.AddInt64(k[logger.HTTPRequestSizeKey], l.reqSize)
	}
	if l.hasResp && lk.in(part, logger.HTTPResponseSizeKey) {
		enc.AddInt64(k[logger.HTTPResponseSizeKey], l.respSize)
	}
	if part == partGroup {
		return
	}
	if l.err != "" {
		enc.AddString(k[logger.ErrorKey], l.err)
		enc.AddString(k[logger.ErrorKindKey], l.errKind)
	}
	if k[logger.ErrorClassKey] != "" {
		// The class of a failure: a status that is an error for a client
		// (4xx, 5xx), else the error of a request that got no response
		// or whose body failed.
		switch {
		case l.hasResp && l.status >= 400:
			enc.AddString(k[logger.ErrorClassKey], statusText(l.status))
		case l.err != "":
			enc.AddString(k[logger.ErrorClassKey], l.errKind)
		}
	}
	if l.hasDNS {
		enc.AddDuration(k[logger.DNSKey], l.dns)
	}
	if l.hasConnect {
		enc.AddDuration(k[logger.ConnectKey], l.connect)
	}
	if l.hasTLS {
		enc.AddDuration(k[logger.TLSKey], l.tls)
	}
	if l.hasTTFB {
		enc.AddDuration(k[logger.TTFBKey], l.ttfb)
	}
	if l.gotConn {
		enc.AddBool(k[logger.ConnReusedKey], l.reused)
	}
	if l.hasParent {
		// The text lives in the line, which is never changed once
		// logged: no copy is made.
		enc.AddString(k[logger.ParentSpanIDKey], unsafe.String(&l.parent[0], len(l.parent)))
	}
	for i := range l.headers {
		lk.writeHeader(enc, &l.headers[i])
	}
}

// write logs the line through ce with the trace of ctx.
func (l *clientLine) write(ce *zapcore.CheckedEntry, ctx context.Context) {
	l.fields = [2]zap.Field{logger.Context(ctx), zap.Inline(l)}
	ce.Write(l.fields[:]...)
}

// statusText returns a status code in decimal ("503"), the error class of
// a failed request, without allocating for the codes net/http accepts.
func statusText(code int) string {
	if code >= 100 && code <= 999 {
		i := (code - 100) * 3
		return statusTexts[i : i+3]
	}
	return strconv.Itoa(code)
}

// statusTexts holds the three digits of every code from 100 to 999, in
// order.
var statusTexts = func() string {
	b := make([]byte, 0, 900*3)
	for c := 100; c <= 999; c++ {
		b = strconv.AppendInt(b, int64(c), 10)
	}
	return string(b)
}()

// headers returns the configured headers found in hdr, masked and cut,
// appended to dst (which is allocated only when one is found).
func (c *config) headers(dst []loggedHeader, hs []header, hdr http.Header) []loggedHeader {
	for _, h := range hs {
		vals := hdr[h.name]
		if len(vals) == 0 {
			continue
		}
		if dst == nil {
			dst = make([]loggedHeader, 0, len(c.reqHeaders)+len(c.respHeaders))
		}
		dst = append(dst, c.header(h, vals))
	}
	return dst
}

// header returns the logged values of header h: each masked, then cut so
// that together they stay within the value limit (a cut value ends with
// TruncateMark, and the values after it are left out) when the profile
// writes them one by one; else joined, masked and cut.
func (c *config) header(h header, vals []string) loggedHeader {
	if !c.headerArrays || len(vals) == 1 {
		v := vals[0]
		if len(vals) > 1 {
			v = joinValues(vals)
		}
		return loggedHeader{key: h.key, value: clean(c.redactor.Header(h.name, v), c.maxValue)}
	}
	out := loggedHeader{key: h.key}
	left := c.maxValue
	for i, v := range vals {
		if left <= 0 {
			break
		}
		v = clean(c.redactor.Header(h.name, v), left)
		left -= len(v)
		if i == 0 {
			out.value = v
			continue
		}
		if out.more == nil {
			out.more = make([]string, 0, len(vals)-1)
		}
		out.more = append(out.more, v)
	}
	return out
}
