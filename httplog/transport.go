package httplog

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/errkey"
	"github.com/tracelog/tracelog/internal/hexid"
	"github.com/tracelog/tracelog/internal/hop"
	"github.com/tracelog/tracelog/logger"
)

// NewTransport returns a RoundTripper that gives every request a span of
// its own, sends it through base (http.DefaultTransport when nil) with that
// span's trace context injected in its headers (traceparent, tracestate,
// baggage with the default propagator), and writes one line to log per
// request (see the package documentation for the keys). A nil log means
// logger.Default() as it is when NewTransport is called.
//
// The request's span is a child of the caller's span (the one in the
// request's context): the tracing SDK's client span when an SDK is behind
// the tracer provider (see [WithTracerProvider]), a span ID of its own
// otherwise. Each round trip is one request: every retry and every
// redirect gets its own span, so the callee's parent_span_id names exactly
// one client line. A request from a context with no span (a background
// job) starts a trace, logs it and sends it. The client line's span_id is
// the request's span and its parent_span_id the caller's.
//
// The line is written when the response is done with: when its body has
// been read to the end or closed, or at once when the round trip failed or
// the response has no body. Its duration and response size so cover the
// body; a response whose body is neither read to the end nor closed (which
// leaks its connection anyway) is never logged.
//
// The caller's request is never modified: headers are injected into a
// copy. Inside otelhttp.NewTransport, otelhttp's client span (recording,
// with an SDK) is the request's span, injected as otelhttp does. Outside
// it, otelhttp then injects its own client span, a child of the one
// logged, which no line names.
func NewTransport(base http.RoundTripper, log *zap.Logger, opts ...Option) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if log == nil {
		log = logger.Default()
	}
	keys := newLineKeys(log)
	cfg := newConfig(opts).forProfile(keys)
	return &transport{
		base:     base,
		log:      accessLogger(log),
		keys:     keys,
		cfg:      cfg,
		tracer:   hop.SkipNoop(cfg.tp.Tracer(ScopeName)),
		spanOpts: []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient)},
	}
}

type transport struct {
	base     http.RoundTripper
	log      *zap.Logger
	keys     *lineKeys
	cfg      *config
	tracer   trace.Tracer
	spanOpts []trace.SpanStartOption
}

var _ http.RoundTripper = (*transport)(nil)

// RoundTrip sends req and arranges for its line to be written.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.cfg.handles(req) {
		return t.base.RoundTrip(req)
	}
	c := &call{t: t, req: req, start: time.Now()}
	c.line.keys = t.keys
	ctx, info := hop.StartClient(req.Context(), &c.hop, t.tracer, spanName(req.Method), t.spanOpts...)
	c.ctx, c.span = ctx, info.Span
	if info.Parent.IsValid() {
		c.line.hasParent = true
		hexid.Append(c.line.parent[:0], info.Parent[:])
	}
	out := req.WithContext(httptrace.WithClientTrace(ctx, c.clientTrace()))
	// A new map with the caller's value slices: injection replaces values,
	// never writes into them, so the caller's request is left as it was.
	out.Header = make(http.Header, len(req.Header)+3)
	for k, v := range req.Header {
		out.Header[k] = v
	}
	t.cfg.prop().Inject(ctx, headerCarrier(out.Header))

	resp, err := t.base.RoundTrip(out)
	if err != nil {
		c.finish(nil, err)
		return resp, err
	}
	if resp.Body == nil || resp.Body == http.NoBody {
		c.finish(resp, nil)
		return resp, nil
	}
	c.resp = resp
	b := &body{rc: resp.Body, c: c}
	c.body = b
	if _, ok := resp.Body.(io.Writer); ok {
		// A 101 response's body is the upgraded connection, writable.
		resp.Body = writableBody{b}
	} else {
		resp.Body = b
	}
	return resp, nil
}

// call is one client request.
type call struct {
	t     *transport
	req   *http.Request
	ctx   context.Context // the request's, with its own span
	span  trace.Span      // the SDK's span of the request, if any
	start time.Time
	resp  *http.Response
	body  *body
	done  atomic.Bool
	line  clientLine // filled once, by finish; never changed after
	trace httptrace.ClientTrace
	hop   hop.Node // the request's context node of the hop's span

	mu                        sync.Mutex // guards the times below
	dnsStart, dnsDone         time.Time
	connectStart, connectDone time.Time
	tlsStart, tlsDone         time.Time
	firstByte                 time.Time
	gotConn, reused           bool
}

// clientTrace returns the httptrace hooks that time the request's phases.
// Hooks may run concurrently (parallel dials) and after RoundTrip returned
// (a dial that lost the race), hence the lock.
func (c *call) clientTrace() *httptrace.ClientTrace {
	c.trace = httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { c.mark(&c.dnsStart) },
		DNSDone:  func(httptrace.DNSDoneInfo) { c.mark(&c.dnsDone) },
		ConnectStart: func(string, string) {
			c.mark(&c.connectStart)
		},
		ConnectDone: func(_, _ string, err error) {
			if err == nil {
				c.mark(&c.connectDone)
			}
		},
		TLSHandshakeStart: func() { c.mark(&c.tlsStart) },
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			if err == nil {
				c.mark(&c.tlsDone)
			}
		},
		GotConn: func(i httptrace.GotConnInfo) {
			c.mu.Lock()
			if !c.gotConn {
				c.gotConn, c.reused = true, i.Reused
			}
			c.mu.Unlock()
		},
		GotFirstResponseByte: func() { c.mark(&c.firstByte) },
	}
	return &c.trace
}

// mark sets *t to now unless it is set already: the first event counts.
func (c *call) mark(t *time.Time) {
	now := time.Now()
	c.mu.Lock()
	if t.IsZero() {
		*t = now
	}
	c.mu.Unlock()
}

// finish writes the request's line, once. resp is nil when the round trip
// failed; err is the round trip's error or the error reading the body.
func (c *call) finish(resp *http.Response, err error) {
	if !c.done.CompareAndSwap(false, true) {
		return
	}
	d := time.Since(c.start)
	cfg := c.t.cfg
	var lvl zapcore.Level
	status := 0
	if resp != nil {
		status = resp.StatusCode
		lvl = cfg.level(status, d)
	}
	if c.span != nil {
		// Ended after the line, so that span events see it.
		defer endClientSpan(c.span, c.req.Method, status, err)
	}
	if err != nil {
		lvl = atLeast(lvl, errorLevel(err))
	} else if cfg.slow > 0 && d > cfg.slow {
		lvl = atLeast(lvl, zapcore.WarnLevel)
	}
	ce := c.t.log.Check(lvl, MessageClient)
	if ce == nil {
		return
	}
	req, l := c.req, &c.line
	l.method = redactClean(cfg.redactor, req.Method, cfg.maxValue)
	if req.URL != nil {
		l.server = redactClean(cfg.redactor, req.URL.Hostname(), cfg.maxValue)
		l.port = port(req.URL.Port())
	}
	if cfg.routeFunc != nil {
		l.route = redactClean(cfg.redactor, safeRoute(cfg.routeFunc, req), cfg.maxPath)
	}
	l.path = redactClean(cfg.redactor, escapedPath(req), cfg.maxPath)
	if cfg.query && req.URL != nil && req.URL.RawQuery != "" {
		l.hasQuery = true
		l.query = clean(cfg.redactor.Query(req.URL.RawQuery), cfg.maxPath)
	}
	l.duration = d
	// A client request's ContentLength of 0 means unknown unless it has no
	// body.
	l.reqSize = -1
	if req.ContentLength > 0 || (req.ContentLength == 0 && (req.Body == nil || req.Body == http.NoBody)) {
		l.reqSize = req.ContentLength
	}
	if resp != nil {
		l.hasResp, l.status = true, status
		if c.body != nil {
			l.respSize = c.body.n.Load()
		}
	}
	if err != nil {
		l.err = redactClean(cfg.redactor, err.Error(), cfg.maxPath)
		l.errKind = errkey.Kind(err)
	}
	c.mu.Lock()
	l.dns, l.hasDNS = since(c.dnsStart, c.dnsDone)
	l.connect, l.hasConnect = since(c.connectStart, c.connectDone)
	l.tls, l.hasTLS = since(c.tlsStart, c.tlsDone)
	l.ttfb, l.hasTTFB = since(c.start, c.firstByte)
	l.gotConn, l.reused = c.gotConn, c.reused
	c.mu.Unlock()
	l.headers = cfg.headers(l.headers, cfg.reqHeaders, req.Header)
	if resp != nil {
		l.headers = cfg.headers(l.headers, cfg.respHeaders, resp.Header)
	}
	l.write(ce, c.ctx)
}

// endClientSpan sets the attributes and status of the SDK span of a client
// request and ends it: Error for a failed round trip or a 4xx or 5xx
// status, as OpenTelemetry's HTTP conventions say for clients.
func endClientSpan(span trace.Span, method string, status int, err error) {
	span.SetAttributes(attribute.String("http.request.method", method))
	if status > 0 {
		span.SetAttributes(attribute.Int("http.response.status_code", status))
	}
	switch {
	case err != nil:
		span.SetStatus(codes.Error, err.Error())
	case status >= 400:
		span.SetStatus(codes.Error, "")
	}
	span.End()
}

// port returns the port of a URL, 0 when it has none or a bad one.
func port(s string) int {
	if s == "" {
		return 0 // Atoi would allocate its error
	}
	if p, err := strconv.Atoi(s); err == nil && p > 0 && p <= 65535 {
		return p
	}
	return 0
}

// since returns end-start, and whether both times are set.
func since(start, end time.Time) (time.Duration, bool) {
	if start.IsZero() || end.IsZero() {
		return 0, false
	}
	return end.Sub(start), true
}

// body counts the bytes the caller reads and writes the line at the end
// of the body, at a read error, or at Close, whichever comes first.
type body struct {
	rc io.ReadCloser
	c  *call
	n  atomic.Int64
}

var _ io.ReadCloser = (*body)(nil)

func (b *body) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.n.Add(int64(n))
	switch {
	case err == io.EOF:
		b.c.finish(b.c.resp, nil)
	case err != nil:
		b.c.finish(b.c.resp, err)
	}
	return n, err
}

func (b *body) Close() error {
	err := b.rc.Close()
	b.c.finish(b.c.resp, nil)
	return err
}

// writableBody is the body of a 101 Switching Protocols response, which
// net/http makes writable.
type writableBody struct{ *body }

var _ io.ReadWriteCloser = writableBody{}

func (b writableBody) Write(p []byte) (int, error) { return b.rc.(io.Writer).Write(p) }
