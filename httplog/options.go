package httplog

import (
	"net/http"
	"net/netip"
	"net/textproto"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/hop"
	"github.com/tracelog/tracelog/redact"
)

// An Option configures [NewMiddleware], [NewHandler] and [NewTransport].
// Options are sealed: only this package's With* functions make them. The
// same options serve the server and the client; an option that concerns
// only one side says so and is ignored by the other. Options apply in
// order; for those that replace a setting, the last one wins.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// Default length limits of logged values, in bytes.
const (
	DefaultMaxValueLen = 256
	DefaultMaxPathLen  = 1024
)

// header is a header to log: its canonical name and its key on the line.
type header struct {
	name string
	key  string
}

type config struct {
	propagator  propagation.TextMapPropagator // nil: global or W3C, per request
	tp          trace.TracerProvider
	traceHeader string // canonical; "" when off
	routeFunc   RouteFunc
	statusLevel StatusLevelFunc
	repanic     bool
	reqHeaders  []header
	respHeaders []header
	query       bool
	redactor    *redact.Redactor
	maxValue    int
	maxPath     int
	trusted     []netip.Prefix
	filters     []func(*http.Request) bool
	skipPaths   []string
	slow        time.Duration

	// headerArrays: a header's values are logged one by one (an array),
	// not joined (set from the logger's profile by forProfile).
	headerArrays bool
}

func newConfig(opts []Option) *config {
	c := &config{
		traceHeader: DefaultTraceHeader,
		statusLevel: DefaultStatusLevel,
		redactor:    redact.Default(),
		maxValue:    DefaultMaxValueLen,
		maxPath:     DefaultMaxPathLen,
	}
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	return c
}

// WithPropagator replaces the propagator that reads incoming trace context
// (server) and writes outgoing trace context (client). By default the
// global propagator is used, read per request, or W3C TraceContext with
// Baggage while the global one is still otel's default that propagates
// nothing. A nil propagator is ignored.
func WithPropagator(p propagation.TextMapPropagator) Option {
	return optionFunc(func(c *config) {
		if p != nil {
			c.propagator = p
		}
	})
}

// WithTracerProvider replaces the tracer provider (default
// otel.GetTracerProvider(), which follows a provider set later with
// otel.SetTracerProvider). When it is backed by a tracing SDK, the
// middleware starts the request's server span with it (unless the request
// context holds a span already), and the transport starts each request's
// client span with it (unless otelhttp's client span is already there);
// otherwise they start none and make span IDs of their own. A nil provider
// is ignored.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *config) {
		if tp != nil {
			c.tp = tp
		}
	})
}

// WithTraceHeader replaces the name of the response header that carries
// the request's trace ID (default [DefaultTraceHeader], "X-Trace-Id").
// An empty name turns the header off, as [WithoutTraceHeader] does.
// Server only.
func WithTraceHeader(name string) Option {
	return optionFunc(func(c *config) {
		c.traceHeader = textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(name))
	})
}

// WithoutTraceHeader turns off the response header that carries the trace
// ID. Server only.
func WithoutTraceHeader() Option { return WithTraceHeader("") }

// WithRouteFunc sets a function that returns a request's route template,
// for routers other than net/http's ServeMux (whose patterns are found
// without it). When it returns "", the ServeMux pattern is used if there
// is one; when no route is known, the http.route key is left out. It
// serves the client too, where it may read a route the caller put in the
// request's context. A nil function is ignored.
func WithRouteFunc(f RouteFunc) Option {
	return optionFunc(func(c *config) {
		if f != nil {
			c.routeFunc = f
		}
	})
}

// WithStatusLevel replaces the function that picks a line's level from the
// status code (default [DefaultStatusLevel]). A nil function is
// ignored.
func WithStatusLevel(f StatusLevelFunc) Option {
	return optionFunc(func(c *config) {
		if f != nil {
			c.statusLevel = f
		}
	})
}

// WithRepanic makes the middleware re-panic every panic of the handler
// after writing the access line (with the panic's value but no stack),
// instead of answering 500 itself, for users whose own recoverer, outside
// the middleware, reports panics. Server only.
func WithRepanic() Option {
	return optionFunc(func(c *config) { c.repanic = true })
}

// WithRequestHeaders adds request headers to log (none by default), each
// under [KeyRequestHeaderPrefix] and its name in lower case. Values of
// Authorization, Cookie, Proxy-Authorization and any header named like a
// secret are always masked, other values have credentials masked (see
// [WithRedactor]), and all are cut at the value limit. Several values of
// one header are logged as they are typed in the logger's profile: in
// OpenTelemetry's (and GCP's), an array of strings, each value masked and
// cut, all of them together within the value limit; in ECS's and
// Datadog's, one string of the values joined with ", ".
func WithRequestHeaders(names ...string) Option {
	return optionFunc(func(c *config) { c.reqHeaders = addHeaders(c.reqHeaders, KeyRequestHeaderPrefix, names) })
}

// WithResponseHeaders adds response headers to log (none by default), each
// under [KeyResponseHeaderPrefix] and its name in lower case, masked and
// cut as [WithRequestHeaders] does (Set-Cookie is always masked).
func WithResponseHeaders(names ...string) Option {
	return optionFunc(func(c *config) { c.respHeaders = addHeaders(c.respHeaders, KeyResponseHeaderPrefix, names) })
}

func addHeaders(hs []header, prefix string, names []string) []header {
next:
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		canon := textproto.CanonicalMIMEHeaderKey(n)
		for _, h := range hs {
			if h.name == canon {
				continue next
			}
		}
		hs = append(hs, header{name: canon, key: prefix + strings.ToLower(canon)})
	}
	return hs
}

// WithQuery logs the query string under [KeyQuery] (off by default), with
// the values of parameters named like secrets (token, password, key,
// secret, signature, ...) masked, and cut at the path limit.
func WithQuery() Option {
	return optionFunc(func(c *config) { c.query = true })
}

// WithRedactor replaces the rules that mask header values and query
// parameters (default [redact.Default]). A nil redactor is ignored.
func WithRedactor(r *redact.Redactor) Option {
	return optionFunc(func(c *config) {
		if r != nil {
			c.redactor = r
		}
	})
}

// WithMaxValueLen sets the length in bytes at which logged header values,
// user agents and client addresses are cut (default
// [DefaultMaxValueLen]). A cut value ends with [TruncateMark]. Zero or
// less keeps the default.
func WithMaxValueLen(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.maxValue = n
		}
	})
}

// WithMaxPathLen sets the length in bytes at which logged paths, routes
// and query strings are cut (default [DefaultMaxPathLen]). Zero or less
// keeps the default.
func WithMaxPathLen(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.maxPath = n
		}
	})
}

// WithTrustedProxies replaces the proxies whose X-Forwarded-For and
// Forwarded headers are believed (default none: the client address is the
// peer's). When the peer is in one of the prefixes, X-Forwarded-For (or
// Forwarded when there is no X-Forwarded-For) is walked from the right,
// skipping addresses in the prefixes, and the first other address is the
// client's. Make prefixes with netip.MustParsePrefix or
// [MustParsePrefixes]. Your proxies must append to the header this reads.
// Server only.
func WithTrustedProxies(prefixes ...netip.Prefix) Option {
	return optionFunc(func(c *config) {
		c.trusted = c.trusted[:0:0]
		for _, p := range prefixes {
			if p.IsValid() {
				c.trusted = append(c.trusted, p.Masked())
			}
		}
	})
}

// WithFilter adds a function that decides whether a request is handled by
// the middleware or transport: when it returns false, the request passes
// through untouched (no access line, no trace context, no trace header).
// All filters must return true. A nil function is ignored.
func WithFilter(f func(*http.Request) bool) Option {
	return optionFunc(func(c *config) {
		if f != nil {
			c.filters = append(c.filters, f)
		}
	})
}

// WithSkipPaths adds request paths (compared with r.URL.Path exactly, such
// as "/healthz") that pass through untouched, as a filter does.
func WithSkipPaths(paths ...string) Option {
	return optionFunc(func(c *config) { c.skipPaths = append(c.skipPaths, paths...) })
}

// WithSlowThreshold makes requests that take longer than d log at Warn at
// least (default off). Zero or less turns it off.
func WithSlowThreshold(d time.Duration) Option {
	return optionFunc(func(c *config) { c.slow = d })
}

// handles reports whether the middleware or transport should handle r
// (see WithFilter and WithSkipPaths).
func (c *config) handles(r *http.Request) bool {
	for _, p := range c.skipPaths {
		if r.URL != nil && r.URL.Path == p {
			return false
		}
	}
	for _, f := range c.filters {
		if !f(r) {
			return false
		}
	}
	return true
}

// level returns the level of a line with status and duration d.
func (c *config) level(status int, d time.Duration) zapcore.Level {
	l := c.statusLevel(status)
	if c.slow > 0 && d > c.slow {
		l = atLeast(l, zapcore.WarnLevel)
	}
	return l
}

// prop returns the propagator for this request.
func (c *config) prop() propagation.TextMapPropagator { return hop.Propagator(c.propagator) }
