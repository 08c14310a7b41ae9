// Package e2e holds the end-to-end tests of tracelog through a real
// pipeline: examples/shop exports to the OpenTelemetry Collector, which
// writes files and exports to VictoriaLogs. They are built only with the
// e2e tag, and need the Collector (TRACELOG_OTELCOL) and VictoriaLogs
// (TRACELOG_VICTORIALOGS) binaries, which .ci/otelcol and .ci/victorialogs
// build; without them they skip:
//
//	TRACELOG_OTELCOL=$(.ci/otelcol) TRACELOG_VICTORIALOGS=$(.ci/victorialogs) \
//	    go test -tags e2e ./e2e/
package e2e
