#!/usr/bin/env bash
# Counts the instructions one iteration of a benchmark executes, with
# valgrind's callgrind: unlike times on a shared machine, the count is the
# same from run to run (within a few instructions per iteration), so a
# small difference between two setups of one benchmark is seen at once.
# The collector is off (GOGC=off unless GOGC is set): its work depends on
# N and makes counts jump; allocations still count through mallocgc, and
# allocs/op tells the rest.
#
#   benchmarks/instr.sh PACKAGE BENCH [BENCH...]
#   benchmarks/instr.sh ./redact 'BenchmarkLine/core=floor$' 'BenchmarkLine/core=redact-clean$'
#
# PACKAGE is a package of the main module, relative to its root, or of the
# module in MODULE (a directory relative to the root: MODULE=benchmarks
# benchmarks/instr.sh . 'BenchmarkCorrelatedLine/tracelog$'). Each BENCH
# is an exact -test.bench pattern that should select one benchmark. The
# script runs it for N and 2N iterations (N=${N:-20000}) and prints the
# difference divided by N, so the test binary's start and the benchmark's
# setup cancel out. GOMAXPROCS=1 and no asynchronous preemption keep
# valgrind's single thread steady; RDTSCP, which the runtime uses since Go
# 1.26 and valgrind 3.19 does not know, is turned off. Counts are instructions, not time:
# a cache miss or a slow system call counts as one instruction; use them to
# compare code paths, and times (benchstat) to confirm.
set -euo pipefail
if [ $# -lt 2 ]; then
	sed -n '2,22p' "$0" >&2
	exit 2
fi
command -v valgrind >/dev/null || {
	echo "instr.sh: valgrind is not installed (Debian package valgrind)" >&2
	exit 1
}
root="$(cd "$(dirname "$0")/.." && pwd)"
pkg="$1"
shift
n="${N:-20000}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$root/${MODULE:-.}" && go test -c -o "$tmp/pkg.test" "$pkg")

# count RUNS: total instructions of the benchmark at $1 for $2 iterations.
count() {
	GOGC="${GOGC:-off}" GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1,cpu.rdtscp=off valgrind --tool=callgrind \
		--callgrind-out-file="$tmp/cg.%p" "$tmp/pkg.test" -test.run '^$' \
		-test.bench "$1" -test.benchtime "${2}x" -test.cpu 1 >"$tmp/out" 2>"$tmp/err" || true
	rm -f "$tmp"/cg.*
	if ! grep -q '^PASS' "$tmp/out" || ! grep -q 'ns/op' "$tmp/out"; then
		echo "instr.sh: $1 did not run one benchmark:" >&2
		cat "$tmp/out" "$tmp/err" >&2
		exit 1
	fi
	grep -o 'Collected : [0-9]*' "$tmp/err" | awk '{s += $3} END {print s}'
}

printf '%-60s %12s\n' "benchmark" "instr/op"
for b in "$@"; do
	one="$(count "$b" "$n")"
	two="$(count "$b" $((2 * n)))"
	printf '%-60s %12d\n' "$b" $(((two - one) / n))
done
