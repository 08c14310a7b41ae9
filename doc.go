// Package tracelog builds a zap service logger whose every line can be found
// by its trace.
//
// [New] returns a *zap.Logger that writes JSON lines to stdout with time
// (RFC 3339, UTC, nanoseconds), level, msg, caller, service.name and
// service.version, and, on lines logged with [logger.Context] or through
// [logger.FromContext], the trace_id, span_id and trace_flags of the
// active span:
//
//	log, err := tracelog.New(tracelog.WithService("checkout", "1.4.2"))
//	if err != nil { ... }
//	log.Info("charged card", logger.Context(ctx), zap.Int("cents", 1299))
//
// # Keys
//
//	| key                | value                                           |
//	|--------------------|-------------------------------------------------|
//	| time               | "2026-11-21T18:21:19.123456789Z"                |
//	| level              | debug, info, warn, error, dpanic, panic, fatal  |
//	| msg                | the message                                     |
//	| caller             | "pkg/file.go:42" (off with [WithoutCaller])     |
//	| service.name       | [WithService], else OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES |
//	| service.version    | [WithService], else OTEL_RESOURCE_ATTRIBUTES    |
//	| deployment.environment.name | [WithDeploymentEnvironment], else OTEL_RESOURCE_ATTRIBUTES |
//	| trace_id, span_id, trace_flags | from the line's span ([WithProfiles] for other profiles) |
//	| stacktrace         | on Error lines and above                        |
//
// # Configuration
//
// Options set the output, level (a zap.AtomicLevel that stays adjustable),
// encoding (json or console), key profiles, extra cores, and export to
// OpenTelemetry Logs. [WithEnv] lets LOG_LEVEL, LOG_FORMAT and LOG_SCHEMA
// override them. OpenTelemetry's OTEL_SERVICE_NAME and
// OTEL_RESOURCE_ATTRIBUTES are always read, and fill the service keys the
// code leaves empty. Bad values make New return an error.
//
// Sync flushes the output; on a terminal or a pipe there is nothing to
// flush, and it returns no error, so `defer log.Sync()` is safe on stdout.
//
// The parts are usable alone: package logger (the correlating zap core),
// httplog (HTTP access logs and an outbound transport) and grpclog (gRPC
// interceptors).
package tracelog
