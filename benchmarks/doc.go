// Package benchmarks compares tracelog with the libraries a Go team would
// otherwise reach for, side by side in one `go test -bench` run: a
// trace-correlated line, an HTTP access line, a gRPC call, a dropped line
// and redaction. It is a module of its own, so that the peers never enter
// the library's go.mod.
//
// The benchmarks are in the _test.go files; run.sh runs them and
// cmd/benchtable turns the output into README.md's tables. The load test
// of the whole stack is in load/.
package benchmarks
