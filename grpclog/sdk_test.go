package grpclog_test

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"

	"github.com/tracelog/tracelog/grpclog"
)

func newSDK(t *testing.T) (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp, rec
}

func spanAttr(s sdktrace.ReadOnlySpan, key string) attribute.Value {
	for _, kv := range s.Attributes() {
		if string(kv.Key) == key {
			return kv.Value
		}
	}
	return attribute.Value{}
}

func TestSDKServerSpans(t *testing.T) {
	tests := []struct {
		code   codes.Code
		status otelcodes.Code
	}{
		{codes.OK, otelcodes.Unset},
		{codes.NotFound, otelcodes.Unset},
		{codes.Internal, otelcodes.Error},
	}
	for _, tt := range tests {
		t.Run(tt.code.String(), func(t *testing.T) {
			tp, rec := newSDK(t)
			e := newEnv(t, envConfig{noClient: true, server: []grpclog.Option{grpclog.WithTracerProvider(tp)}})
			ctx := metadata.AppendToOutgoingContext(ctxTimeout(t), "traceparent", inHeader)
			_, _ = e.client.UnaryCall(ctx, &testpb.SimpleRequest{ResponseStatus: &testpb.EchoStatus{Code: int32(tt.code), Message: "m"}})
			l := e.logs.one(t, grpclog.MessageServer)
			spans := rec.Ended()
			if len(spans) != 1 {
				t.Fatalf("%d spans ended, want 1", len(spans))
			}
			s := spans[0]
			if s.Name() != "/grpc.testing.TestService/UnaryCall" || s.SpanKind() != trace.SpanKindServer {
				t.Errorf("span %q kind %v", s.Name(), s.SpanKind())
			}
			if s.Parent().SpanID().String() != inSpan || !s.Parent().IsRemote() || s.SpanContext().TraceID().String() != inTrace {
				t.Errorf("span parent %v (remote %v), trace %v", s.Parent().SpanID(), s.Parent().IsRemote(), s.SpanContext().TraceID())
			}
			if s.Status().Code != tt.status {
				t.Errorf("span status %v, want %v", s.Status(), tt.status)
			}
			if spanAttr(s, "rpc.grpc.status_code").AsInt64() != int64(tt.code) || spanAttr(s, "rpc.method").AsString() != "UnaryCall" {
				t.Errorf("span attributes %v", s.Attributes())
			}
			if l.str("span_id") != s.SpanContext().SpanID().String() || l.str("trace_id") != inTrace || l.str("tracelog.parent_span_id") != inSpan {
				t.Errorf("line %v/%v parent %v; span %v", l["trace_id"], l["span_id"], l["tracelog.parent_span_id"], s.SpanContext().SpanID())
			}
			if h := e.logs.one(t, handlerMsg); h.str("span_id") != l.str("span_id") {
				t.Errorf("handler span %v, access span %v", h["span_id"], l["span_id"])
			}
		})
	}
}

func TestSDKStreamAndClientSpans(t *testing.T) {
	tp, rec := newSDK(t)
	opts := []grpclog.Option{grpclog.WithTracerProvider(tp)}
	e := newEnv(t, envConfig{server: opts, client: opts})
	ctx, caller := callerContext(t)
	s, err := e.client.StreamingOutputCall(ctx, &testpb.StreamingOutputCallRequest{ResponseParameters: make([]*testpb.ResponseParameters, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if err := drain(s.RecvMsg, func() any { return new(testpb.StreamingOutputCallResponse) }); err != nil {
		t.Fatal(err)
	}
	cl := e.logs.one(t, grpclog.MessageClient)
	sv := e.logs.one(t, grpclog.MessageServer)
	spans := rec.Ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans ended, want 2", len(spans))
	}
	byKind := map[trace.SpanKind]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		byKind[s.SpanKind()] = s
	}
	cs, ss := byKind[trace.SpanKindClient], byKind[trace.SpanKindServer]
	if cs == nil || ss == nil {
		t.Fatalf("spans: %v", spans)
	}
	if cs.Parent().SpanID() != caller.SpanID() || ss.Parent().SpanID() != cs.SpanContext().SpanID() {
		t.Errorf("client span parent %v (want caller %v), server span parent %v (want client %v)",
			cs.Parent().SpanID(), caller.SpanID(), ss.Parent().SpanID(), cs.SpanContext().SpanID())
	}
	if cl.str("span_id") != cs.SpanContext().SpanID().String() || sv.str("span_id") != ss.SpanContext().SpanID().String() ||
		sv.str("tracelog.parent_span_id") != cl.str("span_id") || cl.str("tracelog.parent_span_id") != caller.SpanID().String() {
		t.Errorf("lines: client %v parent %v, server %v parent %v", cl["span_id"], cl["tracelog.parent_span_id"], sv["span_id"], sv["tracelog.parent_span_id"])
	}
}

// spanFirst starts an SDK span before grpclog runs, as otelgrpc's stats
// handler does.
func spanFirst(tp trace.TracerProvider) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		md, _ := metadata.FromIncomingContext(ctx)
		carrier := propagation.MapCarrier{}
		for k, v := range md {
			carrier[k] = v[0]
		}
		ctx = propagation.TraceContext{}.Extract(ctx, carrier)
		ctx, span := tp.Tracer("otelgrpc-like").Start(ctx, info.FullMethod, trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		return h(ctx, req)
	}
}

func TestSpanAlreadyInContext(t *testing.T) {
	tp, rec := newSDK(t)
	e := newEnv(t, envConfig{
		noClient:    true,
		serverChain: []grpc.UnaryServerInterceptor{spanFirst(tp)},
		server:      []grpclog.Option{grpclog.WithTracerProvider(tp)},
	})
	ctx := metadata.AppendToOutgoingContext(ctxTimeout(t), "traceparent", inHeader)
	if _, err := e.client.UnaryCall(ctx, &testpb.SimpleRequest{}); err != nil {
		t.Fatal(err)
	}
	l := e.logs.one(t, grpclog.MessageServer)
	spans := rec.Ended()
	if len(spans) != 1 || spans[0].InstrumentationScope().Name != "otelgrpc-like" {
		t.Fatalf("spans: %v (grpclog must not start a second one)", spans)
	}
	if l.str("span_id") != spans[0].SpanContext().SpanID().String() || l.str("tracelog.parent_span_id") != inSpan {
		t.Errorf("line span %v parent %v, want %v parent %v", l["span_id"], l["tracelog.parent_span_id"], spans[0].SpanContext().SpanID(), inSpan)
	}
}

// TestGlobalTracerProvider runs in a child process, since the global
// provider cannot be unset.
func TestGlobalTracerProvider(t *testing.T) {
	if os.Getenv("GRPCLOG_GLOBAL_CHILD") == "1" {
		tp, rec := newSDK(t)
		otel.SetTracerProvider(tp)
		e := newEnv(t, envConfig{noClient: true})
		if _, err := e.client.EmptyCall(ctxTimeout(t), &testpb.Empty{}); err != nil {
			t.Fatal(err)
		}
		l := e.logs.one(t, grpclog.MessageServer)
		if spans := rec.Ended(); len(spans) != 1 || l.str("span_id") != spans[0].SpanContext().SpanID().String() {
			t.Fatalf("global SDK not used: spans %v, line span %v", spans, l["span_id"])
		}
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestGlobalTracerProvider$", "-test.count=1")
	cmd.Env = append(os.Environ(), "GRPCLOG_GLOBAL_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
