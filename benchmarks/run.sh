#!/usr/bin/env bash
# Runs the peer benchmarks once and writes README.md's benchmark tables
# from that run (cmd/benchtable). Arguments replace the default -count 6
# (e.g. ./run.sh -count 1 -benchtime 100ms for a quick look).
# The load test is load/run.sh.
set -euo pipefail
cd "$(dirname "$0")"
export GOFLAGS="${GOFLAGS:-} -mod=mod"

args=("$@")
if [ ${#args[@]} -eq 0 ]; then
	args=(-count 6)
fi
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

before="$(cat /proc/loadavg)"
go test -run '^$' -bench . -benchmem "${args[@]}" . | tee "$out"
after="$(cat /proc/loadavg)"

commit="$(git -C .. rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C .. status --porcelain -- . ../*.go ../logger ../httplog ../grpclog ../redact ../sampling ../internal 2>/dev/null)" ]; then
	commit="$commit (with uncommitted changes)"
fi
go run ./cmd/benchtable -in "$out" -readme README.md -gomod go.mod \
	-go "$(go env GOVERSION)" -commit "$commit" \
	-command "go test -run '^\$' -bench . -benchmem ${args[*]}" \
	-load-before "$before" -load-after "$after"
echo "== README.md updated"
