package hop

import (
	"context"

	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// spanCtx is a context holding a span context of the hop's own making, in
// one allocation where trace.ContextWithSpanContext takes two (the span and
// the context node): it is both the context and the non-recording span
// that trace.SpanFromContext finds in it. It answers the key under which
// package trace looks spans up, which spanKey learns once by watching
// that lookup.
type spanCtx struct {
	context.Context
	noop.Span
	sc trace.SpanContext
}

var _ trace.Span = (*spanCtx)(nil)

// SpanContext returns the hop's span context.
func (c *spanCtx) SpanContext() trace.SpanContext { return c.sc }

// Value returns c itself, as the span, for the span key.
func (c *spanCtx) Value(key any) any {
	// spanKey's dynamic type is comparable, so this never panics.
	if key == spanKey {
		return c
	}
	return c.Context.Value(key)
}

// Deadline, Done and Err come from the parent; String names the node.
func (c *spanCtx) String() string { return "hop.spanCtx" }

// keyProbe records the key of the last Value call made on it.
type keyProbe struct {
	context.Context
	key any
}

func (p *keyProbe) Value(key any) any {
	p.key = key
	return nil
}

// spanKey is the key of package trace's span lookup, or nil when it could
// not be learned or does not work as expected (then the plain
// trace.ContextWithSpanContext is used).
var spanKey any

func init() {
	p := &keyProbe{Context: context.Background()}
	trace.SpanFromContext(p)
	if p.key == nil {
		return
	}
	spanKey = p.key
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{1}})
	if !trace.SpanContextFromContext(&spanCtx{Context: context.Background(), sc: sc}).Equal(sc) {
		spanKey = nil
	}
}

// A Node is the memory of the context node [Start] and [StartClient] add
// when the hop's span context is of their own making (no SDK span). A
// caller whose per-request state is allocated anyway, and not pooled (the
// context may outlive the request), embeds a Node there and passes it, so
// that the hop allocates nothing of its own; a nil Node makes them
// allocate it. A Node serves one hop, and is not to be copied once used.
type Node struct{ sc spanCtx }

// contextWithSpanContext returns a copy of parent holding sc, as
// trace.ContextWithSpanContext does, in node when it is not nil.
func contextWithSpanContext(parent context.Context, sc trace.SpanContext, node *Node) context.Context {
	if spanKey == nil {
		return trace.ContextWithSpanContext(parent, sc)
	}
	if node == nil {
		node = new(Node)
	}
	node.sc = spanCtx{Context: parent, sc: sc}
	return &node.sc
}
