#!/usr/bin/env bash
# Counts the instructions of one iteration of each setup the performance
# targets name (instr.sh: callgrind, GOGC=off, this module), in one run,
# adds allocs/op (a plain run) and prints a markdown table with the ratio
# or the instructions added that each target reads. README=1 also writes
# the table into README.md (the instructions section), with the commit.
#
#   benchmarks/instr_setups.sh
#   N=2000 README=1 benchmarks/instr_setups.sh   # fewer iterations (default 5000)
#
# The setup names are read by independent checks: keep them.
set -euo pipefail
cd "$(dirname "$0")"
export N="${N:-5000}"

# setup | compared with | how (ratio, or instructions added) | target
rows='CorrelatedLine/zap_tracelog_encoder|||
CorrelatedLine/tracelog|CorrelatedLine/zap_tracelog_encoder|ratio|≤ 1.10
CorrelatedLine/tracelog_without_redaction|CorrelatedLine/zap_tracelog_encoder|ratio|
CorrelatedLine/zerolog_trace_hook|CorrelatedLine/zap_tracelog_encoder|ratio|
CorrelatedLine/tracelog_slog|CorrelatedLine/slog_trace_handler|ratio|≤ 0.80
CorrelatedLine/slog_trace_handler|||
HTTPAccessLine/floor|||
HTTPAccessLine/tracelog_httplog|HTTPAccessLine/floor|added|≤ ginzap over gin_bare, ≤ +8 allocs
HTTPAccessLine/gin_bare|||
HTTPAccessLine/ginzap|HTTPAccessLine/gin_bare|added|
HTTPAccessLine/zap_httpsnoop|HTTPAccessLine/floor|added|
HTTPAccessLine/zap_httpsnoop_same_line|HTTPAccessLine/floor|added|
HTTPAccessLine/tracelog_httplog_without_redaction|HTTPAccessLine/floor|added|
GRPCUnaryCall/tracelog_grpclog|GRPCUnaryCall/ggm_logging_zap|ratio|≤ 0.33, ≤ 4 allocs
GRPCUnaryCall/ggm_logging_zap|||
DroppedLine/floor|||
DroppedLine/tracelog_sampled_out|DroppedLine/floor|ratio|≤ 1.25'

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# A dropped line costs a few hundred instructions: it is counted over ten
# times the iterations, so that the run's noise (tens of instructions at
# N) does not move its ratio.
pats=() small=()
while IFS='|' read -r setup _; do
	case "$setup" in
	DroppedLine/*) small+=("Benchmark$setup\$") ;;
	*) pats+=("Benchmark$setup\$") ;;
	esac
done <<<"$rows"

MODULE=benchmarks ./instr.sh . "${pats[@]}" >"$tmp/instr"
N=$((10 * N)) MODULE=benchmarks ./instr.sh . "${small[@]}" >>"$tmp/instr"
pats+=("${small[@]}")
go test -c -o "$tmp/bench.test" .
for p in "${pats[@]}"; do
	"$tmp/bench.test" -test.run '^$' -test.bench "$p" -test.benchmem -test.benchtime 1000x -test.cpu 1 | grep '^Benchmark'
done >"$tmp/allocs"

commit="$(git -C .. rev-parse --short HEAD)"
if [ -n "$(git -C .. status --porcelain -- . ':!benchmarks/README.md')" ]; then
	commit="$commit (with uncommitted changes)"
fi
{
	echo "Instructions per iteration (\`instr_setups.sh\`: callgrind, \`GOGC=off\`, N=$N and 2N, dropped lines 10N; one run) at $commit, $(go env GOVERSION); allocs/op from a plain run."
	echo
	echo "| setup | instr/op | allocs/op | compared with | × or added | target |"
	echo "|---|---:|---:|---|---:|---|"
	awk -F'|' -v instr="$tmp/instr" -v allocs="$tmp/allocs" '
		BEGIN {
			while ((getline l < instr) > 0) { split(l, f, " "); k = f[1]; sub(/^Benchmark/, "", k); sub(/\$$/, "", k); n[k] = f[2] }
			while ((getline l < allocs) > 0) { m = split(l, f, " "); k = f[1]; sub(/^Benchmark/, "", k); for (i = 1; i < m; i++) if (f[i+1] == "allocs/op") a[k] = f[i] }
		}
		{
			cmp = ""
			if ($3 == "ratio") cmp = sprintf("%.3f ×", n[$1] / n[$2])
			if ($3 == "added") cmp = sprintf("+%d (+%d allocs)", n[$1] - n[$2], a[$1] - a[$2])
			printf "| `%s` | %d | %s | %s | %s | %s |\n", $1, n[$1], a[$1], ($2 == "" ? "" : "`" $2 "`"), cmp, $4
		}' <<<"$rows"
} >"$tmp/table"
cat "$tmp/table"
if [ "${README:-}" = 1 ]; then
	awk -v table="$tmp/table" '
		/^<!-- END instructions -->/ { skip = 0 }
		!skip { print }
		/^<!-- BEGIN instructions/ { while ((getline l < table) > 0) print l; skip = 1 }' README.md >"$tmp/README.md"
	cp "$tmp/README.md" README.md
fi
