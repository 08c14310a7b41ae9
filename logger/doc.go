// Package logger correlates zap log lines with OpenTelemetry traces.
//
// [NewCore] wraps any [zapcore.Core]. A line that carries a [Context] field
// (or a zap.Any field whose value is a context.Context, the convention of
// the OpenTelemetry otelzap bridge), or that is logged through a logger
// derived with such a field, gets the trace context of the context's span:
//
//	log.Info("charged card", logger.Context(ctx), zap.Int("cents", 1299))
//	// {"msg":"charged card","trace_id":"4bf9...","span_id":"00f0...","trace_flags":"01","cents":1299}
//
// The context field is never printed. A line without a valid span context
// gets no trace keys at all (never zeros). Without a tracelog core in the
// chain, the field prints nothing.
//
// # Keys
//
// A [Profile] names every key the tracelog packages write, in the
// language of one backend: the record keys (written by the encoder of
// tracelog.New, see [Profile.EncoderConfig]), the trace keys (written by
// this core), the service keys, the access keys of httplog and grpclog,
// error, panic and duration keys, and the sampler's. One table holds them
// all (profile.go); [Profile.Keys] resolves a profile's names once, and the
// packages find the logger's profile with [ProfileOf]. The trace keys of
// several profiles may be written side by side ([WithProfiles]); the first
// names the rest. The built-in profiles:
//
//	| key (logical) | OTel (default) | ECS | GCP | Datadog |
//	|---|---|---|---|---|
//	| time | time | @timestamp | time | timestamp |
//	| level | level | log.level | severity | status |
//	| message | msg | message | message | message |
//	| logger | otel.scope.name | log.logger | otel.scope.name | logger.name |
//	| caller | code.file.path | log.origin.file.name | logging.googleapis.com/sourceLocation | tracelog.caller |
//	| caller.line | code.line.number | log.origin.file.line | line | – |
//	| function | – | – | function | – |
//	| stack | code.stacktrace | error.stack_trace | stack_trace | error.stack |
//	| trace_id | trace_id | trace.id | logging.googleapis.com/trace | dd.trace_id |
//	| span_id | span_id | span.id | logging.googleapis.com/spanId | dd.span_id |
//	| trace_flags | trace_flags | – | – | – |
//	| trace_sampled | – | – | logging.googleapis.com/trace_sampled | – |
//	| parent_span_id | tracelog.parent_span_id | tracelog.parent_span_id | tracelog.parent_span_id | tracelog.parent_span_id |
//	| service.name | service.name | service.name | service.name | dd.service |
//	| service.version | service.version | service.version | service.version | dd.version |
//	| deployment.environment | deployment.environment.name | service.environment | deployment.environment.name | dd.env |
//	| schema.version | – | ecs.version | – | – |
//	| error | exception.message | error.message | exception.message | error.message |
//	| error.kind | exception.type | error.type | exception.type | error.kind |
//	| error.class | error.type | – | error.type | – |
//	| http.method | http.request.method | http.request.method | httpRequest.requestMethod | http.method |
//	| http.route | http.route | tracelog.http.route | http.route | tracelog.http.route |
//	| url.path | url.path | url.path | httpRequest.requestUrl | http.url_details.path |
//	| url.query | url.query | url.query | url.query | tracelog.http.query |
//	| http.status | http.response.status_code | http.response.status_code | httpRequest.status | http.status_code |
//	| duration | duration | event.duration | httpRequest.latency | duration |
//	| http.request.size | tracelog.http.request.body.size | http.request.body.bytes | httpRequest.requestSize | network.bytes_read |
//	| http.response.size | tracelog.http.response.body.size | http.response.body.bytes | httpRequest.responseSize | network.bytes_written |
//	| client.address | client.address | client.ip | httpRequest.remoteIp | network.client.ip |
//	| user_agent | user_agent.original | user_agent.original | httpRequest.userAgent | http.useragent |
//	| protocol | network.protocol.version | http.version | httpRequest.protocol | http.version |
//	| server.address | server.address | server.address | server.address | http.url_details.host |
//	| server.port | server.port | server.port | server.port | http.url_details.port |
//	| http.dns | tracelog.http.dns | tracelog.http.dns | tracelog.http.dns | tracelog.http.dns |
//	| http.connect | tracelog.http.connect | tracelog.http.connect | tracelog.http.connect | tracelog.http.connect |
//	| http.tls | tracelog.http.tls | tracelog.http.tls | tracelog.http.tls | tracelog.http.tls |
//	| http.ttfb | tracelog.http.ttfb | tracelog.http.ttfb | tracelog.http.ttfb | tracelog.http.ttfb |
//	| http.conn_reused | tracelog.http.conn_reused | tracelog.http.conn_reused | tracelog.http.conn_reused | tracelog.http.conn_reused |
//	| http.request.header. | http.request.header. | tracelog.http.request.header. | http.request.header. | tracelog.http.request.header. |
//	| http.response.header. | http.response.header. | tracelog.http.response.header. | http.response.header. | tracelog.http.response.header. |
//	| panic | tracelog.panic.value | tracelog.panic.value | tracelog.panic.value | tracelog.panic.value |
//	| panic.stack | tracelog.panic.stacktrace | error.stack_trace | stack_trace | error.stack |
//	| rpc.system | rpc.system.name | network.protocol | rpc.system.name | tracelog.rpc.system |
//	| rpc.method | rpc.method | tracelog.rpc.method | rpc.method | tracelog.rpc.method |
//	| rpc.duration | duration | event.duration | duration | duration |
//	| grpc.type | tracelog.grpc.type | tracelog.grpc.type | tracelog.grpc.type | tracelog.grpc.type |
//	| grpc.code | rpc.status_code | tracelog.grpc.code | rpc.status_code | tracelog.grpc.code |
//	| grpc.code_num | tracelog.grpc.status_code | tracelog.grpc.status_code | tracelog.grpc.status_code | tracelog.grpc.status_code |
//	| grpc.deadline | tracelog.grpc.deadline | tracelog.grpc.deadline | tracelog.grpc.deadline | tracelog.grpc.deadline |
//	| rpc.client.address | network.peer.address | client.ip | network.peer.address | network.client.ip |
//	| rpc.client.port | network.peer.port | client.port | network.peer.port | network.client.port |
//	| rpc.server.address | network.peer.address | server.ip | network.peer.address | network.destination.ip |
//	| rpc.server.port | network.peer.port | server.port | network.peer.port | network.destination.port |
//	| grpc.target | tracelog.grpc.target | tracelog.grpc.target | tracelog.grpc.target | tracelog.grpc.target |
//	| grpc.msgs_sent | tracelog.grpc.messages_sent | tracelog.grpc.messages_sent | tracelog.grpc.messages_sent | tracelog.grpc.messages_sent |
//	| grpc.msgs_received | tracelog.grpc.messages_received | tracelog.grpc.messages_received | tracelog.grpc.messages_received | tracelog.grpc.messages_received |
//	| grpc.request.metadata. | tracelog.grpc.request.metadata. | tracelog.grpc.request.metadata. | tracelog.grpc.request.metadata. | tracelog.grpc.request.metadata. |
//	| grpc.request.content | tracelog.grpc.request.content | tracelog.grpc.request.content | tracelog.grpc.request.content | tracelog.grpc.request.content |
//	| grpc.response.content | tracelog.grpc.response.content | tracelog.grpc.response.content | tracelog.grpc.response.content | tracelog.grpc.response.content |
//	| grpc.request.content_truncated | tracelog.grpc.request.content_truncated | tracelog.grpc.request.content_truncated | tracelog.grpc.request.content_truncated | tracelog.grpc.request.content_truncated |
//	| grpc.response.content_truncated | tracelog.grpc.response.content_truncated | tracelog.grpc.response.content_truncated | tracelog.grpc.response.content_truncated | tracelog.grpc.response.content_truncated |
//	| grpc.request.go_type | tracelog.grpc.request.go_type | tracelog.grpc.request.go_type | tracelog.grpc.request.go_type | tracelog.grpc.request.go_type |
//	| grpc.response.go_type | tracelog.grpc.response.go_type | tracelog.grpc.response.go_type | tracelog.grpc.response.go_type | tracelog.grpc.response.go_type |
//	| sampled | tracelog.sampled | tracelog.sampled | tracelog.sampled | tracelog.sampled |
//	| sampling.route | tracelog.sampling.route | tracelog.sampling.route | tracelog.sampling.route | tracelog.sampling.route |
//	| sampling.dropped | tracelog.sampling.dropped | tracelog.sampling.dropped | tracelog.sampling.dropped | tracelog.sampling.dropped |
//	| sampling.dropped_requests | tracelog.sampling.dropped_requests | tracelog.sampling.dropped_requests | tracelog.sampling.dropped_requests | tracelog.sampling.dropped_requests |
//
// GCP's request keys sit in the httpRequest object of its access lines
// ([Profile.HTTPGroup]). Keys under [ExtensionPrefix] are tracelog's own,
// for what a schema has no name for. zap.Error's "error" field is renamed
// to the profile's error key by this core, and the error's kind added
// beside it ([ErrorKindKey]: its Go type, "*fs.PathError"; a wrapper
// fmt.Errorf made with %w gives the type of the error it wraps, as
// OpenTelemetry's error.type allows for Go). The error class
// ([ErrorClassKey]) is OpenTelemetry's error.type, on the access lines of
// failed requests and calls; ECS and Datadog have no such key.
// [Profile.Rename] makes a custom profile.
//
// Stacks: GCP writes them as Go tracebacks, which Cloud Error Reporting
// reads ([Profile.TracebackStacks]); the others in zap's shape.
//
// Trace formats: OTel and ECS write IDs as lowercase hex (trace_flags: 2
// hex digits, "01" sampled, "02" random trace ID); GCP writes
// "projects/P/traces/HEX", the span ID as hex and trace_sampled as a
// boolean; Datadog the decimal low 64 bits of each ID.
//
// # Request loggers
//
// [NewContext] stores a logger in a context, bound once to the context's
// span; [FromContext] returns it, so code deep in a request logs with the
// request's trace_id at no extra cost per line. Where no logger is stored
// (a goroutine of context.Background(), a cron job, main), FromContext
// returns [Default]: the logger tracelog.New built, or one set with
// [SetDefault]; never a logger that silently drops the line.
//
// # slog
//
// [NewSlogHandler] turns a *zap.Logger into a [log/slog.Handler], so
// slog.InfoContext(ctx, ...) gets the same trace keys, and a slog line has
// the keys of the logger's zap lines: caller, stack trace, name, fields and
// hooks follow the logger's options.
//
// # Cost
//
// Making a [Context] field does not allocate and reads nothing: the span is
// looked up only once the level check has passed, so a disabled line costs
// what it costs in plain zap. The trace fields of a span are encoded once
// and reused for its later lines through a bounded, lock-free cache of
// child cores ([WithSpanCacheSize]); the wrapped core's Check still sees
// every entry, so samplers and level filters below keep working.
//
// # Span events
//
// With [WithSpanEvents], lines at or above a level are also copied onto the
// active span as events named "log", and Error lines set the span status to
// Error. This is off by default.
package logger
