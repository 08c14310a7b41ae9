#!/usr/bin/env bash
# Runs the peer benchmarks and writes README.md's benchmark tables from
# that run (cmd/benchtable). The test binary is built once and run PASSES
# times (default 6) with -count 1, so that each pass measures every setup
# once: on a shared machine a burst of load then spreads over all the rows
# instead of spoiling the six runs of one. Each row is the median of the
# passes. Other arguments go to the test binary (default -test.benchtime
# 1s), e.g. PASSES=1 ./run.sh -test.benchtime 100ms for a quick look.
# The load test is load/run.sh.
set -euo pipefail
cd "$(dirname "$0")"
export GOFLAGS="${GOFLAGS:-} -mod=mod"

passes="${PASSES:-6}"
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
	args=(-test.benchtime 1s)
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

go test -c -o "$tmp/bench.test" .
before="$(cat /proc/loadavg)"
for i in $(seq "$passes"); do
	echo "== pass $i of $passes" >&2
	"$tmp/bench.test" -test.run '^$' -test.bench . -test.benchmem -test.count 1 "${args[@]}" | tee -a "$tmp/out.txt"
done
after="$(cat /proc/loadavg)"

commit="$(git -C .. rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C .. status --porcelain -- benchmarks ':!benchmarks/README.md' ':(glob)*.go' logger httplog grpclog redact sampling internal ':(exclude,glob)**/*_test.go' 2>/dev/null)" ]; then
	commit="$commit (with uncommitted changes)"
fi
go run ./cmd/benchtable -in "$tmp/out.txt" -readme README.md -gomod go.mod \
	-go "$(go env GOVERSION)" -commit "$commit" \
	-command "go test -c; $passes × bench.test -test.run '^\$' -test.bench . -test.benchmem -test.count 1 ${args[*]}" \
	-load-before "$before" -load-after "$after"
echo "== README.md updated" >&2
