package grpclog

import (
	"context"
	"io"
	"sync/atomic"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"

	"github.com/tracelog/tracelog/internal/hop"
	"github.com/tracelog/tracelog/logger"
)

// client holds what the client interceptors share.
type client struct {
	cfg      *config
	line     *lineWriter
	tracing  tracing
	spanOpts []trace.SpanStartOption
}

func newClient(log *zap.Logger, opts []Option) *client {
	if log == nil {
		log = logger.Default()
	}
	cfg := newConfig(opts)
	return &client{
		cfg:      cfg,
		line:     newLineWriter(log, cfg, true),
		tracing:  newTracing(cfg.tp),
		spanOpts: []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient)},
	}
}

// UnaryClientInterceptor returns an interceptor that gives each call a span
// of its own (a child of the caller's span, or the root of a new trace),
// sends its trace context in the outgoing metadata, and writes one line per
// finished call (message "grpc client call"). A nil log means logger.Default()
// as it is now. See the package documentation for the keys, levels and options.
func UnaryClientInterceptor(log *zap.Logger, opts ...Option) grpc.UnaryClientInterceptor {
	return newClient(log, opts).unary
}

// StreamClientInterceptor is [UnaryClientInterceptor] for streaming calls.
// The line is written when the stream ends: when RecvMsg returns an error
// (io.EOF is success) or, for calls with a single response, returns it;
// when SendMsg or Header fail; or when the call's context is done, if that
// comes first.
func StreamClientInterceptor(log *zap.Logger, opts ...Option) grpc.StreamClientInterceptor {
	return newClient(log, opts).stream
}

// unaryMemory is what a unary call needs beyond its pooled state, in one
// allocation: the peer grpc fills in, and the node of the hop's context
// (neither pooled: grpc and the invoker may keep them).
type unaryMemory struct {
	peer peer.Peer
	hop  hop.Node
}

func (cl *client) unary(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if cl.cfg.skipped(method) {
		return invoker(ctx, method, req, reply, cc, opts...)
	}
	c := getCall()
	defer putCall(c)
	m := new(unaryMemory)
	cctx := cl.begin(ctx, c, &m.hop, method, TypeUnary, cc)
	if cl.cfg.payloads {
		c.req = capturePayload(cl.cfg.redactor, cl.cfg.payloadMax, req)
	}
	// A full slice expression: appending never writes into the caller's
	// backing array.
	opts = append(opts[:len(opts):len(opts)], grpc.Peer(&m.peer))
	err := invoker(cctx, method, req, reply, cc, opts...)
	c.peer = m.peer.Addr
	if cl.cfg.payloads && err == nil {
		c.resp = capturePayload(cl.cfg.redactor, cl.cfg.payloadMax, reply)
	}
	cl.line.finish(c, err)
	return err
}

func (cl *client) stream(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	if cl.cfg.skipped(method) {
		return streamer(ctx, desc, cc, method, opts...)
	}
	w := &clientStream{cl: cl, serverStreams: desc.ServerStreams}
	cctx := cl.begin(ctx, &w.c, &w.hop, method, callType(desc.ClientStreams, desc.ServerStreams), cc)
	w.c.streaming = true
	cs, err := streamer(cctx, desc, cc, method, opts...)
	if err != nil {
		w.end(err, false)
		return nil, err
	}
	w.ClientStream = cs
	// A caller that gives up on the stream cancels its context: the line
	// is written then, unless the stream ended first.
	w.stop = context.AfterFunc(cctx, func() { w.end(cctx.Err(), false) })
	return w, nil
}

// begin starts the call's hop and returns the invoker's context, with the
// hop's span (in node, when of the hop's own making) and its trace context
// in the outgoing metadata.
func (cl *client) begin(ctx context.Context, c *call, node *hop.Node, method, typ string, cc *grpc.ClientConn) context.Context {
	c.begin(ctx, method, typ)
	if cc != nil {
		c.target = cc.Target()
	}
	opts := cl.spanOpts
	tracer := cl.tracing.forCall()
	if tracer != nil {
		service, name := splitMethod(method)
		opts = append(opts[:len(opts):len(opts)], spanAttributes(service, name))
	}
	cctx, info := hop.StartClient(ctx, node, tracer, method, opts...)
	c.parent = info.Parent
	span := info.Span
	c.span = span
	c.ctx = cctx
	cctx = inject(cctx, hop.Propagator(cl.cfg.propagator))
	if len(cl.cfg.metadata) > 0 {
		md, _ := metadata.FromOutgoingContext(cctx)
		c.md = metadataFields(cl.cfg.metadata, cl.line.metadataKey, cl.cfg.redactor, md.Get)
	}
	return cctx
}

// inject returns ctx with the trace context of its span (and its baggage)
// set in the outgoing metadata. The caller's metadata is copied, never
// changed; keys the propagator writes replace values already there.
func inject(ctx context.Context, p propagation.TextMapPropagator) context.Context {
	add := metadata.MD{}
	p.Inject(ctx, mdCarrier(add))
	if len(add) == 0 {
		return ctx
	}
	md, ok := metadata.FromOutgoingContext(ctx) // a copy
	if !ok {
		return metadata.NewOutgoingContext(ctx, add)
	}
	for k, v := range add {
		md[k] = v
	}
	return metadata.NewOutgoingContext(ctx, md)
}

// clientStream counts messages and writes the call's line when the stream
// ends.
type clientStream struct {
	grpc.ClientStream
	cl            *client
	serverStreams bool
	stop          func() bool // unregisters the context watch
	done          atomic.Bool
	c             call
	hop           hop.Node
}

var _ grpc.ClientStream = (*clientStream)(nil)

// SendMsg sends m and counts it. A failure other than io.EOF ends the call
// (io.EOF means the server ended it: RecvMsg then returns the status).
func (w *clientStream) SendMsg(m any) error {
	err := w.ClientStream.SendMsg(m)
	switch {
	case err == nil:
		w.c.onMessage(&w.c.sent, &w.c.req, w.cl.cfg, m)
	case err != io.EOF:
		w.end(err, true)
	}
	return err
}

// RecvMsg receives into m and counts it. An error ends the call (io.EOF
// with success), and so does the response of a call that has only one.
func (w *clientStream) RecvMsg(m any) error {
	err := w.ClientStream.RecvMsg(m)
	if err == nil {
		w.c.onMessage(&w.c.recv, &w.c.resp, w.cl.cfg, m)
		if !w.serverStreams {
			w.end(nil, true)
		}
		return nil
	}
	if err == io.EOF {
		w.end(nil, true)
	} else {
		w.end(err, true)
	}
	return err
}

// Header returns the response header; a failure ends the call.
func (w *clientStream) Header() (metadata.MD, error) {
	md, err := w.ClientStream.Header()
	if err != nil && err != io.EOF {
		w.end(err, true)
	}
	return md, err
}

// end writes the line once. stop is true on the caller's goroutine, where
// w.stop is known to be set; the context watch itself passes false.
func (w *clientStream) end(err error, stop bool) {
	if !w.done.CompareAndSwap(false, true) {
		return
	}
	if stop && w.stop != nil {
		w.stop()
	}
	if w.ClientStream != nil {
		if p, ok := peer.FromContext(w.ClientStream.Context()); ok {
			w.c.peer = p.Addr
		}
	}
	w.cl.line.finish(&w.c, err)
}
