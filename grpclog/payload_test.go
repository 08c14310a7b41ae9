package grpclog_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"google.golang.org/grpc"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/redact"
)

func echoRequest(t *testing.T) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(map[string]any{
		"user":     "ada",
		"password": "hunter2",
		"nested": map[string]any{
			"apiKey": 12,
			"list":   []any{map[string]any{"token": "x"}, "Bearer s3cr3t.T0k3n", 3.5},
		},
		"note": "<b>& é",
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func compact(t *testing.T, v any) string {
	t.Helper()
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(b.String())
}

func TestPayloads(t *testing.T) {
	// The credential in a string is masked by the redactor's own rule.
	bearer := redact.Default().String("Bearer s3cr3t.T0k3n")
	if strings.Contains(bearer, "s3cr3t") {
		t.Fatalf("the default redactor keeps %q", bearer)
	}
	wantReq := `{"nested":{"apiKey":"[REDACTED]","list":[{"token":"[REDACTED]"},"` + bearer + `",3.5]},"note":"<b>& é","password":"[REDACTED]","user":"ada"}`
	wantResp := `{"answered":true,"nested":{"apiKey":"[REDACTED]","list":[{"token":"[REDACTED]"},"` + bearer + `",3.5]},"note":"<b>& é","password":"[REDACTED]","user":"ada"}`

	t.Run("unary", func(t *testing.T) {
		opts := []grpclog.Option{grpclog.WithPayloads(0)}
		e := newEnv(t, envConfig{server: opts, client: opts})
		out := new(structpb.Struct)
		if err := e.conn.Invoke(ctxTimeout(t), echoMethod, echoRequest(t), out); err != nil {
			t.Fatal(err)
		}
		for _, msg := range []string{grpclog.MessageServer, grpclog.MessageClient} {
			l := e.logs.one(t, msg)
			if got := compact(t, l["tracelog.grpc.request.content"]); got != wantReq {
				t.Errorf("%s request:\n got %s\nwant %s", msg, got, wantReq)
			}
			if got := compact(t, l["tracelog.grpc.response.content"]); got != wantResp {
				t.Errorf("%s response:\n got %s\nwant %s", msg, got, wantResp)
			}
			if l.str("rpc.method") != "test.Echo/Echo" {
				t.Errorf("%s: method %v", msg, l["rpc.method"])
			}
		}
	})

	t.Run("size cap", func(t *testing.T) {
		e := newEnv(t, envConfig{noClient: true, server: []grpclog.Option{grpclog.WithPayloads(40)}})
		req := &structpb.Struct{Fields: map[string]*structpb.Value{"a": structpb.NewStringValue(strings.Repeat("é", 40))}}
		if err := e.conn.Invoke(ctxTimeout(t), echoMethod, req, new(structpb.Struct)); err != nil {
			t.Fatal(err)
		}
		l := e.logs.one(t, grpclog.MessageServer)
		assertKeys(t, l, keysWith("tracelog.grpc.deadline", "tracelog.grpc.request.content_truncated", "tracelog.grpc.response.content_truncated")...)
		got := l.str("tracelog.grpc.request.content_truncated")
		if len(got) > 40 || len(got) < 36 || !strings.HasPrefix(got, `{"a":"éé`) || !utf8.ValidString(got) {
			t.Errorf("truncated request = %q (%d bytes)", got, len(got))
		}
	})

	t.Run("streams, first message each way", func(t *testing.T) {
		opts := []grpclog.Option{grpclog.WithPayloads(0)}
		e := newEnv(t, envConfig{server: opts, client: opts})
		s, err := e.client.FullDuplexCall(ctxTimeout(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, body := range []string{"first", "second"} {
			if err := s.Send(&testpb.StreamingOutputCallRequest{Payload: &testpb.Payload{Body: []byte(body)}}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Recv(); err != nil {
				t.Fatal(err)
			}
		}
		_ = s.CloseSend()
		if err := drain(s.RecvMsg, func() any { return new(testpb.StreamingOutputCallResponse) }); err != nil {
			t.Fatal(err)
		}
		for _, msg := range []string{grpclog.MessageServer, grpclog.MessageClient} {
			l := e.logs.one(t, msg)
			// "Zmlyc3Q=" is base64 for "first".
			if got := compact(t, l["tracelog.grpc.request.content"]); got != `{"payload":{"body":"Zmlyc3Q="}}` {
				t.Errorf("%s request = %s", msg, got)
			}
			if got := compact(t, l["tracelog.grpc.response.content"]); got != `{"payload":{"body":"Zmlyc3Q="}}` {
				t.Errorf("%s response = %s", msg, got)
			}
		}
	})

	t.Run("not protobuf", func(t *testing.T) {
		log, logs := newLogger(t)
		icpt := grpclog.UnaryServerInterceptor(log, grpclog.WithPayloads(100))
		_, err := icpt(incomingCtx(false), "a string request", &grpc.UnaryServerInfo{FullMethod: "/x.Y/Z"},
			func(context.Context, any) (any, error) { return struct{ N int }{1}, nil })
		if err != nil {
			t.Fatal(err)
		}
		l := logs.one(t, grpclog.MessageServer)
		assertKeys(t, l, keysWith("tracelog.grpc.request.go_type", "tracelog.grpc.response.go_type")...)
		if l.str("tracelog.grpc.request.go_type") != "string" || l.str("tracelog.grpc.response.go_type") != "struct { N int }" {
			t.Errorf("types: %v, %v", l["tracelog.grpc.request.go_type"], l["tracelog.grpc.response.go_type"])
		}
	})

	t.Run("custom redactor", func(t *testing.T) {
		r, err := redact.New(redact.WithDenyKeys("user"))
		if err != nil {
			t.Fatal(err)
		}
		log, logs := newLogger(t)
		icpt := grpclog.UnaryServerInterceptor(log, grpclog.WithPayloads(0), grpclog.WithRedactor(r))
		_, err = icpt(incomingCtx(false), echoRequest(t), &grpc.UnaryServerInfo{FullMethod: "/x.Y/Z"},
			func(context.Context, any) (any, error) { return nil, context.Canceled })
		if err == nil {
			t.Fatal("want the handler's error")
		}
		l := logs.one(t, grpclog.MessageServer)
		req, _ := l["tracelog.grpc.request.content"].(map[string]any)
		if req["user"] != redact.Mask || req["password"] != redact.Mask {
			t.Errorf("request = %v", req)
		}
		if _, ok := l["tracelog.grpc.response.content"]; ok || l.str("rpc.status_code") != "Canceled" {
			t.Errorf("a failed call logs no response: %v", l)
		}
	})
}
