// Package otellogs sends the lines of a [tracelog.New] logger to
// OpenTelemetry Logs as well, through OpenTelemetry's official otelzap
// bridge, each record with its line's trace context:
//
//	log, err := tracelog.New(
//		tracelog.WithService("checkout", "1.4.2"),
//		otellogs.WithLoggerProvider(provider), // an sdk/log LoggerProvider with an OTLP exporter
//	)
//
// It is a package of its own so that a service that does not export logs
// does not link the bridge. The export gets the lines the output gets:
// redacted, at the logger's level, and following the head sampler's
// decisions (see [tracelog.WithTee]). Set service.name on the provider's
// resource: the bridge reads it from there, not from the line.
//
// # What a record holds
//
//	| record field        | from                                          |
//	|---------------------|-----------------------------------------------|
//	| body                | the line's message                            |
//	| severity            | the line's level (zap's levels, as otelzap maps them) |
//	| trace ID, span ID, flags | the span of the line's context field     |
//	| attributes          | the line's fields                             |
//	| instrumentation scope | [ScopeName]                                 |
package otellogs
