package grpclog

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// defaultPropagator is otel's delegating default propagator as the
// process starts (nil when one was set before this package's init). While
// otel.GetTextMapPropagator still returns it and no propagator was given,
// hop.Propagator resolves to W3C Trace Context (package tracecontext) and
// Baggage, and the server reads those headers itself: otel's Extract would build a context only to
// be read back and dropped, two allocations per call.
var defaultPropagator = func() propagation.TextMapPropagator {
	if g := otel.GetTextMapPropagator(); len(g.Fields()) == 0 {
		return g
	}
	return nil
}()

// usesW3C reports whether the resolved propagator is hop's W3C default.
// Comparing with a pointer-typed interface never panics.
func usesW3C(configured propagation.TextMapPropagator) bool {
	return configured == nil && defaultPropagator != nil && otel.GetTextMapPropagator() == defaultPropagator
}

const baggageHeader = "baggage"
