// Package hop resolves the trace context of one incoming request (a hop)
// for the httplog and grpclog middleware, with the same rules for both:
//
//   - a span already in the context (otelhttp, otelgrpc) is used as is;
//   - else, with a tracing SDK behind the tracer, the SDK starts the hop's
//     span, as a child of the incoming trace context if there is one;
//   - else the hop gets a span ID of its own, a child of the incoming span
//     or, with nothing incoming, the root of a new trace.
//
// So every request is correlatable, each hop's lines are told apart by
// span_id, and with an SDK no ID is made up that the SDK does not know.
package hop
