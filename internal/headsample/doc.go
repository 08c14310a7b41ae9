// Package headsample is the plumbing between a head sampler (package
// sampling), the cores that follow its decisions (package logger, the
// OpenTelemetry tee of package tracelog) and the middleware that starts a
// request's decision (httplog, grpclog). None of it is for service
// authors, who configure a sampler once (tracelog.WithSampler, or
// sampling.NewCore) and never call what is here.
//
//   - [Decision] is a request's verdict as the cores see it, carried in
//     the request context ([With], [FromContext]).
//   - [Request] is the one implementation: the middleware embeds it in its
//     per-request state, starts it with [Request.Begin], and the verdict is
//     made on first use, once the route is known, by an [Engine] (the
//     sampler).
//   - [FromLogger] finds the Engine of a logger whose core carries one
//     ([Carrier]), so the middleware needs no option of its own.
package headsample
