package grpclog

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	"github.com/tracelog/tracelog/internal/accessfields"
	"github.com/tracelog/tracelog/internal/hop"
	"github.com/tracelog/tracelog/internal/stack"
	"github.com/tracelog/tracelog/internal/tracecontext"
	"github.com/tracelog/tracelog/logger"
)

// server holds what the server interceptors share.
type server struct {
	cfg      *config
	log      *zap.Logger // stored as the request logger
	line     *lineWriter
	tracing  tracing
	spanOpts []trace.SpanStartOption
}

func newServer(log *zap.Logger, opts []Option) *server {
	if log == nil {
		log = logger.Default()
	}
	cfg := newConfig(opts)
	return &server{
		cfg:      cfg,
		log:      log,
		line:     newLineWriter(log, cfg, false),
		tracing:  newTracing(cfg.tp),
		spanOpts: []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindServer)},
	}
}

// UnaryServerInterceptor returns an interceptor that writes one line per
// finished unary call (message "grpc call"), resolves the call's trace
// context, stores a request logger in the handler's context for
// [logger.FromContext], and recovers panics of the handler into
// codes.Internal. A nil log means logger.Default() as it is now. See the package
// documentation for the keys, levels and options.
func UnaryServerInterceptor(log *zap.Logger, opts ...Option) grpc.UnaryServerInterceptor {
	return newServer(log, opts).unary
}

// StreamServerInterceptor is [UnaryServerInterceptor] for streaming calls:
// the handler gets a stream whose Context carries the trace context and
// the request logger, and the line, written when the handler returns,
// counts the messages sent and received.
func StreamServerInterceptor(log *zap.Logger, opts ...Option) grpc.StreamServerInterceptor {
	return newServer(log, opts).stream
}

func (s *server) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
	if s.cfg.skipped(info.FullMethod) {
		return handler(ctx, req)
	}
	c := getCall()
	hctx := s.begin(ctx, c, new(callContext), info.FullMethod, TypeUnary)
	if s.cfg.payloads {
		c.req = capturePayload(s.cfg.redactor, s.cfg.payloadMax, req)
	}
	defer func() {
		r := recover()
		if r != nil {
			s.recovered(c, r)
			resp, err = nil, errPanic
		} else if s.cfg.payloads && err == nil {
			c.resp = capturePayload(s.cfg.redactor, s.cfg.payloadMax, resp)
		}
		s.line.finish(c, err)
		putCall(c)
		if r != nil && s.cfg.repanic {
			panic(r)
		}
	}()
	return handler(hctx, req)
}

func (s *server) stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
	if s.cfg.skipped(info.FullMethod) {
		return handler(srv, ss)
	}
	w := &serverStream{ServerStream: ss, s: s}
	w.ctx = s.begin(ss.Context(), &w.c, &w.cctx, info.FullMethod, callType(info.IsClientStream, info.IsServerStream))
	w.c.streaming = true
	defer func() {
		r := recover()
		if r != nil {
			s.recovered(&w.c, r)
			err = errPanic
		}
		s.line.finish(&w.c, err)
		if r != nil && s.cfg.repanic {
			panic(r)
		}
	}()
	return handler(srv, w)
}

// errPanic is what the client of a call whose handler panicked gets; the
// panic itself is only in the log.
var errPanic = status.Error(codes.Internal, "internal error")

// recovered records a recovered panic on c: its value, with credentials
// masked, and the stack of the panicking goroutine, which at this point
// still holds the handler's frames.
func (s *server) recovered(c *call, r any) {
	c.panicked = true
	c.panicVal = redactBound(s.cfg.redactor, fmt.Sprint(r))
	st := stack.Panic()
	if s.line.tracebacks {
		st = stack.Traceback("panic: "+c.panicVal, st)
	}
	c.stack = bound(st)
}

// callContext is the memory of the handler's context of a server call:
// the holder of AddFields' fields over the hop's node, one allocation for
// both. It is not pooled (the context may outlive the call): a unary call
// allocates it, a stream's wrapper embeds it.
type callContext struct {
	accessfields.Context
	hop hop.Node
}

// begin resolves the call's hop and returns the handler's context, made
// in cc: the incoming one with the hop's span, the request logger and the
// holder of AddFields' fields.
func (s *server) begin(ctx context.Context, c *call, cc *callContext, fullMethod, typ string) context.Context {
	c.begin(ctx, fullMethod, typ)
	if p, ok := peer.FromContext(ctx); ok {
		c.peer = p.Addr
	}
	if len(s.cfg.metadata) > 0 {
		c.md = metadataFields(s.cfg.metadata, s.line.metadataKey, s.cfg.redactor, func(k string) []string {
			return metadata.ValueFromIncomingContext(ctx, k)
		})
	}
	// A span already in ctx (otelgrpc's stats handler) is the hop's: then
	// there is nothing to extract.
	// A span that cannot tell its parent (the SDK's, for a trace not
	// sampled) has it read from the metadata.
	var remote trace.SpanContext
	base := ctx
	if !trace.SpanContextFromContext(ctx).IsValid() {
		c.in = ctx
		remote, base = s.extract(ctx, c)
		c.in = nil
	} else if hop.ParentUnknown(ctx) {
		c.in = ctx
		remote, _ = s.extract(ctx, c)
		c.in = nil
	}
	// The request logger goes in before the hop's span: logger.FromContext
	// then binds it to the span on first use, so a handler that does not
	// log costs no bound logger. A span that was already there binds now.
	base = logger.NewContext(base, s.log)
	opts := s.spanOpts
	tracer := s.tracing.forCall()
	if tracer != nil {
		service, method := splitMethod(fullMethod)
		opts = append(opts[:len(opts):len(opts)], spanAttributes(service, method))
	}
	hctx, info := hop.Start(base, &cc.hop, remote, tracer, fullMethod, opts...)
	hctx = s.line.decide(hctx, c, fullMethod)
	// The holder of AddFields' fields is the handler's context.
	cc.Init(hctx)
	hctx, c.extra = &cc.Context, &cc.F
	c.span = info.Span
	c.ctx = hctx
	if info.Incoming {
		c.parent = info.Parent
	}
	return hctx
}

const baggageHeader = "baggage"

// extract reads the incoming trace context of c.in, and returns ctx with
// the incoming baggage, if any.
func (s *server) extract(ctx context.Context, c *call) (trace.SpanContext, context.Context) {
	md := (*incomingMD)(c)
	if hop.UsesW3C(s.cfg.propagator) {
		var remote trace.SpanContext
		remote, c.parentHex, ctx = tracecontext.ExtractRemote(ctx, md)
		if len(md.Values(baggageHeader)) > 0 {
			ctx = propagation.Baggage{}.Extract(ctx, md)
		}
		return remote, ctx
	}
	ectx := hop.Propagator(s.cfg.propagator).Extract(context.Background(), md)
	if b := baggage.FromContext(ectx); b.Len() > 0 {
		ctx = baggage.ContextWithBaggage(ctx, b)
	}
	return trace.SpanContextFromContext(ectx), ctx
}

// serverStream gives the handler the call's context and counts messages.
type serverStream struct {
	grpc.ServerStream
	ctx  context.Context
	s    *server
	c    call
	cctx callContext
}

var _ grpc.ServerStream = (*serverStream)(nil)

// Context returns the call's context, with its span and request logger.
func (w *serverStream) Context() context.Context { return w.ctx }

// SendMsg sends m and counts it.
func (w *serverStream) SendMsg(m any) error {
	err := w.ServerStream.SendMsg(m)
	if err == nil {
		w.c.onMessage(&w.c.sent, &w.c.resp, w.s.cfg, m)
	}
	return err
}

// RecvMsg receives into m and counts it.
func (w *serverStream) RecvMsg(m any) error {
	err := w.ServerStream.RecvMsg(m)
	if err == nil {
		w.c.onMessage(&w.c.recv, &w.c.req, w.s.cfg, m)
	}
	return err
}
