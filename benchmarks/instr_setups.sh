#!/usr/bin/env bash
# Counts the instructions of one iteration of each setup the performance
# targets name (benchmarks/instr.sh, GOGC=off, in this module), in one run:
#
#   benchmarks/instr_setups.sh            # every setup below
#   N=2000 benchmarks/instr_setups.sh     # fewer iterations (default 5000)
#
# The setup names are read by independent checks: keep them.
set -euo pipefail
cd "$(dirname "$0")"
export N="${N:-5000}"
MODULE=benchmarks exec ./instr.sh . \
	'BenchmarkCorrelatedLine/zap_tracelog_encoder$' \
	'BenchmarkCorrelatedLine/tracelog$' \
	'BenchmarkCorrelatedLine/tracelog_without_redaction$' \
	'BenchmarkCorrelatedLine/zerolog_trace_hook$' \
	'BenchmarkCorrelatedLine/tracelog_slog$' \
	'BenchmarkCorrelatedLine/slog_trace_handler$' \
	'BenchmarkHTTPAccessLine/floor$' \
	'BenchmarkHTTPAccessLine/tracelog_httplog$' \
	'BenchmarkHTTPAccessLine/gin_bare$' \
	'BenchmarkHTTPAccessLine/ginzap$' \
	'BenchmarkHTTPAccessLine/zap_httpsnoop$' \
	'BenchmarkGRPCUnaryCall/tracelog_grpclog$' \
	'BenchmarkGRPCUnaryCall/ggm_logging_zap$' \
	'BenchmarkDroppedLine/floor$' \
	'BenchmarkDroppedLine/tracelog_sampled_out$'
