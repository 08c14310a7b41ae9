package httplog

import "github.com/tracelog/tracelog/logger"

// Messages of the access lines. They are constant so that lines can be
// counted and alerted on by message; the request is told by its keys, never
// by the message (which would hold raw paths and query strings).
const (
	MessageServer = "http request"
	MessageClient = "http client request"
)

// Keys of the access lines under the default profile (logger.OTel):
// OpenTelemetry semantic-conventions names, and names under
// logger.ExtensionPrefix for what the conventions have no name for. Under
// another profile (tracelog.WithProfiles) the lines follow its names,
// which the package documentation tables. trace_id, span_id and
// trace_flags are written by the tracelog core from the request's span,
// not by this package; see package logger.
const (
	// KeyMethod is the request method, "GET".
	KeyMethod = "http.request.method"
	// KeyRoute is the route template, "/users/{id}", written only when one
	// is known (see WithRouteFunc).
	KeyRoute = "http.route"
	// KeyPath is the request path as sent (percent-encoded), cut at the
	// path limit.
	KeyPath = "url.path"
	// KeyQuery is the query string with sensitive parameters masked,
	// written only with WithQuery.
	KeyQuery = "url.query"
	// KeyStatus is the response status code (an int).
	KeyStatus = "http.response.status_code"
	// KeyDuration is the time from the start of the request to the end of
	// the handler on the server, and to the end of the response body on the
	// client (a zap.Duration: float milliseconds in the JSON of
	// tracelog.New, text such as "1.5ms" in its console encoding).
	KeyDuration = "duration"
	// KeyRequestSize is the request's Content-Length, written when known.
	KeyRequestSize = logger.ExtensionPrefix + "http.request.body.size"
	// KeyResponseSize is the number of body bytes written by the handler
	// (server) or read by the caller (client).
	KeyResponseSize = logger.ExtensionPrefix + "http.response.body.size"
	// KeyClientAddress is the client's IP address (see WithTrustedProxies).
	KeyClientAddress = "client.address"
	// KeyUserAgent is the User-Agent header, cut at the value limit.
	KeyUserAgent = "user_agent.original"
	// KeyProto is the protocol's version, "1.1" or "2" (GCP's profile:
	// "HTTP/1.1", "HTTP/2.0").
	KeyProto = "network.protocol.version"
	// KeyParentSpanID is the caller's span ID (16 hex digits), on server
	// lines of requests that came with trace context.
	KeyParentSpanID = logger.KeyParentSpanID
	// KeyPanic is the value a handler panicked with, and KeyPanicStack the
	// stack of the panicking goroutine, on the line of a panicking request.
	KeyPanic      = logger.ExtensionPrefix + "panic.value"
	KeyPanicStack = logger.ExtensionPrefix + "panic.stacktrace"
	// KeyError is the error of a failed client request (or of reading its
	// response body).
	KeyError = "exception.message"
	// KeyErrorType is the kind of that error, beside it: its Go type
	// ("*net.OpError"; a wrapper fmt.Errorf made with %w gives the type of
	// the error it wraps).
	KeyErrorType = "exception.type"
	// KeyErrorClass is the class of error a request ended with, written
	// only when it failed, as OpenTelemetry's HTTP conventions have it: on
	// server lines a 5xx status ("500"); on client lines a 4xx or 5xx
	// status, else the kind of the error of a request that got no response
	// (or whose body failed).
	KeyErrorClass = "error.type"
	// KeyServerAddress is the host a client request went to, and
	// KeyServerPort its port (an int), when the URL has one.
	KeyServerAddress = "server.address"
	KeyServerPort    = "server.port"
	// KeyDNS, KeyConnect and KeyTLS are the durations of the DNS lookup,
	// the TCP connect and the TLS handshake of a client request, written
	// only when they happened (not on a reused connection).
	KeyDNS     = logger.ExtensionPrefix + "http.dns"
	KeyConnect = logger.ExtensionPrefix + "http.connect"
	KeyTLS     = logger.ExtensionPrefix + "http.tls"
	// KeyTTFB is the time from the start of a client request to the first
	// byte of the response.
	KeyTTFB = logger.ExtensionPrefix + "http.ttfb"
	// KeyConnReused reports whether a client request reused a connection.
	KeyConnReused = logger.ExtensionPrefix + "http.conn_reused"
	// KeyRequestHeaderPrefix and KeyResponseHeaderPrefix start the keys of
	// logged headers, with the header name in lower case:
	// "http.request.header.x-request-id" (see WithRequestHeaders); the
	// value is an array of strings, one a header value.
	KeyRequestHeaderPrefix  = "http.request.header."
	KeyResponseHeaderPrefix = "http.response.header."
)

// DefaultTraceHeader is the response header that carries the trace ID (see
// WithTraceHeader).
const DefaultTraceHeader = "X-Trace-Id"

// ScopeName is the instrumentation scope of the spans this package starts
// through a tracing SDK.
const ScopeName = "github.com/tracelog/tracelog/httplog"

// TruncateMark ends a logged value that was cut at its length limit.
const TruncateMark = "...[truncated]"
