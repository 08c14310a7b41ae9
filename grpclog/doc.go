// Package grpclog writes one zap line per finished gRPC call, on the server
// and on the client, each carrying the call's trace context, so that the
// lines of every service a request crossed share one trace_id.
//
// [UnaryServerInterceptor], [StreamServerInterceptor],
// [UnaryClientInterceptor] and [StreamClientInterceptor] take the logger
// and [Option]s; chain them with your own (grpclog first, so it sees the
// final status and recovers the panics of the interceptors after it):
//
//	srv := grpc.NewServer(
//		grpc.ChainUnaryInterceptor(grpclog.UnaryServerInterceptor(log)),
//		grpc.ChainStreamInterceptor(grpclog.StreamServerInterceptor(log)),
//	)
//
// Server lines have the message "grpc call" ([MessageServer]), client lines
// "grpc client call" ([MessageClient]). The handler's context carries a
// request logger: [logger.FromContext] in a service method logs with the
// call's trace_id and span_id.
//
// # Keys
//
// The keys follow the profile of the logger given to the interceptors
// (logger.ProfileOf; tracelog.WithProfiles), read once when they are
// built. The default profile's names (OpenTelemetry semantic conventions,
// and tracelog.* for what they lack), then ECS's, GCP's and Datadog's where
// they differ:
//
//	| default (OTel)                    | ECS / GCP / Datadog                        | value                                                     | when                          |
//	|-----------------------------------|--------------------------------------------|-----------------------------------------------------------|-------------------------------|
//	| rpc.system.name                   | network.protocol / same / tracelog.rpc.system | "grpc"                                                 | always                        |
//	| rpc.method                        | tracelog.rpc.method / same / tracelog.rpc.method | "shop.v1.Orders/Get"                                | always                        |
//	| tracelog.grpc.type                | (same)                                     | unary, client_stream, server_stream, bidi_stream          | always                        |
//	| rpc.status_code                   | tracelog.grpc.code / same / tracelog.grpc.code | "NotFound"                                            | always                        |
//	| tracelog.grpc.status_code         | (same)                                     | 5                                                         | always                        |
//	| duration                          | event.duration / duration / duration       | the profile's unit: float ms, ns, "0.042s"                 | always                        |
//	| trace_id, span_id, trace_flags    | the profile's trace keys                   | the call's span, written by the tracelog core             | always                        |
//	| tracelog.parent_span_id           | (same)                                     | 16 hex: the caller's span                                 | server: the call came with trace context; client: the caller had a span |
//	| network.peer.address, network.peer.port | client.ip, client.port (server lines), server.ip, server.port (client lines) / same / network.client.ip, .port, network.destination.ip, .port | the other side's IP and port | when known |
//	| tracelog.grpc.target              | (same)                                     | "dns:///payments:443"                                     | client lines                  |
//	| tracelog.grpc.deadline            | (same)                                     | duration left until the deadline when the call started    | the call had a deadline       |
//	| tracelog.grpc.messages_sent, tracelog.grpc.messages_received | (same)          | messages this side sent and received                      | streams                       |
//	| exception.message                 | error.message / exception.message / error.message | the status message                                 | the call failed               |
//	| exception.type                    | error.type / exception.type / error.kind   | the code's name ("NotFound") for a status error, else the error's Go type | the call failed |
//	| error.type                        | – / error.type / –                         | the code's name                                           | the code is an error for this side: not OK (client); Unknown, DeadlineExceeded, Unimplemented, Internal, Unavailable, DataLoss (server) |
//	| tracelog.panic.value, tracelog.panic.stacktrace | tracelog.panic.value, and error.stack_trace / stack_trace / error.stack | the panic value (credentials masked) and the stack | a server handler panicked |
//	| tracelog.grpc.request.metadata.KEY | (same)                                    | the values of an allowed key, masked where sensitive      | [WithMetadata]                |
//	| tracelog.grpc.request.content, tracelog.grpc.response.content | (same)         | the message as a JSON object, redacted                    | [WithPayloads]                |
//	| tracelog.grpc.request.content_truncated, tracelog.grpc.response.content_truncated | (same) | the JSON cut to the limit, as a string  | [WithPayloads], too long      |
//	| tracelog.grpc.request.go_type, tracelog.grpc.response.go_type | (same)         | the Go type of a message that is not protobuf             | [WithPayloads]                |
//
// Service methods add keys of their own to their call's server line with
// [AddFields] (after the line's keys; at most [MaxAddedFields], redacted
// like any field).
//
// The Key* constants are the default profile's names. The deadline is a
// duration, not a time, so that it compares with the call's duration
// directly: a call whose duration reaches its deadline ran out of time. Access lines carry no caller and no
// zap stacktrace (both would point into this package).
//
// # Levels
//
// A [CodeToLevel] picks the level from the status code; [WithCodeToLevel]
// replaces it, and wrapping [DefaultServerCodeToLevel] or
// [DefaultClientCodeToLevel] changes a few codes. The defaults put a
// failure at Error once, on the side at fault:
//
//	| code                                                         | server | client |
//	|--------------------------------------------------------------|--------|--------|
//	| OK, Canceled, NotFound, AlreadyExists                        | info   | info   |
//	| InvalidArgument, Unauthenticated                             | info   | warn   |
//	| Aborted                                                      | warn   | info   |
//	| DeadlineExceeded, PermissionDenied, ResourceExhausted, FailedPrecondition, OutOfRange | warn | warn |
//	| Unknown, Internal, Unavailable, DataLoss                     | error  | warn   |
//	| Unimplemented                                                | error  | error  |
//	| a code above 16                                              | error  | warn   |
//
// A server logs what the client got wrong or gave up on at Info (it is
// expected traffic), refusals and conflicts worth watching at Warn, and its
// own faults at Error. A client logs the callee's failures at Warn (the
// callee's line has them at Error, and the client's own caller sees the
// outcome), answers a caller expects at Info, and Unimplemented, a call to
// a method the server does not have, at Error. Levels above Error are
// written at Error: an access line never panics or exits.
//
// # Trace context
//
// A server call gets its trace context by the rules shared with httplog:
//
//   - a span already in the context (otelgrpc's stats handler) is used as is;
//   - else the incoming metadata is read with [WithPropagator]'s propagator,
//     the global one as it is, or W3C Trace Context Level 2 (traceparent,
//     tracestate, the same implementation as httplog's) and baggage while
//     no global propagator is set; with a tracing SDK behind the tracer
//     provider ([WithTracerProvider], default the global one), the SDK
//     starts the call's span, a child of the incoming one, named by the full
//     method, of kind server, with status Error for the server's faults
//     (Unknown, DeadlineExceeded, Unimplemented, Internal, Unavailable,
//     DataLoss), ended after the line;
//   - else the call gets a span ID of its own, a child of the incoming span,
//     or the root of a new trace when nothing came in.
//
// tracelog.parent_span_id is right also when otelgrpc's span is there but does not
// record its parent (an SDK span of a trace not sampled): it is read from
// the incoming traceparent then.
//
// A client call always gets a span of its own, a child of the caller's span
// when there is one: the SDK's span (kind client, status Error on any
// failure) or a new span ID without an SDK. Its trace context (and baggage)
// is set in the outgoing metadata, replacing keys the caller had set, in a
// copy: the caller's metadata is never changed. So each client line has its
// own span_id, and the server's tracelog.parent_span_id names exactly one client
// line, even when a handler makes many calls. With an SDK, no span ID is
// made up that the SDK does not know. httplog's transport starts its
// requests' spans with the same code (internal/hop), by the same rules.
//
// Flags that arrive are propagated unchanged (sampled 01, random 02); a
// trace started here without an SDK carries 03, so that a downstream SDK
// on its default ParentBased sampler records it (see httplog's "Trace
// flags" for the policy).
//
// The request logger is stored with [logger.NewContext] before the call's
// span is added, so [logger.FromContext] binds it to the span on first use:
// a handler that never logs costs no bound logger, and each FromContext
// call binds anew (a few allocations), so fetch it once per handler.
//
// # Panics
//
// A panic in a server handler (unary or stream) is recovered and the call
// fails with codes.Internal and the message "internal error"; the panic is
// in the log only. Exactly one line mentions it: the call's access line,
// with the code Internal, the panic value (credentials masked by the
// redactor) under grpc.panic and the panicking goroutine's stack under
// grpc.panic_stack. [WithRepanic] panics again after the line, for an outer
// recovery.
//
// # Metadata and payloads
//
// Metadata is not logged unless allowed key by key with [WithMetadata]. The
// redactor ([WithRedactor], default [redact.Default]) masks the values of
// sensitive keys (authorization, cookie, anything named like a secret) even
// when allowed, and credentials found in other values; binary (-bin)
// values are checked as bytes before they are written as base64.
//
// [WithPayloads] logs the request and response messages (for streams, the
// first each way) as JSON (protojson), through the redactor's rules exactly
// as a field named grpc.request.content (or grpc.response.content) would
// be: every key, path and pattern rule with its action
// (redact.Path("grpc.request.content.user.email", redact.Drop()) drops that
// member), bytes fields checked as the bytes they hold; then cut to a
// limit. It costs a protojson encoding and a JSON round trip per message.
//
// Every other text a line takes from the call (the status message, the
// panic value and stack, metadata values) is redacted, then cut at 4 KiB,
// so that a peer cannot inflate the log.
//
// # Skipping and sampling
//
// [WithSkipMethods] and [WithFilter] let calls pass through untouched (no
// line, no span, no request logger, no propagation), typically health
// checks and reflection. A head sampler (package sampling) on the logger's
// core (tracelog.WithSampler) decides per full method, once the call's
// trace context is known, whether a server call's lines are kept: the
// access line and the handler's lines through logger.FromContext are kept
// or dropped together. Calls that end with a server-fault code (Unknown,
// DeadlineExceeded, Unimplemented, Internal, Unavailable, DataLoss), a
// panic, or that are slower than the sampler's threshold are logged
// anyway, marked tracelog.sampled="forced". Client calls follow the decision of the
// caller's context.
//
// # Cost
//
// A unary server call with a traceparent costs 4 allocations over calling
// the handler bare, with every key above written as JSON by tracelog.New,
// and 3 without a traceparent; a unary client call 9 over the bare
// invoker, 8 from a context with no span (see the benchmarks, TestAllocs
// and TestClientAllocs beside the code). The
// W3C fast path reads traceparent without building the context otel's
// Extract would; with another propagator, extraction costs 2 more.
//
// There is no stats handler: the interceptors are enough to log, and they
// compose with otelgrpc's stats handler, whose span they use.
package grpclog
