// Package tracefind reads JSON-lines logs to find the lines of one trace
// ([Find]), rebuild its call tree ([BuildTree]) and sum up each route
// ([Stats]). It is the engine of the tracelog command.
//
// # Reading
//
// Inputs ([ExpandInputs]) are files, directories (recursively), gzip data
// (told by its magic bytes) and stdin. Each is read in chunks of whole
// lines through one buffer whose size is the line limit ([WithMaxLine],
// 1 MiB by default), so memory does not depend on the size of the input:
// longer lines are skipped and counted. A chunk is searched as a whole for
// the trace ID's text ([Query.Needles]), anchored on its rarest byte, and
// only the lines that hold it are parsed; every line's first and last bytes
// are checked, so lines that are not JSON and lines cut short are counted
// ([Skipped]). Bad input is never fatal.
//
// Lines are JSON objects, or zap console lines (time, level, the logger's
// name and the caller when present, message, then a JSON object of
// fields). Nested objects read as
// dotted keys ({"trace":{"id":...}} is trace.id), three levels deep.
//
// # OTLP JSON
//
// A line that is an OTLP JSON export request of logs ({"resourceLogs":...},
// one a line, as the OpenTelemetry Collector's file exporter writes them)
// is read as one line per log record, in tracelog's keys
// ([OTelRecord.AppendLine]): time, level (severity), msg (body),
// service.name and the other attributes, trace_id and span_id. A record
// reads as the stdout line it was exported from. A request longer than the
// line limit is skipped and counted like any line: raise [WithMaxLine] for
// large batches.
//
// # Keys read
//
// The keys of every built-in profile of package logger are read ([RoleOf]),
// from its one table: a file may mix profiles, and a line may carry the
// trace keys of several. GCP's httpRequest object is read as the dotted
// keys httpRequest.requestMethod, ...
//
//	| role            | OTel                          | ECS                          | GCP                                  | Datadog                 | read as                                   |
//	|-----------------|-------------------------------|------------------------------|--------------------------------------|-------------------------|-------------------------------------------|
//	| time            | time                          | @timestamp                   | time                                 | timestamp               | RFC 3339 (any precision) or epoch seconds |
//	| level, message  | level, msg                    | log.level, message           | severity, message                    | status, message         | strings                                   |
//	| service         | service.name                  | service.name                 | service.name                         | dd.service              | string                                    |
//	| trace           | trace_id                      | trace.id                     | logging.googleapis.com/trace         | dd.trace_id             | hex (GCP: projects/P/traces/HEX); DD: decimal low 64 bits |
//	| span            | span_id                       | span.id                      | logging.googleapis.com/spanId        | dd.span_id              | 16 hex digits; DD: decimal                |
//	| parent span     | tracelog.parent_span_id       | tracelog.parent_span_id      | tracelog.parent_span_id              | tracelog.parent_span_id | 16 hex digits: the caller's span of a hop |
//	| method, route, path | http.request.method, http.route, url.path | http.request.method, tracelog.http.route, url.path | httpRequest.requestMethod, http.route, httpRequest.requestUrl | http.method, tracelog.http.route, http.url_details.path | route "METHOD ROUTE" (the path if no route) |
//	| status          | http.response.status_code     | http.response.status_code    | httpRequest.status                   | http.status_code        | number (or numeric string)                |
//	| gRPC method     | rpc.method                    | tracelog.rpc.method          | rpc.method                           | tracelog.rpc.method     | route "pkg.Service/Method"                |
//	| gRPC code       | rpc.status_code               | tracelog.grpc.code           | rpc.status_code                      | tracelog.grpc.code      | code name ("NotFound") or number          |
//	| duration        | duration                      | event.duration               | httpRequest.latency, duration        | duration                | OTel: ms; ECS, Datadog: ns; strings "1.5ms", "0.042s" |
//	| panic           | tracelog.panic.value          | tracelog.panic.value         | tracelog.panic.value                 | tracelog.panic.value    | string                                    |
//	| sampler summary | tracelog.sampling.route, tracelog.sampling.dropped (every profile)                                                                                     | route, count                |
//
// A line is a Datadog line, whose bare-number durations are nanoseconds,
// when it has Datadog's level, time or service key. The key ts (epoch
// seconds, zap's production default) is read too.
//
// Access lines have msg "http request" or "grpc call" (servers); each is one
// hop of a trace. "http client request" and "grpc client call" lines belong
// to the caller's hop. A line marks a failure ([Record.IsError]) at level
// error or above, with an HTTP status of 500 or more, or with a gRPC code
// that is the server's fault: Unknown, DeadlineExceeded, Unimplemented,
// Internal, Unavailable, DataLoss.
//
// # Sampler summary lines
//
// [Stats] adds up lines sampled out from summary lines whose msg starts
// with "sampled out". It reads the fields tracelog.sampling.route (a
// string, the route as stats names it: "GET /healthz" or
// "shop.Orders/Create") and tracelog.sampling.dropped (an integer, or a string of one) and the line's
// service.name; lacking them, it reads the message "sampled out N lines of
// route ROUTE". Each line's count is added to the route's total.
package tracefind
