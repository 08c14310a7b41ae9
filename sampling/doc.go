// Package sampling is a head sampler for request logs: it throttles
// high-volume routes, but never loses errors, slow requests, or half a
// request.
//
// At the head of each request (HTTP or gRPC), a [Sampler] decides from
// rules keyed by route whether the request's lines are kept:
//
//	s, err := sampling.New(nil, []sampling.Rule{
//		sampling.Limit("GET /healthz", 1, 10*time.Second),               // at most 1 per 10 s
//		sampling.FirstThen("POST /api/search", 100, time.Second, 50),   // 100/s, then 1 in 50
//	}) // every other route: keep all (see WithDefault)
//	log, err := tracelog.New(tracelog.WithSampler(s))
//
// It is configured in one place, the logger: the middleware of httplog and
// grpclog given that logger finds the sampler on its core. A logger built
// by hand carries one with [NewCore]:
//
//	log = log.WithOptions(zap.WrapCore(func(c zapcore.Core) zapcore.Core { return sampling.NewCore(c, s) }))
//
// # One request, one decision
//
// The middleware stores the decision in the request context, and the
// tracelog logger core follows it: the access line and every line logged with
// that context (logger.Context(ctx) or logger.FromContext(ctx)) are kept or
// dropped together. Inside a dropped request, a request logger's lines
// below Error cost what a disabled-level line costs.
//
// # What is never dropped
//
// Lines at Error or above, and the access line of a request that ended
// with a 5xx status, a gRPC server-fault code, a panic, or that took longer
// than the slow threshold ([WithSlowThreshold]): these are written even
// when the head decision was to drop, with the key sampled = "forced". With
// [WithFollowTrace], a request whose incoming trace is sampled (trace_flags
// 01) is kept, so logs exist for every trace a tracing backend holds.
//
// # Consistent across services
//
// "1 in N" is decided from the trace context, so every service that sees a
// trace keeps or drops it alike, by one of two rules ([WithRatioMethod]):
//
//	| method               | randomness                                | kept when     | agrees with                     |
//	|----------------------|-------------------------------------------|---------------|---------------------------------|
//	| TraceIDRatio (default) | low 63 bits of the trace ID's second half | R < 2^63/N    | the Go SDK's TraceIDRatioBased  |
//	| Threshold            | rv of tracestate "ot=rv:…", else the low 56 bits of the trace ID | R >= (1-1/N)·2^56 | OpenTelemetry's probability sampling (th/rv) |
//
// The default is TraceIDRatio because the Go SDK offers no other ratio
// sampler: a Go service that samples its traces 1 in N then keeps the logs
// of exactly the traces it records. Tests hold each rule to its sampler on
// 20000 trace IDs at five ratios. "First N per interval" counts per
// process.
//
// # Accounting
//
// Dropped lines and requests are counted per rule. Summary lines are
// written periodically ([WithSummaryInterval], default a minute) and on
// [Sampler.Flush] and [Sampler.Close]:
//
//	| key                        | value                                   |
//	|----------------------------|-----------------------------------------|
//	| msg                        | "sampled out 48213 lines of route GET /healthz" |
//	| sampling.route             | the rule's route                        |
//	| sampling.dropped           | lines left out since the last summary   |
//	| sampling.dropped_requests  | requests left out since the last summary |
//
// [WithMeterProvider] also exposes the totals as OpenTelemetry counters.
//
// # Bounded and live
//
// Rules live in a fixed set: unknown routes use the default rule, and
// nothing is stored per raw path. [Sampler.Replace] swaps the rules
// atomically under load; [LoadFile] reads them from JSON. Invalid rules are
// rejected when they are loaded, never at request time.
package sampling
