// Package logtest writes realistic tracelog output for the tests and
// benchmarks of the tracelog command: the lines of requests through three
// services (frontend, orders, payments), written with tracelog.New and
// logger.Context, with access lines shaped as httplog and grpclog write
// them.
package logtest
