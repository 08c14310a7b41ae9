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
