package grpclog_test

import (
	"context"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"

	"github.com/tracelog/tracelog/grpclog"
)

func TestPanics(t *testing.T) {
	panicking := &testpb.EchoStatus{Message: "panic"}
	tests := []struct {
		name string
		typ  string
		run  func(context.Context, testpb.TestServiceClient) error
	}{
		{"unary", grpclog.TypeUnary, func(ctx context.Context, c testpb.TestServiceClient) error {
			_, err := c.UnaryCall(ctx, &testpb.SimpleRequest{ResponseStatus: panicking})
			return err
		}},
		{"server stream", grpclog.TypeServerStream, func(ctx context.Context, c testpb.TestServiceClient) error {
			s, err := c.StreamingOutputCall(ctx, &testpb.StreamingOutputCallRequest{ResponseStatus: panicking})
			if err != nil {
				return err
			}
			return drain(s.RecvMsg, func() any { return new(testpb.StreamingOutputCallResponse) })
		}},
		{"bidi stream", grpclog.TypeBidiStream, func(ctx context.Context, c testpb.TestServiceClient) error {
			return bidi(ctx, c, nil, panicking)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, envConfig{noClient: true})
			err := tt.run(ctxTimeout(t), e.client)
			if st := status.Convert(err); st.Code() != codes.Internal || st.Message() != "internal error" {
				t.Fatalf("client got %v, want Internal \"internal error\"", err)
			}
			l := e.logs.one(t, grpclog.MessageServer)
			want := keysWith("tracelog.grpc.deadline", grpclog.KeyError, grpclog.KeyErrorType, grpclog.KeyErrorClass,
				"tracelog.panic.value", "tracelog.panic.stacktrace")
			if tt.typ != grpclog.TypeUnary {
				want = append(want, "tracelog.grpc.messages_sent", "tracelog.grpc.messages_received")
			}
			assertKeys(t, l, want...)
			if l.str("rpc.status_code") != "Internal" || l.str("level") != "error" || l.str("tracelog.grpc.type") != tt.typ {
				t.Errorf("line: code %v, level %v, type %v", l["rpc.status_code"], l["level"], l["tracelog.grpc.type"])
			}
			if p := l.str("tracelog.panic.value"); !strings.HasPrefix(p, "boom") || strings.Contains(p, "s3cr3t") {
				t.Errorf("grpc.panic = %q, want the value with the token masked", p)
			}
			// The stack starts at the panicking frame, in zap's stack shape
			// (as httplog's): no goroutine header, no runtime or recovery
			// frames, no arguments.
			st := l.str("tracelog.panic.stacktrace")
			if first, _, _ := strings.Cut(st, "\n"); !strings.HasSuffix(first, "grpclog_test.act") {
				t.Errorf("grpc.panic_stack does not start at the panicking function:\n%s", st)
			}
			for _, bad := range []string{"goroutine ", "runtime.gopanic", "recovered", "(0x"} {
				if strings.Contains(st, bad) {
					t.Errorf("grpc.panic_stack has %q:\n%s", bad, st)
				}
			}
			// Exactly one line mentions the panic, and it carries the trace.
			n := 0
			for _, l := range e.logs.lines(t) {
				if strings.Contains(l.str("tracelog.panic.value"), "boom") || strings.Contains(l.str("exception.message"), "boom") || strings.Contains(l.str("msg"), "panic") {
					n++
				}
			}
			if n != 1 || len(l.str("trace_id")) != 32 {
				t.Errorf("%d lines mention the panic (want 1); trace_id %v", n, l["trace_id"])
			}
		})
	}
}

func TestRepanic(t *testing.T) {
	log, logs := newLogger(t)
	icpt := grpclog.UnaryServerInterceptor(log, grpclog.WithRepanic())
	var got any
	func() {
		defer func() { got = recover() }()
		_, _ = icpt(incomingCtx(false), nil, &grpc.UnaryServerInfo{FullMethod: "/shop.v1.Orders/Get"},
			func(context.Context, any) (any, error) { panic("again") })
	}()
	if got != "again" {
		t.Fatalf("recovered %v, want the handler's panic value", got)
	}
	l := logs.one(t, grpclog.MessageServer)
	if l.str("tracelog.panic.value") != "again" || l.str("rpc.status_code") != "Internal" {
		t.Errorf("line: %v", l)
	}

	// Without the option the panic ends in the interceptor.
	icpt = grpclog.UnaryServerInterceptor(log)
	_, err := icpt(incomingCtx(false), nil, &grpc.UnaryServerInfo{FullMethod: "/shop.v1.Orders/Get"},
		func(context.Context, any) (any, error) {
			var m map[string]int
			//lint:ignore SA5000 the handler panics on purpose
			m["x"]++
			return nil, nil
		})
	if status.Code(err) != codes.Internal {
		t.Errorf("err = %v, want Internal", err)
	}
}
