// Package e2e holds the end-to-end test of tracelog through a real
// OpenTelemetry Collector. It is built only with the e2e tag, and needs the
// collector binary (TRACELOG_OTELCOL), which .ci/otelcol builds:
//
//	TRACELOG_OTELCOL=$(.ci/otelcol) go test -tags e2e ./e2e/
package e2e
