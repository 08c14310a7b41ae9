// Package stack captures and formats call stacks in the shape zap gives
// its stacktrace key ("function\n\tfile:line" per frame, outermost runtime
// frame left out), so that every stack tracelog writes (zap's own, a slog
// Error line's, an HTTP or gRPC handler's panic) reads the same: no
// goroutine header, no argument pointers, starting at the frame that
// matters.
package stack
