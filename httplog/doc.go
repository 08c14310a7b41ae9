// Package httplog writes one access line per HTTP request, server side
// ([NewMiddleware], [NewHandler]) and client side ([NewTransport]), each
// carrying the request's trace_id so that a request can be followed
// across services and matched with the lines its handlers log.
//
//	log, _ := tracelog.New(tracelog.WithService("checkout", "1.4.2"))
//	mux := http.NewServeMux()
//	mux.HandleFunc("GET /users/{id}", getUser)
//	http.ListenAndServe(":8080", httplog.NewHandler(mux, log))
//
//	// {"level":"info","msg":"http request","trace_id":"4bf9...","span_id":"a2fb...","trace_flags":"01",
//	//  "http.request.method":"GET","http.route":"/users/{id}","url.path":"/users/42",
//	//  "http.response.status_code":200,"duration":0.412,"tracelog.http.request.body.size":0,
//	//  "tracelog.http.response.body.size":57,"client.address":"10.1.2.3","user_agent.original":"curl/8.5.0",
//	//  "network.protocol.version":"1.1","tracelog.parent_span_id":"00f067aa0ba902b7"}
//
// The message is constant: the request is told by its keys, and the raw
// path or query string never reaches the message.
//
// # Server keys
//
// The keys follow the profile of the logger given to the middleware
// (logger.ProfileOf; tracelog.WithProfiles), read once when it is built.
// The default profile's, OpenTelemetry semantic-conventions names, and the
// other built-in profiles' (package logger's table):
//
//	| default (OTel)                  | ECS                       | GCP                      | Datadog               | value                                                                 |
//	|---------------------------------|---------------------------|--------------------------|-----------------------|-----------------------------------------------------------------------|
//	| msg                             | message                   | message                  | message               | "http request" ([MessageServer])                                      |
//	| http.request.method             | http.request.method       | httpRequest.requestMethod | http.method          | "GET"                                                                 |
//	| http.route                      | tracelog.http.route       | http.route               | tracelog.http.route   | "/users/{id}"; left out when no route is known                        |
//	| url.path                        | url.path                  | httpRequest.requestUrl   | http.url_details.path | "/users/42", percent-encoded as sent, cut at 1024 bytes               |
//	| url.query                       | url.query                 | url.query                | tracelog.http.query   | only with [WithQuery]; secrets masked                                 |
//	| http.response.status_code       | http.response.status_code | httpRequest.status       | http.status_code      | 200 (an int); 101 for a hijacked connection without a status          |
//	| duration                        | event.duration            | httpRequest.latency      | duration              | float ms (OTel), ns (ECS, Datadog), "0.042s" (GCP); "1.5ms" in console |
//	| tracelog.http.request.body.size | http.request.body.bytes   | httpRequest.requestSize  | network.bytes_read    | Content-Length; left out when unknown (chunked)                       |
//	| tracelog.http.response.body.size| http.response.body.bytes  | httpRequest.responseSize | network.bytes_written | body bytes written by the handler                                     |
//	| client.address                  | client.ip                 | httpRequest.remoteIp     | network.client.ip     | peer IP, or the client's through trusted proxies ([WithTrustedProxies]) |
//	| user_agent.original             | user_agent.original       | httpRequest.userAgent    | http.useragent        | User-Agent, cut at 256 bytes                                          |
//	| network.protocol.version        | http.version              | httpRequest.protocol     | http.version          | "1.1", "2" (GCP: "HTTP/1.1")                                          |
//	| tracelog.parent_span_id         | (same)                    | (same)                   | (same)                | the caller's span ID, when the request came with trace context        |
//	| http.request.header.*           | tracelog.http.request.header.* | http.request.header.* | tracelog.http.request.header.* | only with [WithRequestHeaders]; credentials masked; OTel, GCP: ["a", "b"] (string[]), ECS, Datadog: "a, b" |
//	| http.response.header.*          | tracelog.http.response.header.* | http.response.header.* | tracelog.http.response.header.* | only with [WithResponseHeaders]; Set-Cookie masked; the same types |
//	| tracelog.panic.value, tracelog.panic.stacktrace | tracelog.panic.value, error.stack_trace | tracelog.panic.value, stack_trace | tracelog.panic.value, error.stack | the panic's value and stack, on a panicking request's line |
//	| error.type                      | –                         | error.type               | –                     | "503": the status, when it is 5xx (an error for a server)              |
//
// Handlers add keys of their own to their request's line with [AddFields]
// (after the line's keys; at most [MaxAddedFields], redacted like any
// field).
//
// The constants Key* are the default profile's names. Access lines have no
// caller and no automatic stacktrace (both would always point into this
// package).
//
// # Client keys
//
// [NewTransport] writes "http client request" ([MessageClient]) with the
// method, server.address and server.port (the URL's host and port), the
// path (and query with [WithQuery]), the status, the duration (up to the
// end of the body), the request and response sizes (bytes the caller
// read), the error (exception.message; ECS's and Datadog's error.message)
// and its kind (exception.type; ECS's error.type, Datadog's error.kind: the
// error's Go type, "*net.OpError"), the class of a failed request
// (error.type in the OTel and GCP profiles: a 4xx or 5xx status, else the
// error's kind), the phase timings tracelog.http.dns, tracelog.http.connect,
// tracelog.http.tls (when they happened), tracelog.http.ttfb, and
// tracelog.http.conn_reused. The line is written when the body is read to
// its end or closed, or at once when the round trip fails or the response
// has no body: exactly one line per request.
//
// Every request the transport sends is a span of its own (each retry and
// each redirect too): the SDK's client span when a tracing SDK is behind
// the tracer provider, a span ID of its own otherwise, a child of the
// caller's span (the one in the request's context). The client line's
// span_id is that span and its tracelog.parent_span_id the caller's; the span is
// what is injected into the request, so the callee's tracelog.parent_span_id names
// exactly this client line (and `tracelog tree` draws one edge per call).
// A request from a context with no span (a background job, a startup
// call) starts a trace: it is logged and sent like any other. HTTP and
// gRPC clients start their hop with the same code (internal/hop).
//
// # Levels
//
//	| outcome                                   | level                          |
//	|-------------------------------------------|--------------------------------|
//	| 5xx                                       | Error                          |
//	| 4xx                                       | Warn                           |
//	| other statuses                            | Info                           |
//	| slower than [WithSlowThreshold]           | at least Warn                  |
//	| panic                                     | at least Error                 |
//	| http.ErrAbortHandler                      | at least Warn                  |
//	| client: request failed                    | Error                          |
//	| client: context canceled by the caller    | Warn                           |
//
// [WithStatusLevel] replaces the status mapping ([DefaultStatusLevel]).
//
// # Trace context and hops
//
// Each request is one hop: span_id identifies this service's part of it,
// parent_span_id the caller's span. The middleware resolves the hop in this
// order:
//
//  1. a span already in the request context (otelhttp outside) is used as
//     is;
//  2. else trace context is read from the headers with the global
//     propagator as it is (B3, Jaeger, a composite), or, while the global
//     one is otel's default that propagates nothing, W3C Trace Context
//     Level 2 and Baggage ([WithPropagator] replaces it);
//  3. with a tracing SDK behind the tracer provider ([WithTracerProvider],
//     default otel.GetTracerProvider()), the SDK starts the request's span
//     (a child of the incoming one), which the middleware names
//     "GET /users/{id}" once the route is known, marks Error on 5xx and
//     panics, and ends;
//  4. without an SDK, the hop gets a span ID of its own, a child of the
//     incoming span, or the root of a new trace when nothing came in. With
//     an SDK, no ID is ever made up that the SDK does not know.
//
// parent_span_id is the caller's span in every mode, also when otelhttp is
// outermost and the incoming trace is not sampled (the SDK's span does not
// record its parent then: the middleware reads it from the traceparent).
//
// # Trace flags
//
// Flags that arrive are propagated unchanged (sampled 01, random 02). A
// trace tracelog starts itself (no SDK, nothing or nothing valid
// incoming) carries 03: sampled, so that a downstream service on the SDK's
// default ParentBased sampler records the trace whose lines tracelog
// writes (unless that service's own sampler says otherwise), and random
// (Trace Context Level 2), because its ID is drawn from a uniform random
// source. With an SDK, the SDK's sampler sets the flags of the traces it
// starts. tracelog's own log sampling (package sampling) never changes the
// flags sent.
//
// The handler's context carries the hop: logger.FromContext(r.Context())
// returns the logger given to the middleware, bound to the hop, so handler
// lines carry the access line's trace_id and span_id; outgoing requests
// made with that context through [NewTransport] (or otelhttp) carry it on.
// The response carries the trace ID in X-Trace-Id, set before the handler
// runs ([WithTraceHeader], [WithoutTraceHeader]).
//
// Incoming trace context is untrusted input, read by the W3C Trace Context
// Level 2 rules: a malformed, all-zero or repeated traceparent, a
// version-00 one with trailing data, or one longer than 512 bytes is
// ignored and a new trace starts; several tracestate headers are combined,
// Level 2 keys (tenant@system, several @) are kept, a duplicated key keeps
// its first value, and an invalid member or more than 32 members drop the
// tracestate while a valid traceparent is kept; over 512 characters whole
// members are dropped (long ones first), and more than 8 KiB of
// tracestate is not read at all. Neither header is ever written to the
// line. The service built the README's way passes every test of the W3C
// trace-context harness at levels 1 and 2, with and without an SDK.
//
// # With otelhttp
//
// Put otelhttp outermost and httplog inside it, so that httplog logs
// otelhttp's span and does not start its own:
//
//	handler := otelhttp.NewHandler(httplog.NewHandler(mux, log), "server")
//	client := &http.Client{Transport: otelhttp.NewTransport(httplog.NewTransport(nil, log))}
//
// On the client side, put httplog inside otelhttp.NewTransport (as above):
// otelhttp's client span is then the request's span, logged and injected.
// Outside it, the transport's own client span is logged and otelhttp
// injects a child of it, which no line names.
//
// # Routes
//
// http.route is the route template, never the raw path. The middleware
// finds net/http ServeMux patterns (Go 1.22+) when it wraps the mux (the
// mux sets Pattern on the request the middleware passes down, read after
// the handler) and when the mux wraps it. Other routers need
// [WithRouteFunc], evaluated after the handler on the request passed down.
// For chi, the module github.com/tracelog/tracelog/routers/chilog installs
// the middleware with the route function:
//
//	r := chi.NewRouter()
//	r.Use(chilog.Middleware(log))
//
// When no route is known (a plain handler, a 404 of the mux), http.route is
// left out.
//
// # Panics
//
// A panicking handler gets one access line at Error with http.panic and
// http.panic_stack (never request headers), and the client gets 500 if
// nothing was written yet. If the response had already begun, the
// middleware aborts it (re-panicking with http.ErrAbortHandler) so that
// the client cannot take a cut response for a whole one. A panic with
// http.ErrAbortHandler is logged at Warn and re-panicked. [WithRepanic]
// re-panics every panic, for users whose own recoverer sits outside.
//
// # Response writer
//
// The response writer is wrapped with httpsnoop, so the wrapped writer
// implements exactly the optional interfaces of the original (Flusher,
// Hijacker, io.ReaderFrom, Pusher) and unwraps for http.ResponseController
// (Flush, SetWriteDeadline, EnableFullDuplex). Like any ResponseWriter, it
// must not be used after the handler returns: the middleware reuses its
// per-request state.
//
// # Secrets and untrusted input
//
// Headers and the query string are not logged unless asked for. When they
// are, Authorization, Proxy-Authorization, Cookie and Set-Cookie values and
// query parameters named like secrets (token, password, key, secret,
// signature, ...) are masked through package redact ([WithRedactor]).
// Header values, user agents and client addresses are cut at 256 bytes
// ([WithMaxValueLen]); paths, routes and query strings at 1024
// ([WithMaxPathLen]); a cut value ends with [TruncateMark]. Values are
// redacted before they are cut, so a cut never leaves part of a secret the
// rules would no longer recognise. Control
// characters, line separators and invalid UTF-8 in any logged value are
// escaped (\x0a), so no request can forge a second line, in JSON or in the
// console encoding.
//
// X-Forwarded-For and Forwarded are believed only from proxies in
// [WithTrustedProxies].
//
// # Filtering and sampling
//
// [WithFilter] and [WithSkipPaths] let requests through untouched (no line,
// no trace context). A head sampler (package sampling) on the logger's core
// (tracelog.WithSampler) decides per route ("GET /users/{id}"), lazily
// once the route is known, whether a request's lines are kept; it never
// drops an error, a slow request or half a request: lines below Error of a
// dropped request are left out, and the access line is kept, marked
// tracelog.sampled="forced", when the request ended with a 5xx status or a panic
// or took longer than the sampler's slow threshold. A sampled-out request
// still gets its X-Trace-Id header. The transport's lines follow the
// decision of the request context they are made with.
//
// # Cost
//
// The middleware pools its per-request writer state (the httpsnoop hooks),
// makes no closures per request, skips a no-op tracer, and writes a line's
// values through one zap.Inline field next to the logger.Context field, so
// that the tracelog core copies two fields, not sixteen, to put the trace
// fields in front. Encoders write the keys at the top level as usual; a
// core that inspects fields one by one sees the inline field and reads its
// keys through zapcore.Field.AddTo (zaptest/observer's ContextMap shows
// them flattened). A request costs 7 allocations more than the bare
// handler, with or without an incoming traceparent; a client request 20
// more than the bare round trip; see
// bench_test.go and transport_allocs_test.go for the benchmarks and the
// allocation budgets.
package httplog
