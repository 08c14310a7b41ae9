// Package hop resolves the trace context of one hop, incoming (a request a
// server handles) or outgoing (a call a client makes), for the httplog and
// grpclog middleware, with the same rules for HTTP and gRPC.
//
// Incoming ([Start]):
//
//   - a span already in the context (otelhttp, otelgrpc) is used as is;
//     when it cannot tell its parent (the SDK's span of a trace it does
//     not sample), the incoming trace context names it ([ParentUnknown]);
//   - else, with a tracing SDK behind the tracer, the SDK starts the hop's
//     span, as a child of the incoming trace context if there is one;
//   - else the hop gets a span ID of its own, a child of the incoming span
//     or, with nothing incoming, the root of a new trace.
//
// Outgoing ([StartClient]): every call is a span, a child of the caller's
// span: otelhttp's or otelgrpc's recording client span when one is already
// in the context, else the SDK's client span, else a span ID of its own;
// with no span in the context, the root of a new trace.
//
// A trace started here carries [MintedFlags] (sampled and random); flags
// that arrive are propagated unchanged. So every request is correlatable,
// each hop's lines are told apart by span_id, every call's callee names
// exactly one client line as its parent, and with an SDK no ID is made up
// that the SDK does not know.
//
// [Propagator] picks the propagator: the user's, the global one as it is,
// or, while none is installed, W3C Trace Context Level 2 (package
// tracecontext) with Baggage.
package hop
