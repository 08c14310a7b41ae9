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
//	| key                                   | read as                                         |
//	|---------------------------------------|-------------------------------------------------|
//	| time                                  | RFC 3339 (any precision, any offset) or epoch s |
//	| ts                                    | epoch seconds (zap's production default)        |
//	| level, msg, service.name              | strings                                         |
//	| trace_id, trace.id                    | 32 hex digits (16 read as the low 64 bits)      |
//	| logging.googleapis.com/trace          | projects/P/traces/HEX, or HEX                   |
//	| dd.trace_id                           | decimal low 64 bits, string or number           |
//	| span_id, span.id, logging.googleapis.com/spanId | 16 hex digits                         |
//	| dd.span_id                            | decimal, string or number                       |
//	| parent_span_id                        | 16 hex digits: the caller's span of a hop       |
//	| http.method, http.route, url.path     | route "METHOD ROUTE" (url.path if no route)     |
//	| http.status                           | number (or numeric string)                      |
//	| rpc.service, rpc.method               | route "SERVICE/METHOD"                          |
//	| grpc.code                             | code name ("NotFound") or number                |
//	| duration                              | number: milliseconds; string: "1.5ms" (Go form) |
//	| sampling.route, sampling.dropped      | a sampler's summary line (see below)            |
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
// with "sampled out". It reads the fields sampling.route (a string, the
// route as stats names it: "GET /healthz" or "shop.Orders/Create") and
// sampling.dropped (an integer, or a string of one) and the line's
// service.name; lacking them, it reads the message "sampled out N lines of
// route ROUTE". Each line's count is added to the route's total.
package tracefind
