package grpclog_test

import (
	"context"
	"io"
	"testing"
	"time"

	"go.uber.org/zap"
	"google.golang.org/grpc"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/logger"
)

// benchLogger is tracelog.New's logger writing to io.Discard: the JSON
// encoder with float-millisecond durations, wrapped by logger.NewCore.
func benchLogger(tb testing.TB) *zap.Logger {
	tb.Helper()
	log, err := tracelog.New(tracelog.WithOutput(io.Discard), tracelog.WithService("orders", "1.0.0"))
	if err != nil {
		tb.Fatal(err)
	}
	return log
}

var (
	benchInfo = &grpc.UnaryServerInfo{FullMethod: "/shop.v1.Orders/Get"}
	benchResp = new(int)
)

func trivialHandler(context.Context, any) (any, error) { return benchResp, nil }

func loggingHandler(ctx context.Context, _ any) (any, error) {
	logger.FromContext(ctx).Info("loaded order")
	return benchResp, nil
}

// benchCtx is an incoming call's context with a deadline.
func benchCtx(tb testing.TB, traceparent bool) context.Context {
	ctx, cancel := context.WithDeadline(incomingCtx(traceparent), time.Now().Add(time.Hour))
	tb.Cleanup(cancel)
	return ctx
}

func BenchmarkUnaryServer(b *testing.B) {
	log := benchLogger(b)
	icpt := grpclog.UnaryServerInterceptor(log)
	for _, bc := range []struct {
		name        string
		traceparent bool
		floor       bool
		handler     grpc.UnaryHandler
	}{
		{"floor", true, true, trivialHandler},
		{"traceparent", true, false, trivialHandler},
		{"no_traceparent", false, false, trivialHandler},
		{"traceparent_handler_logs", true, false, loggingHandler},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := benchCtx(b, bc.traceparent)
			b.ReportAllocs()
			for b.Loop() {
				if bc.floor {
					_, _ = bc.handler(ctx, nil)
				} else {
					_, _ = icpt(ctx, nil, benchInfo, bc.handler)
				}
			}
		})
	}
}

// BenchmarkAccessLineOnly logs a line with the same keys straight
// through zap, for a span whose trace fields the tracelog core has cached:
// the cost of encoding the line, which the interceptor cannot go below.
func BenchmarkAccessLineOnly(b *testing.B) {
	log := benchLogger(b).With(zap.String(grpclog.KeyRPCSystem, grpclog.RPCSystem))
	ctx, _ := callerContext(&testing.T{})
	b.ReportAllocs()
	for b.Loop() {
		log.Info(grpclog.MessageServer,
			logger.Context(ctx),
			zap.String(grpclog.KeyRPCMethod, "shop.v1.Orders/Get"),
			zap.String(grpclog.KeyType, grpclog.TypeUnary),
			zap.String(grpclog.KeyCode, "OK"),
			zap.Int64(grpclog.KeyCodeNum, 0),
			zap.Duration(grpclog.KeyDuration, 1234*time.Microsecond),
			zap.Duration(grpclog.KeyDeadline, time.Hour),
			zap.String(grpclog.KeyParentSpanID, inSpan),
			zap.String(grpclog.KeyPeerAddress, "10.1.2.3"),
			zap.Int(grpclog.KeyPeerPort, 51234),
		)
	}
}

func BenchmarkUnaryServerParallel(b *testing.B) {
	icpt := grpclog.UnaryServerInterceptor(benchLogger(b))
	ctx := benchCtx(b, true)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			_, _ = icpt(ctx, nil, benchInfo, trivialHandler)
		}
	})
}

func noopInvoker(context.Context, string, any, any, *grpc.ClientConn, ...grpc.CallOption) error {
	return nil
}

func BenchmarkUnaryClient(b *testing.B) {
	icpt := grpclog.UnaryClientInterceptor(benchLogger(b))
	ctx, _ := callerContext(&testing.T{})
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = noopInvoker(ctx, "/shop.v1.Orders/Get", nil, nil, nil)
		}
	})
	b.Run("with_span", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = icpt(ctx, "/shop.v1.Orders/Get", nil, nil, nil, noopInvoker)
		}
	})
}
