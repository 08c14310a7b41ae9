#!/usr/bin/env bash
# Load test of the whole stack on 127.0.0.1: builds load/server, installs
# hey if it is missing, and runs load/driver, which drives the bare, the
# full tracelog and the peer server in turn, checks that every request left
# exactly one access line, and writes README.md's load section.
# It runs the driver twice: log files written line by line, then through a
# buffer. Arguments go to both runs (e.g. -d 10s -c 32 -rounds 2).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOFLAGS="${GOFLAGS:-} -mod=mod"

HEY_VERSION=v0.1.5 # the version the module proxy serves (no @latest here)
HEY="$(command -v hey || true)"
if [ -z "$HEY" ]; then
	HEY="$(go env GOPATH)/bin/hey"
	if [ ! -x "$HEY" ]; then
		echo "== go install github.com/rakyll/hey@$HEY_VERSION"
		GOFLAGS= go install "github.com/rakyll/hey@$HEY_VERSION"
	fi
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/server" ./load/server
go build -o "$tmp/driver" ./load/driver
# Once with the log written line by line (tracelog.New's and zap's default
# for a file), once through a 256 KiB buffer; each has its README section.
"$tmp/driver" -server "$tmp/server" -hey "$HEY" -dir "$tmp" -readme README.md \
	-section load -command "load/run.sh $*" "$@"
"$tmp/driver" -server "$tmp/server" -hey "$HEY" -dir "$tmp" -readme README.md \
	-section load-buffered -buffer 262144 -command "load/run.sh $*" "$@"
