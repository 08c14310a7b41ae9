package httplog

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/felixge/httpsnoop"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/headsample"
	"github.com/tracelog/tracelog/internal/hexid"
	"github.com/tracelog/tracelog/internal/hop"
	"github.com/tracelog/tracelog/internal/stack"
	"github.com/tracelog/tracelog/internal/tracecontext"
	"github.com/tracelog/tracelog/logger"
)

// NewMiddleware returns middleware that gives every request a trace
// context and writes one access line to log when the request ends (see
// the package documentation for the keys and levels). A nil log means
// logger.Default() as it is when NewMiddleware is called.
//
// Handlers find the request's logger, bound to its trace, with
// logger.FromContext(r.Context()), and the trace ID in the response header
// X-Trace-Id (see [WithTraceHeader]).
func NewMiddleware(log *zap.Logger, opts ...Option) func(http.Handler) http.Handler {
	s := newServer(log, newConfig(opts))
	return func(next http.Handler) http.Handler {
		if next == nil {
			next = http.DefaultServeMux
		}
		h := &handler{server: s, next: next}
		h.pool.New = func() any { return newServed() }
		return h
	}
}

// NewHandler wraps h as [NewMiddleware] does. A nil h means
// http.DefaultServeMux, as for http.Server.
func NewHandler(h http.Handler, log *zap.Logger, opts ...Option) http.Handler {
	return NewMiddleware(log, opts...)(h)
}

// server is what the handlers made by one NewMiddleware share.
type server struct {
	cfg      *config
	sampler  headsample.Engine // the head sampler of log's core, if any
	log      *zap.Logger       // stored for handlers with logger.NewContext
	access   *zap.Logger       // log without caller or automatic stack
	keys     *lineKeys
	tracer   trace.Tracer
	spanOpts []trace.SpanStartOption
}

func newServer(log *zap.Logger, cfg *config) *server {
	if log == nil {
		log = logger.Default()
	}
	keys := newLineKeys(log)
	return &server{
		cfg:      cfg.forProfile(keys),
		sampler:  headsample.FromLogger(log),
		log:      log,
		access:   accessLogger(log),
		keys:     keys,
		tracer:   hop.SkipNoop(cfg.tp.Tracer(ScopeName)),
		spanOpts: []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindServer)},
	}
}

// accessLogger returns log for access lines: their caller would always be
// this package and a stack of the middleware says nothing, so both are
// off (a panic's stack is a field of its line).
func accessLogger(log *zap.Logger) *zap.Logger {
	return log.WithOptions(zap.WithCaller(false), zap.AddStacktrace(zap.LevelEnablerFunc(func(zapcore.Level) bool { return false })))
}

type handler struct {
	*server
	next http.Handler
	pool sync.Pool // of *served
}

var _ http.Handler = (*handler)(nil)

// ServeHTTP serves r through the next handler and logs it.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.cfg.handles(r) {
		h.next.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	ctx := r.Context()
	// A span already in ctx (otelhttp outside) is used as is; otherwise
	// the incoming trace context is read from the headers, remote. A span
	// that cannot tell its parent (the SDK's, for a trace not sampled)
	// has it read from the headers. The W3C default is read here, as
	// grpclog reads it: the remote span context goes to hop.Start, not
	// into a context of its own (two allocations).
	var remote trace.SpanContext
	if sc := trace.SpanContextFromContext(ctx); !sc.IsValid() && hop.UsesW3C(h.cfg.propagator) {
		remote, _, ctx = tracecontext.ExtractRemote(ctx, headerCarrier(r.Header))
		ctx = propagation.Baggage{}.Extract(ctx, headerCarrier(r.Header))
	} else if !sc.IsValid() {
		ctx = h.cfg.prop().Extract(ctx, headerCarrier(r.Header))
	} else if hop.ParentUnknown(ctx) {
		remote = trace.SpanContextFromContext(h.cfg.prop().Extract(context.Background(), headerCarrier(r.Header)))
	}
	// The line is allocated per request anyway: it holds the hop's
	// context node and the holder of AddFields' fields too.
	line := &serverLine{keys: h.keys}
	ctx, info := hop.Start(ctx, &line.hop, remote, h.tracer, spanName(r.Method), h.spanOpts...)

	ids := idStrings(info, h.cfg.traceHeader != "")
	if hdr := w.Header(); hdr != nil && h.cfg.traceHeader != "" {
		line.traceHeader[0] = ids.trace
		hdr[h.cfg.traceHeader] = line.traceHeader[:]
	}
	line.parent = ids.parent
	st := h.pool.Get().(*served)
	st.reset(w)
	// The sampling decision goes in before the request logger, which
	// follows it. It is not pooled: handlers' goroutines may keep ctx.
	var sd *sampled
	if h.sampler != nil {
		sd = &sampled{h: h, in: r}
		ctx = headsample.With(ctx, &sd.Request)
	}
	// The line's field holder is the request's context: AddFields finds
	// it at no allocation of its own.
	line.extra.Init(ctx)
	down := r.WithContext(logger.NewContext(&line.extra, h.log))
	if sd != nil {
		sd.down = down
		sd.Begin(h.sampler, sd, info.SpanContext, start)
	}
	defer h.finish(st, line, r, down, start, info, sd)
	h.next.ServeHTTP(httpsnoop.Wrap(w, st.hooks), down)
}

// finish runs when the handler returned or panicked: it recovers a panic,
// answers 500 if nothing was written yet, ends the SDK span, writes the
// access line and re-panics when it must.
func (h *handler) finish(st *served, line *serverLine, in, down *http.Request, start time.Time, info hop.Info, sd *sampled) {
	p := recover()
	d := time.Since(start)
	var rethrow any
	if p != nil {
		line.panicked = true
		line.panicVal = redactClean(h.cfg.redactor, fmt.Sprint(p), h.cfg.maxPath)
		switch {
		case p == http.ErrAbortHandler:
			// The handler asked net/http to abort the response.
			rethrow = p
		case h.cfg.repanic:
			rethrow = p
		default:
			line.panicStack = stack.Panic()
			if h.keys.tracebacks {
				line.panicStack = stack.Traceback("panic: "+line.panicVal, line.panicStack)
			}
			if !st.started() {
				http.Error(st, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			} else if !st.hijacked {
				// A response cut short must not look complete to the
				// client: net/http aborts it for this value.
				rethrow = http.ErrAbortHandler
			}
		}
	}
	status := st.statusCode()
	if p != nil && !st.started() {
		// Re-panicked with nothing written: net/http or the recoverer
		// outside answers, or drops the connection; 500 is the failure.
		status = http.StatusInternalServerError
	}
	rt := route(h.cfg.routeFunc, down, in)
	if info.Span != nil {
		endSpan(info.Span, in.Method, rt, status, p != nil)
	}

	lvl := h.cfg.level(status, d)
	if p != nil {
		min := zapcore.ErrorLevel
		if p == http.ErrAbortHandler {
			min = zapcore.WarnLevel
		}
		lvl = atLeast(lvl, min)
	}
	write := true
	if sd != nil {
		switch {
		case status >= 500 || p != nil || h.sampler.Slow(d):
			sd.Force()
		case lvl < zapcore.ErrorLevel && !sd.Keep():
			sd.Dropped()
			write = false
		}
	}
	extra := line.extra.F.Take()
	if ce := h.access.Check(lvl, MessageServer); write && ce != nil {
		cfg := h.cfg
		line.method = redactClean(cfg.redactor, in.Method, cfg.maxValue)
		line.route = redactClean(cfg.redactor, rt, cfg.maxPath)
		line.path = redactClean(cfg.redactor, escapedPath(in), cfg.maxPath)
		if cfg.query && in.URL != nil && in.URL.RawQuery != "" {
			line.hasQuery = true
			line.query = clean(cfg.redactor.Query(in.URL.RawQuery), cfg.maxPath)
		}
		line.status, line.duration = status, d
		line.reqSize, line.respSize = in.ContentLength, st.written
		line.client = redactClean(cfg.redactor, clientAddress(in, cfg.trusted), cfg.maxValue)
		line.userAgent = redactClean(cfg.redactor, headerValue(in.Header, "User-Agent"), cfg.maxValue)
		line.proto = redactClean(cfg.redactor, in.Proto, cfg.maxValue)
		line.headers = cfg.headers(line.headers, cfg.reqHeaders, in.Header)
		line.headers = cfg.headers(line.headers, cfg.respHeaders, st.w.Header())
		line.write(ce, down.Context(), extra)
	}
	st.release()
	h.pool.Put(st)
	if rethrow != nil {
		panic(rethrow)
	}
}

// endSpan names and ends the span the SDK started for the request.
func endSpan(span trace.Span, method, route string, status int, panicked bool) {
	if route != "" {
		span.SetName(spanName(method) + " " + route)
		span.SetAttributes(attribute.String("http.route", route))
	}
	span.SetAttributes(
		attribute.String("http.request.method", method),
		attribute.Int("http.response.status_code", status),
	)
	switch {
	case panicked:
		span.SetStatus(codes.Error, "handler panicked")
	case status >= 500:
		span.SetStatus(codes.Error, "")
	}
	span.End()
}

// spanName returns the method for a span's name, or "HTTP" for methods
// that are not standard, so that names stay few.
func spanName(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return method
	}
	return "HTTP"
}

// escapedPath returns the request path as sent, percent-encoded, so that
// it is unambiguous and carries no control characters.
func escapedPath(r *http.Request) string {
	if r.URL == nil {
		return ""
	}
	return r.URL.EscapedPath()
}

// headerValue returns the first value of the canonical header name.
func headerValue(h http.Header, name string) string {
	if v := h[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func joinValues(vals []string) string {
	n := 0
	for _, v := range vals {
		n += len(v) + 2
	}
	b := make([]byte, 0, n)
	for i, v := range vals {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, v...)
	}
	return string(b)
}

// hopIDs holds the hex strings of a hop: its trace ID (for the response
// header) and its caller's span ID (for the access line), "" when not
// needed.
type hopIDs struct {
	trace, parent string
}

// idStrings encodes the IDs of info in a single allocation.
func idStrings(info hop.Info, withTrace bool) hopIDs {
	var buf [48]byte
	b := buf[:0]
	if withTrace {
		tid := info.SpanContext.TraceID()
		b = hexid.Append(b, tid[:])
	}
	nt := len(b)
	if info.Incoming && info.Parent.IsValid() {
		b = hexid.Append(b, info.Parent[:])
	}
	if len(b) == 0 {
		return hopIDs{}
	}
	s := string(b)
	return hopIDs{trace: s[:nt], parent: s[nt:]}
}

// sampled is a request's sampling decision, with what its route is read
// from once routing has happened (the request passed down, whose Pattern
// a ServeMux inside sets).
type sampled struct {
	headsample.Request
	h        *handler
	in, down *http.Request
}

// Route gives the sampler the request's method and route template.
func (s *sampled) Route() (string, string) {
	return s.in.Method, route(s.h.cfg.routeFunc, s.down, s.in)
}
