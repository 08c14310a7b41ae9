// Package tracecontext is tracelog's one implementation of W3C Trace
// Context Level 2 (https://www.w3.org/TR/trace-context-2/), used by
// httplog and grpclog wherever no other propagator was installed.
//
// It differs from otel's propagation.TraceContext where Level 2 or the
// processing model asks for more:
//
//   - traceparent: a version-00 value must be exactly 55 characters (no
//     trailing data); a later version is read forward-compatibly (the
//     fields of 00, then end or '-'); version ff, upper-case hex, all-zero
//     IDs and several traceparent fields are invalid (a new trace starts);
//     optional whitespace around the value is ignored.
//   - trace-flags: the sampled (01) and random (02) bits are kept and sent
//     on unchanged; the other bits are reserved and cleared.
//   - tracestate: every field is read and the fields are combined in order;
//     empty and whitespace-only members are skipped; keys follow Level 2's
//     grammar (up to 256 of a-z, 0-9, _ - * / @, starting with a letter or
//     digit, so tenant@system keys and keys with several @ are valid); the
//     first of duplicated keys is kept; more than 32 members, or one
//     invalid member, drops the whole tracestate (never the traceparent).
//     Above [MaxTracestate] characters, members longer than 128 characters
//     are dropped first, then members from the end, as the spec says.
//
// otel's trace.TraceState accepts only Level 1 keys. A tracestate with
// keys it cannot hold is kept whole in the context beside the span
// context (the otel-valid members go in the span context, for samplers),
// and [Propagator.Inject] sends the whole list on as long as the span
// context's trace state is still the one read. A tracestate that
// trace.ParseTraceState takes as it is costs nothing more than otel's
// propagator.
package tracecontext
