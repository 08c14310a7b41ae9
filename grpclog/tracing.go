package grpclog

import (
	"reflect"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
	"google.golang.org/grpc/codes"
)

// scopeName is the instrumentation scope of the spans this package starts.
const scopeName = "github.com/tracelog/tracelog/grpclog"

// tracing picks, per call, the tracer handed to the hop rules, or nil when
// no SDK can be behind it, which spares the allocations of asking a no-op
// tracer for a span.
type tracing struct {
	user   bool         // a provider was given by WithTracerProvider
	tracer trace.Tracer // nil when the given provider is a no-op
}

// defaultGlobalType is the type of otel's delegating default provider,
// which otel.GetTracerProvider returns until otel.SetTracerProvider
// replaces it for good. It is nil when a provider was set before this
// package was initialized (the default is then never seen again).
var defaultGlobalType = func() reflect.Type {
	t := reflect.TypeOf(otel.GetTracerProvider())
	if t != nil && t.Kind() == reflect.Pointer && t.Elem().PkgPath() == "go.opentelemetry.io/otel/internal/global" {
		return t
	}
	return nil
}()

func newTracing(tp trace.TracerProvider) tracing {
	if tp != nil {
		if _, ok := tp.(noop.TracerProvider); ok {
			return tracing{user: true}
		}
		return tracing{user: true, tracer: tp.Tracer(scopeName)}
	}
	// The global tracer delegates to a provider set later.
	return tracing{tracer: otel.GetTracerProvider().Tracer(scopeName)}
}

// forCall returns the tracer for a call, nil while the global provider is
// still otel's default (no SDK installed).
func (t tracing) forCall() trace.Tracer {
	if !t.user && defaultGlobalType != nil && reflect.TypeOf(otel.GetTracerProvider()) == defaultGlobalType {
		return nil
	}
	return t.tracer
}

// endSpan sets the status of a span this package started and ends it:
// Error on a server span for the server's faults, on a client span for any
// failure, following OpenTelemetry's conventions for gRPC.
func endSpan(span trace.Span, code codes.Code, msg string, client bool) {
	span.SetAttributes(attribute.Int64("rpc.grpc.status_code", int64(code)))
	if code != codes.OK && (client || serverFault(code)) {
		span.SetStatus(otelcodes.Error, msg)
	}
	span.End()
}

func spanAttributes(service, method string) trace.SpanStartEventOption {
	return trace.WithAttributes(
		attribute.String("rpc.system", RPCSystem),
		attribute.String("rpc.service", service),
		attribute.String("rpc.method", method),
	)
}
