package benchmarks_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"

	"github.com/tracelog/tracelog/grpclog"
)

var (
	grpcInfo = &grpc.UnaryServerInfo{FullMethod: "/shop.v1.Orders/Get"}
	grpcResp = new(int)
)

// grpcHandler is the trivial service method every setup calls.
func grpcHandler(context.Context, any) (any, error) { return grpcResp, nil }

// grpcIncoming is an incoming call's context as grpc-go builds it: the
// peer, the metadata (with a traceparent) and a deadline.
func grpcIncoming(tb testing.TB, parent context.Context) context.Context {
	ctx := peer.NewContext(parent, &peer.Peer{
		Addr:      &net.TCPAddr{IP: net.IPv4(10, 1, 2, 3), Port: 51234},
		LocalAddr: &net.TCPAddr{IP: net.IPv4(10, 1, 2, 4), Port: 8443},
	})
	md := metadata.Pairs(":authority", "orders:443", "content-type", "application/grpc",
		"user-agent", "grpc-go/1.80.0", "traceparent", reqTraceparent)
	ctx, cancel := context.WithDeadline(metadata.NewIncomingContext(ctx, md), time.Now().Add(time.Hour))
	tb.Cleanup(cancel)
	return ctx
}

// grpcSetup is one way to run the call. span: the context holds an SDK span
// (as otelgrpc's stats handler gives) rather than only the traceparent.
// lines: lines per call; traceID: the trace ID they carry ("" for none).
type grpcSetup struct {
	name  string
	span  bool
	lines int
	ids   bool
	make  func(tb testing.TB, e env) grpc.UnaryServerInterceptor
}

var grpcSetups = []grpcSetup{
	{"floor", false, 0, false, nil},
	// grpclog on its own: the trace context read from the traceparent, a
	// span ID of its own.
	{"tracelog_grpclog", false, 1, true, func(tb testing.TB, e env) grpc.UnaryServerInterceptor {
		return grpclog.UnaryServerInterceptor(tracelogLogger(tb, e.out))
	}},
	// grpclog behind otelgrpc: the span in the context used as is.
	{"tracelog_grpclog_sdk_span", true, 1, true, func(tb testing.TB, e env) grpc.UnaryServerInterceptor {
		return grpclog.UnaryServerInterceptor(tracelogLogger(tb, e.out))
	}},
	// go-grpc-middleware v2's logging with the zap adapter of its docs and
	// the trace ID added from the context as its example server does
	// (the SDK span being otelgrpc's); one line per call (FinishCall).
	{"ggm_logging_zap", true, 1, true, func(_ testing.TB, e env) grpc.UnaryServerInterceptor {
		return logging.UnaryServerInterceptor(interceptorLogger(zap.New(zapJSONCore(e.out))),
			logging.WithLogOnEvents(logging.FinishCall), logging.WithFieldsFromContext(traceFields))
	}},
	// The same with the events of its docs' example: StartCall and
	// FinishCall, two lines per call.
	{"ggm_logging_zap_start_finish", true, 2, true, func(_ testing.TB, e env) grpc.UnaryServerInterceptor {
		return logging.UnaryServerInterceptor(interceptorLogger(zap.New(zapJSONCore(e.out))),
			logging.WithLogOnEvents(logging.StartCall, logging.FinishCall), logging.WithFieldsFromContext(traceFields))
	}},
}

// traceFields is go-grpc-middleware's example way to log the trace ID.
func traceFields(ctx context.Context) logging.Fields {
	if sc := trace.SpanContextFromContext(ctx); sc.IsSampled() {
		return logging.Fields{"traceID", sc.TraceID().String()}
	}
	return nil
}

// interceptorLogger is the zap adapter of go-grpc-middleware's docs, with
// one change: the docs' version assigns the derived logger back to the
// captured l, so that each call adds its fields to every later call's
// logger (a data race, and a line that grows forever); here it is local.
func interceptorLogger(l *zap.Logger) logging.Logger {
	return logging.LoggerFunc(func(_ context.Context, lvl logging.Level, msg string, fields ...any) {
		f := make([]zap.Field, 0, len(fields)/2)
		i := logging.Fields(fields).Iterator()
		for i.Next() {
			k, v := i.At()
			f = append(f, zap.Any(k, v))
		}
		log := l.WithOptions(zap.AddCallerSkip(1)).With(f...)
		switch lvl {
		case logging.LevelDebug:
			log.Debug(msg)
		case logging.LevelInfo:
			log.Info(msg)
		case logging.LevelWarn:
			log.Warn(msg)
		case logging.LevelError:
			log.Error(msg)
		default:
			panic(fmt.Sprintf("unknown level %v", lvl))
		}
	})
}

// grpcCtx is the context a setup's interceptor gets.
func grpcCtx(tb testing.TB, s grpcSetup) context.Context {
	if s.span {
		return grpcIncoming(tb, remoteChildSpan(tb))
	}
	return grpcIncoming(tb, context.Background())
}

// remoteChildSpan is an SDK span, child of the traceparent's span, as
// otelgrpc's stats handler starts it before the interceptors run.
func remoteChildSpan(tb testing.TB) context.Context {
	e := benchEnv(tb)
	tid, _ := trace.TraceIDFromHex(reqTraceID)
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	parent := trace.ContextWithRemoteSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled, Remote: true,
	}))
	ctx, span := e.tp.Tracer("otelgrpc").Start(parent, grpcInfo.FullMethod, trace.WithSpanKind(trace.SpanKindServer))
	tb.Cleanup(func() { span.End() })
	return ctx
}

// BenchmarkGRPCUnaryCall calls each unary server interceptor directly with
// a trivial handler. Floor: the handler alone.
func BenchmarkGRPCUnaryCall(b *testing.B) {
	for _, s := range grpcSetups {
		b.Run(s.name, func(b *testing.B) {
			ctx := grpcCtx(b, s)
			if s.make == nil {
				b.ReportAllocs()
				for b.Loop() {
					_, _ = grpcHandler(ctx, nil)
				}
				return
			}
			icpt := s.make(b, benchEnv(b))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = icpt(ctx, nil, grpcInfo, grpcHandler)
			}
		})
	}
}
