// Command tracelog finds every line of a trace in JSON-lines logs, across
// services, and shows the request as a tree.
//
//	tracelog grep TRACE_ID [FILE|DIR ...]   every line of the trace, in time order
//	tracelog tree TRACE_ID [FILE|DIR ...]   the call tree as a waterfall
//	tracelog stats [FILE|DIR ...]           count, error rate and latency per route
//
// Install it with
//
//	go install github.com/tracelog/tracelog/cmd/tracelog@latest
//
// It reads the lines written by tracelog.New (and the httplog and grpclog
// access lines) in any key profile: OpenTelemetry (trace_id), ECS
// (trace.id), GCP (logging.googleapis.com/trace) and Datadog (dd.trace_id).
// Inputs are files, directories (recursively), gzip files, the OTLP JSON
// files of the OpenTelemetry Collector's file exporter, stdin, and a log
// store: --source URL (VictoriaLogs; TRACELOG_SOURCE when no file is given)
// with --since, --until and --limit.
//
// Exit status: 0 when lines were found, 1 when none were, 2 on bad usage,
// an input that could not be read, or a log store that failed. See README.md beside this file.
package main

import (
	"os"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.OSEnv()))
}
