package grpclog_test

import (
	"context"
	"testing"

	"go.uber.org/zap/zapcore"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"

	"github.com/tracelog/tracelog/grpclog"
)

func TestDefaultLevels(t *testing.T) {
	const (
		I = zapcore.InfoLevel
		W = zapcore.WarnLevel
		E = zapcore.ErrorLevel
	)
	tests := []struct {
		code           codes.Code
		server, client zapcore.Level
	}{
		{codes.OK, I, I},
		{codes.Canceled, I, I},
		{codes.Unknown, E, W},
		{codes.InvalidArgument, I, W},
		{codes.DeadlineExceeded, W, W},
		{codes.NotFound, I, I},
		{codes.AlreadyExists, I, I},
		{codes.PermissionDenied, W, W},
		{codes.ResourceExhausted, W, W},
		{codes.FailedPrecondition, W, W},
		{codes.Aborted, W, I},
		{codes.OutOfRange, W, W},
		{codes.Unimplemented, E, E},
		{codes.Internal, E, W},
		{codes.Unavailable, E, W},
		{codes.DataLoss, E, W},
		{codes.Unauthenticated, I, W},
		{codes.Code(99), E, W},
	}
	for _, tt := range tests {
		if got := grpclog.DefaultServerCodeToLevel(tt.code); got != tt.server {
			t.Errorf("server %v: %v, want %v", tt.code, got, tt.server)
		}
		if got := grpclog.DefaultClientCodeToLevel(tt.code); got != tt.client {
			t.Errorf("client %v: %v, want %v", tt.code, got, tt.client)
		}
	}
}

func TestCodeToLevelOption(t *testing.T) {
	quietNotFound := func(c codes.Code) zapcore.Level {
		switch c {
		case codes.NotFound:
			return zapcore.DebugLevel
		case codes.DataLoss:
			return zapcore.FatalLevel // must not exit the test
		case codes.Aborted:
			return zapcore.Level(-9) // below Debug: written at Debug
		}
		return grpclog.DefaultServerCodeToLevel(c)
	}
	e := newEnv(t, envConfig{noClient: true, server: []grpclog.Option{grpclog.WithCodeToLevel(quietNotFound), grpclog.WithCodeToLevel(nil)}})
	for code, want := range map[codes.Code]string{codes.NotFound: "debug", codes.DataLoss: "error", codes.Aborted: "debug", codes.Internal: "error"} {
		_, err := e.client.UnaryCall(ctxTimeout(t), &testpb.SimpleRequest{ResponseStatus: &testpb.EchoStatus{Code: int32(code), Message: "x"}})
		if status.Code(err) != code {
			t.Fatalf("got %v", err)
		}
		var l line
		for _, x := range e.logs.byMsg(t, grpclog.MessageServer) {
			if x.str("rpc.status_code") == code.String() {
				l = x
			}
		}
		if l.str("level") != want {
			t.Errorf("%v: level %v, want %s", code, l["level"], want)
		}
	}
}

func TestClientFailures(t *testing.T) {
	t.Run("unimplemented", func(t *testing.T) {
		e := newEnv(t, envConfig{noServer: true})
		_, err := e.client.UnimplementedCall(ctxTimeout(t), &testpb.Empty{})
		if status.Code(err) != codes.Unimplemented {
			t.Fatalf("got %v", err)
		}
		l := e.logs.one(t, grpclog.MessageClient)
		assertKeys(t, l, keysWith("tracelog.grpc.deadline", "tracelog.grpc.target", grpclog.KeyError, grpclog.KeyErrorType, grpclog.KeyErrorClass)...)
		if l.str("level") != "error" || l.str("rpc.status_code") != "Unimplemented" ||
			l.str(grpclog.KeyErrorType) != "Unimplemented" || l.str(grpclog.KeyErrorClass) != "Unimplemented" {
			t.Errorf("line: %v", l)
		}
	})
	t.Run("stream abandoned by canceling", func(t *testing.T) {
		e := newEnv(t, envConfig{})
		ctx, cancel := context.WithCancel(context.Background())
		s, err := e.client.FullDuplexCall(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Send(&testpb.StreamingOutputCallRequest{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Recv(); err != nil {
			t.Fatal(err)
		}
		cancel() // and never read again
		c := e.logs.one(t, grpclog.MessageClient)
		if c.str("rpc.status_code") != "Canceled" || c["tracelog.grpc.messages_sent"] != 1.0 || c["tracelog.grpc.messages_received"] != 1.0 {
			t.Errorf("client line: %v", c)
		}
		if s := e.logs.one(t, grpclog.MessageServer); s.str("rpc.status_code") != "Canceled" {
			t.Errorf("server line: %v", s)
		}
	})
	t.Run("stream that cannot start", func(t *testing.T) {
		log, logs := newLogger(t)
		icpt := grpclog.StreamClientInterceptor(log)
		_, err := icpt(context.Background(), &grpc.StreamDesc{ServerStreams: true}, nil, "/x.Y/Z",
			func(context.Context, *grpc.StreamDesc, *grpc.ClientConn, string, ...grpc.CallOption) (grpc.ClientStream, error) {
				return nil, status.Error(codes.Unavailable, "no connection")
			})
		if status.Code(err) != codes.Unavailable {
			t.Fatalf("got %v", err)
		}
		l := logs.one(t, grpclog.MessageClient)
		assertKeys(t, l, "level", "msg", "rpc.system.name", "rpc.method", "tracelog.grpc.type", "rpc.status_code", "tracelog.grpc.status_code",
			"duration", "trace_id", "span_id", "trace_flags", "tracelog.grpc.messages_sent", "tracelog.grpc.messages_received",
			grpclog.KeyError, grpclog.KeyErrorType, grpclog.KeyErrorClass)
		if l.str("tracelog.grpc.type") != grpclog.TypeServerStream || l.str("exception.message") != "no connection" || l.str("level") != "warn" ||
			l.str(grpclog.KeyErrorClass) != "Unavailable" {
			t.Errorf("line: %v", l)
		}
	})
}
