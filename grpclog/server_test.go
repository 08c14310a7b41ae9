package grpclog_test

import (
	"context"
	"io"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/tracelog/tracelog/grpclog"
)

const (
	inTrace  = "4bf92f3577b34da6a3ce929d0e0e4736"
	inSpan   = "00f067aa0ba902b7"
	inHeader = "00-" + inTrace + "-" + inSpan + "-01"
)

func TestUnaryServerLine(t *testing.T) {
	tests := []struct {
		name       string
		md         []string
		wantTrace  string
		wantParent string
		wantFlags  string
	}{
		{name: "no trace context", wantFlags: "03"},
		{name: "traceparent", md: []string{"traceparent", inHeader}, wantTrace: inTrace, wantParent: inSpan, wantFlags: "01"},
		{name: "bad traceparent", md: []string{"traceparent", "00-zz-00f067aa0ba902b7-01"}, wantFlags: "03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, envConfig{noClient: true})
			ctx := ctxTimeout(t)
			if tt.md != nil {
				ctx = metadata.AppendToOutgoingContext(ctx, tt.md...)
			}
			if _, err := e.client.UnaryCall(ctx, &testpb.SimpleRequest{}); err != nil {
				t.Fatal(err)
			}
			l := e.logs.one(t, grpclog.MessageServer)
			want := keysWith("tracelog.grpc.deadline")
			if tt.wantParent != "" {
				want = append(want, "tracelog.parent_span_id")
			}
			assertKeys(t, l, want...)
			for k, v := range map[string]any{
				"level": "info", "rpc.system.name": "grpc",
				"rpc.method": "grpc.testing.TestService/UnaryCall", "tracelog.grpc.type": "unary", "rpc.status_code": "OK", "tracelog.grpc.status_code": 0.0,
				"trace_flags": tt.wantFlags,
			} {
				if l[k] != v {
					t.Errorf("%s = %v, want %v", k, l[k], v)
				}
			}
			if l.str("network.peer.address") != "127.0.0.1" || l.num("network.peer.port") == 0 {
				t.Errorf("peer.address = %q", l["network.peer.address"])
			}
			if d, _ := l["duration"].(float64); d <= 0 || d > 10_000 {
				t.Errorf("duration = %v ms", l["duration"])
			}
			if d, _ := l["tracelog.grpc.deadline"].(float64); d <= 0 || d > 10_000 {
				t.Errorf("grpc.deadline = %v ms", l["tracelog.grpc.deadline"])
			}
			if len(l.str("trace_id")) != 32 || len(l.str("span_id")) != 16 {
				t.Errorf("trace keys = %v / %v", l["trace_id"], l["span_id"])
			}
			if tt.wantTrace != "" && l.str("trace_id") != tt.wantTrace {
				t.Errorf("trace_id = %v, want %v", l["trace_id"], tt.wantTrace)
			}
			if l.str("tracelog.parent_span_id") != tt.wantParent {
				t.Errorf("parent_span_id = %v, want %q", l["tracelog.parent_span_id"], tt.wantParent)
			}
			if l.str("span_id") == inSpan {
				t.Error("the server reused the caller's span ID")
			}
			// The handler's logger.FromContext logs the same trace and span.
			h := e.logs.one(t, handlerMsg)
			if h.str("trace_id") != l.str("trace_id") || h.str("span_id") != l.str("span_id") {
				t.Errorf("handler line %v/%v, access line %v/%v", h["trace_id"], h["span_id"], l["trace_id"], l["span_id"])
			}
		})
	}
}

func TestServerCodes(t *testing.T) {
	tests := []struct {
		req       *testpb.EchoStatus
		code      codes.Code
		level     string
		errorText string
	}{
		{&testpb.EchoStatus{Code: int32(codes.NotFound), Message: "no such user"}, codes.NotFound, "info", "no such user"},
		{&testpb.EchoStatus{Code: int32(codes.InvalidArgument), Message: "bad id"}, codes.InvalidArgument, "info", "bad id"},
		{&testpb.EchoStatus{Code: int32(codes.PermissionDenied), Message: "no"}, codes.PermissionDenied, "warn", "no"},
		{&testpb.EchoStatus{Code: int32(codes.DeadlineExceeded), Message: "too slow"}, codes.DeadlineExceeded, "warn", "too slow"},
		{&testpb.EchoStatus{Code: int32(codes.Internal), Message: "db down"}, codes.Internal, "error", "db down"},
		{&testpb.EchoStatus{Code: int32(codes.Unavailable), Message: "later"}, codes.Unavailable, "error", "later"},
		{&testpb.EchoStatus{Message: "plain"}, codes.Unknown, "error", "plain failure"},
	}
	for _, tt := range tests {
		t.Run(tt.code.String(), func(t *testing.T) {
			e := newEnv(t, envConfig{noClient: true})
			_, err := e.client.UnaryCall(ctxTimeout(t), &testpb.SimpleRequest{ResponseStatus: tt.req})
			if status.Code(err) != tt.code {
				t.Fatalf("client got %v, want %v", err, tt.code)
			}
			l := e.logs.one(t, grpclog.MessageServer)
			// A status error's kind is its code; a handler's plain error
			// keeps its Go type. The class is written for the server's
			// faults only.
			kind := tt.code.String()
			if tt.req.GetCode() == 0 {
				kind = "*errors.errorString"
			}
			class := ""
			switch tt.code {
			case codes.DeadlineExceeded, codes.Internal, codes.Unavailable, codes.Unknown:
				class = tt.code.String()
			}
			want := keysWith("tracelog.grpc.deadline", grpclog.KeyError, grpclog.KeyErrorType)
			if class != "" {
				want = append(want, grpclog.KeyErrorClass)
			}
			assertKeys(t, l, want...)
			if l.str("rpc.status_code") != tt.code.String() || l["tracelog.grpc.status_code"] != float64(tt.code) ||
				l.str("level") != tt.level || l.str("exception.message") != tt.errorText ||
				l.str(grpclog.KeyErrorType) != kind || l.str(grpclog.KeyErrorClass) != class {
				t.Errorf("line = code %v (%v), level %v, error %q (%v, class %v)", l["rpc.status_code"], l["tracelog.grpc.status_code"],
					l["level"], l["exception.message"], l[grpclog.KeyErrorType], l[grpclog.KeyErrorClass])
			}
		})
	}
}

func TestServerDeadlineAndCancel(t *testing.T) {
	t.Run("deadline exceeded", func(t *testing.T) {
		e := newEnv(t, envConfig{})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := e.client.UnaryCall(ctx, &testpb.SimpleRequest{ResponseStatus: &testpb.EchoStatus{Message: "wait"}})
		if status.Code(err) != codes.DeadlineExceeded {
			t.Fatalf("client got %v", err)
		}
		// The client's deadline usually fires first and cancels the
		// server's stream: the server sees either outcome.
		s := e.logs.one(t, grpclog.MessageServer)
		if c := s.str("rpc.status_code"); c != "DeadlineExceeded" && c != "Canceled" {
			t.Errorf("server line: %v", s)
		}
		if d, _ := s["tracelog.grpc.deadline"].(float64); d <= 0 || d > 100 {
			t.Errorf("server grpc.deadline = %v ms, want in (0, 100]", s["tracelog.grpc.deadline"])
		}
		c := e.logs.one(t, grpclog.MessageClient)
		if c.str("rpc.status_code") != "DeadlineExceeded" || c.str("level") != "warn" {
			t.Errorf("client line: %v", c)
		}
		if d, _ := c["tracelog.grpc.deadline"].(float64); d <= 0 || d > 100 {
			t.Errorf("client grpc.deadline = %v ms, want in (0, 100]", c["tracelog.grpc.deadline"])
		}
	})
	t.Run("canceled", func(t *testing.T) {
		e := newEnv(t, envConfig{})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		_, err := e.client.UnaryCall(ctx, &testpb.SimpleRequest{ResponseStatus: &testpb.EchoStatus{Message: "wait"}})
		if status.Code(err) != codes.Canceled {
			t.Fatalf("client got %v", err)
		}
		for _, msg := range []string{grpclog.MessageServer, grpclog.MessageClient} {
			l := e.logs.one(t, msg)
			if l.str("rpc.status_code") != "Canceled" || l.str("level") != "info" {
				t.Errorf("%s: %v", msg, l)
			}
			if _, ok := l["tracelog.grpc.deadline"]; ok {
				t.Errorf("%s: grpc.deadline without a deadline", msg)
			}
		}
	})
}

func TestStreamLines(t *testing.T) {
	streamKeys := []string{"tracelog.grpc.deadline", "tracelog.grpc.messages_sent", "tracelog.grpc.messages_received"}
	tests := []struct {
		name                   string
		typ, method            string
		run                    func(context.Context, testpb.TestServiceClient) error
		code                   codes.Code
		serverLevel, clientLvl string
		serverSent, serverRecv float64
	}{
		{
			name: "server stream", typ: grpclog.TypeServerStream, method: "grpc.testing.TestService/StreamingOutputCall",
			run: func(ctx context.Context, c testpb.TestServiceClient) error {
				s, err := c.StreamingOutputCall(ctx, &testpb.StreamingOutputCallRequest{ResponseParameters: make([]*testpb.ResponseParameters, 3)})
				if err != nil {
					return err
				}
				return drain(s.RecvMsg, func() any { return new(testpb.StreamingOutputCallResponse) })
			},
			serverLevel: "info", clientLvl: "info", serverSent: 3, serverRecv: 1,
		},
		{
			name: "client stream", typ: grpclog.TypeClientStream, method: "grpc.testing.TestService/StreamingInputCall",
			run: func(ctx context.Context, c testpb.TestServiceClient) error {
				s, err := c.StreamingInputCall(ctx)
				if err != nil {
					return err
				}
				for i := 0; i < 4; i++ {
					if err := s.Send(&testpb.StreamingInputCallRequest{Payload: &testpb.Payload{Body: []byte("ab")}}); err != nil {
						return err
					}
				}
				resp, err := s.CloseAndRecv()
				if err == nil && resp.GetAggregatedPayloadSize() != 8 {
					t.Errorf("aggregated size %d", resp.GetAggregatedPayloadSize())
				}
				return err
			},
			serverLevel: "info", clientLvl: "info", serverSent: 1, serverRecv: 4,
		},
		{
			name: "bidi stream", typ: grpclog.TypeBidiStream, method: "grpc.testing.TestService/FullDuplexCall",
			run: func(ctx context.Context, c testpb.TestServiceClient) error {
				return bidi(ctx, c, nil, nil)
			},
			serverLevel: "info", clientLvl: "info", serverSent: 2, serverRecv: 2,
		},
		{
			name: "bidi stream failing", typ: grpclog.TypeBidiStream, method: "grpc.testing.TestService/FullDuplexCall",
			run: func(ctx context.Context, c testpb.TestServiceClient) error {
				return bidi(ctx, c, nil, &testpb.EchoStatus{Code: int32(codes.Aborted), Message: "conflict"})
			},
			code: codes.Aborted, serverLevel: "warn", clientLvl: "info", serverSent: 1, serverRecv: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, envConfig{})
			err := tt.run(ctxTimeout(t), e.client)
			if status.Code(err) != tt.code {
				t.Fatalf("call: %v, want %v", err, tt.code)
			}
			s := e.logs.one(t, grpclog.MessageServer)
			c := e.logs.one(t, grpclog.MessageClient)
			sk := append(keysWith(streamKeys...), "tracelog.parent_span_id")
			ck := append(keysWith(streamKeys...), "tracelog.grpc.target")
			if tt.code != codes.OK {
				// Aborted is the client's error, not the server's.
				sk, ck = append(sk, grpclog.KeyError, grpclog.KeyErrorType), append(ck, grpclog.KeyError, grpclog.KeyErrorType, grpclog.KeyErrorClass)
			}
			assertKeys(t, s, sk...)
			assertKeys(t, c, ck...)
			for _, l := range []line{s, c} {
				if l.str("tracelog.grpc.type") != tt.typ || l.str("rpc.method") != tt.method || l.str("rpc.status_code") != tt.code.String() {
					t.Errorf("%s: type %v, method %v, code %v", l["msg"], l["tracelog.grpc.type"], l["rpc.method"], l["rpc.status_code"])
				}
			}
			if s.str("level") != tt.serverLevel || c.str("level") != tt.clientLvl {
				t.Errorf("levels: server %v, client %v", s["level"], c["level"])
			}
			if s["tracelog.grpc.messages_sent"] != tt.serverSent || s["tracelog.grpc.messages_received"] != tt.serverRecv {
				t.Errorf("server counts: sent %v, received %v", s["tracelog.grpc.messages_sent"], s["tracelog.grpc.messages_received"])
			}
			if c["tracelog.grpc.messages_sent"] != tt.serverRecv || c["tracelog.grpc.messages_received"] != tt.serverSent {
				t.Errorf("client counts: sent %v, received %v", c["tracelog.grpc.messages_sent"], c["tracelog.grpc.messages_received"])
			}
			if s.str("tracelog.parent_span_id") != c.str("span_id") || s.str("trace_id") != c.str("trace_id") {
				t.Errorf("server %v/%v, client %v/%v", s["trace_id"], s["tracelog.parent_span_id"], c["trace_id"], c["span_id"])
			}
			h := e.logs.one(t, handlerMsg)
			if h.str("trace_id") != s.str("trace_id") || h.str("span_id") != s.str("span_id") {
				t.Errorf("handler line %v/%v, server line %v/%v", h["trace_id"], h["span_id"], s["trace_id"], s["span_id"])
			}
		})
	}
}

// drain receives until an error and returns it, nil for io.EOF.
func drain(recv func(any) error, alloc func() any) error {
	for i := 0; i < 1000; i++ {
		if err := recv(alloc()); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
	return nil
}

// bidi sends two messages (the second with last), reading each answer,
// then closes and drains.
func bidi(ctx context.Context, c testpb.TestServiceClient, first, last *testpb.EchoStatus) error {
	s, err := c.FullDuplexCall(ctx)
	if err != nil {
		return err
	}
	for _, st := range []*testpb.EchoStatus{first, last} {
		if err := s.Send(&testpb.StreamingOutputCallRequest{ResponseStatus: st}); err != nil {
			break // the status comes from Recv
		}
		if _, err := s.Recv(); err != nil {
			return err
		}
	}
	if err := s.CloseSend(); err != nil {
		return err
	}
	return drain(s.RecvMsg, func() any { return new(testpb.StreamingOutputCallResponse) })
}
