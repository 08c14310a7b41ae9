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
// The keys come from one or more profiles ([WithProfiles]):
//
//	| profile     | keys                                                            | format                                          |
//	|-------------|-----------------------------------------------------------------|-------------------------------------------------|
//	| [OTel]      | trace_id, span_id, trace_flags                                  | 32 hex, 16 hex, "01"/"00"                       |
//	| [ECS]       | trace.id, span.id                                               | 32 hex, 16 hex                                  |
//	| [GCP]       | logging.googleapis.com/trace, .../spanId, .../trace_sampled     | "projects/P/traces/HEX", 16 hex, boolean        |
//	| [Datadog]   | dd.trace_id, dd.span_id                                         | decimal strings of the low 64 bits              |
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
