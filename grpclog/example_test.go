package grpclog_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/logger"
)

// exampleLogger writes JSON lines to stdout as tracelog.New does, without
// the keys that change from run to run (time, duration, the span IDs made
// per call), so that the examples' output can be checked.
func exampleLogger() *zap.Logger {
	ec := tracelog.EncoderConfig(tracelog.EncodingJSON)
	ec.TimeKey = ""
	core := zapcore.NewCore(zapcore.NewJSONEncoder(ec), zapcore.AddSync(os.Stdout), zapcore.InfoLevel)
	return zap.New(logger.NewCore(dropKeys{core, []string{"duration", "span_id", "tracelog.grpc.deadline"}}))
}

// dropKeys leaves some keys out of the lines of a core.
type dropKeys struct {
	zapcore.Core
	keys []string
}

func (d dropKeys) filter(fields []zapcore.Field) []zapcore.Field {
	out := make([]zapcore.Field, 0, len(fields))
	for _, f := range fields {
		keep := true
		for _, k := range d.keys {
			keep = keep && f.Key != k
		}
		if keep {
			out = append(out, f)
		}
	}
	return out
}

func (d dropKeys) With(fields []zapcore.Field) zapcore.Core {
	return dropKeys{d.Core.With(d.filter(fields)), d.keys}
}

func (d dropKeys) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if d.Enabled(e.Level) {
		return ce.AddCore(e, d)
	}
	return ce
}

func (d dropKeys) Write(e zapcore.Entry, fields []zapcore.Field) error {
	return d.Core.Write(e, d.filter(fields))
}

// exampleCall is what grpc hands a server interceptor for a call from
// 10.1.2.3 that carries W3C trace context and more metadata.
func exampleCall(kv ...string) context.Context {
	ctx := peer.NewContext(context.Background(), &peer.Peer{Addr: &net.TCPAddr{IP: net.IPv4(10, 1, 2, 3), Port: 51234}})
	md := metadata.Pairs("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	for i := 0; i+1 < len(kv); i += 2 {
		md.Append(kv[i], kv[i+1])
	}
	return metadata.NewIncomingContext(ctx, md)
}

// Install the interceptors on a server and a client. Users chain them with
// their own; put grpclog first so that it sees the final status and
// recovers panics of the interceptors after it.
func Example() {
	log, err := tracelog.New(tracelog.WithService("orders", "1.4.2"))
	if err != nil {
		panic(err)
	}
	skip := grpclog.WithSkipMethods("/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch")
	srv := grpc.NewServer(
		grpc.ChainUnaryInterceptor(grpclog.UnaryServerInterceptor(log, skip)),
		grpc.ChainStreamInterceptor(grpclog.StreamServerInterceptor(log, skip)),
	)
	defer srv.Stop()

	conn, err := grpc.NewClient("dns:///payments:443",
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(grpclog.UnaryClientInterceptor(log)),
		grpc.WithChainStreamInterceptor(grpclog.StreamClientInterceptor(log)),
	)
	if err != nil {
		panic(err)
	}
	defer conn.Close()
}

// A call with trace context: the handler's logger.FromContext and the
// access line share its trace_id, and the access line names the caller's
// span as parent_span_id.
func ExampleUnaryServerInterceptor() {
	icpt := grpclog.UnaryServerInterceptor(exampleLogger())
	handler := func(ctx context.Context, req any) (any, error) {
		logger.FromContext(ctx).Info("loading order", zap.Int("order", 42))
		return nil, status.Error(codes.NotFound, "no order 42")
	}
	_, err := icpt(exampleCall(), nil, &grpc.UnaryServerInfo{FullMethod: "/shop.v1.Orders/Get"}, handler)
	fmt.Println(status.Code(err))
	// Output:
	// {"level":"info","msg":"loading order","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","trace_flags":"01","order":42}
	// {"level":"info","msg":"grpc call","rpc.system.name":"grpc","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","trace_flags":"01","rpc.method":"shop.v1.Orders/Get","tracelog.grpc.type":"unary","rpc.status_code":"NotFound","tracelog.grpc.status_code":5,"tracelog.parent_span_id":"00f067aa0ba902b7","network.peer.address":"10.1.2.3","network.peer.port":51234,"exception.message":"no order 42","exception.type":"NotFound"}
	// NotFound
}

// Request metadata is logged only for the keys allowed; credentials are
// masked even then.
func ExampleWithMetadata() {
	icpt := grpclog.UnaryServerInterceptor(exampleLogger(),
		grpclog.WithMetadata("x-request-id", "authorization", "x-forwarded-for"))
	ctx := exampleCall("x-request-id", "req-7", "authorization", "Bearer eyJhbGciOi.x.y", "x-other", "not logged")
	_, _ = icpt(ctx, nil, &grpc.UnaryServerInfo{FullMethod: "/shop.v1.Orders/Get"},
		func(context.Context, any) (any, error) { return nil, nil })
	// Output:
	// {"level":"info","msg":"grpc call","rpc.system.name":"grpc","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","trace_flags":"01","rpc.method":"shop.v1.Orders/Get","tracelog.grpc.type":"unary","rpc.status_code":"OK","tracelog.grpc.status_code":0,"tracelog.parent_span_id":"00f067aa0ba902b7","network.peer.address":"10.1.2.3","network.peer.port":51234,"tracelog.grpc.request.metadata.x-request-id":"req-7","tracelog.grpc.request.metadata.authorization":"[REDACTED]"}
}

// Change the level of a few codes and keep the defaults for the rest.
func ExampleWithCodeToLevel() {
	quietNotFound := func(c codes.Code) zapcore.Level {
		if c == codes.NotFound {
			return zapcore.DebugLevel
		}
		return grpclog.DefaultServerCodeToLevel(c)
	}
	_ = grpclog.UnaryServerInterceptor(zap.NewNop(), grpclog.WithCodeToLevel(quietNotFound))
	for _, c := range []codes.Code{codes.OK, codes.NotFound, codes.ResourceExhausted, codes.Internal} {
		fmt.Printf("%s=%s ", c, quietNotFound(c))
	}
	fmt.Println()
	// Output:
	// OK=info NotFound=debug ResourceExhausted=warn Internal=error
}

// The client interceptor gives the call a span of its own, a child of the
// caller's, and sends it in the traceparent metadata.
func ExampleUnaryClientInterceptor() {
	icpt := grpclog.UnaryClientInterceptor(exampleLogger())
	invoker := func(ctx context.Context, method string, _, _ any, _ *grpc.ClientConn, _ ...grpc.CallOption) error {
		md, _ := metadata.FromOutgoingContext(ctx)
		tp := md.Get("traceparent")[0]
		fmt.Println("sent trace", tp[3:35], "sampled", strings.HasSuffix(tp, "-01"))
		return nil
	}
	// The caller's context holds the span of the request it serves.
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	ctx := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled,
	}))
	_ = icpt(ctx, "/payments.v1.Payments/Charge", nil, nil, nil, invoker)
	// Output:
	// sent trace 4bf92f3577b34da6a3ce929d0e0e4736 sampled true
	// {"level":"info","msg":"grpc client call","rpc.system.name":"grpc","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","trace_flags":"01","rpc.method":"payments.v1.Payments/Charge","tracelog.grpc.type":"unary","rpc.status_code":"OK","tracelog.grpc.status_code":0,"tracelog.parent_span_id":"00f067aa0ba902b7"}
}
