// Package hopmatrix holds no code: its test runs two real loopback services
// (HTTP→HTTP, HTTP→gRPC, gRPC→HTTP) through every tracing mode (no SDK, an
// SDK, otelhttp/otelgrpc outermost) and every kind of incoming trace
// context, and checks the trace keys of every access and client line and
// the trace headers each hop sent.
package hopmatrix
