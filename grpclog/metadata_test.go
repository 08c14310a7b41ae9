package grpclog_test

import (
	"strings"
	"testing"

	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"

	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/redact"
)

func TestMetadata(t *testing.T) {
	md := []string{
		"x-request-id", "req-42",
		"authorization", "Bearer abc.def.ghi",
		"cookie", "session=xyz",
		"x-api-key", "k-123",
		"x-note", "token is Bearer s3cr3t.T0k3n",
		"x-multi", "a", "x-multi", "b",
		"x-blob-bin", "\x00\x01\xff",
		"x-not-allowed", "nope",
	}
	allow := grpclog.WithMetadata("X-Request-ID", "authorization", "cookie", "x-api-key", "x-note", "x-multi", "x-blob-bin", "x-absent")
	want := map[string]string{
		"tracelog.grpc.request.metadata.x-request-id":  "req-42",
		"tracelog.grpc.request.metadata.authorization": redact.Mask,
		"tracelog.grpc.request.metadata.cookie":        redact.Mask,
		"tracelog.grpc.request.metadata.x-api-key":     redact.Mask,
		// The redactor's own rule for a credential in a value.
		"tracelog.grpc.request.metadata.x-note":     redact.Default().String("token is Bearer s3cr3t.T0k3n"),
		"tracelog.grpc.request.metadata.x-multi":    "a, b",
		"tracelog.grpc.request.metadata.x-blob-bin": "AAH/",
	}
	t.Run("allowlist", func(t *testing.T) {
		e := newEnv(t, envConfig{server: []grpclog.Option{allow}, client: []grpclog.Option{allow}})
		ctx := metadata.AppendToOutgoingContext(ctxTimeout(t), md...)
		if _, err := e.client.EmptyCall(ctx, &testpb.Empty{}); err != nil {
			t.Fatal(err)
		}
		for _, msg := range []string{grpclog.MessageServer, grpclog.MessageClient} {
			l := e.logs.one(t, msg)
			for k, v := range want {
				if l.str(k) != v {
					t.Errorf("%s: %s = %q, want %q", msg, k, l[k], v)
				}
			}
			if note := l.str("tracelog.grpc.request.metadata.x-note"); strings.Contains(note, "s3cr3t") || !strings.Contains(note, redact.Mask) {
				t.Errorf("%s: x-note = %q, want the credential masked", msg, note)
			}
			for _, k := range []string{"tracelog.grpc.request.metadata.x-not-allowed", "tracelog.grpc.request.metadata.x-absent"} {
				if _, ok := l[k]; ok {
					t.Errorf("%s: %s written", msg, k)
				}
			}
		}
	})
	t.Run("off by default", func(t *testing.T) {
		e := newEnv(t, envConfig{})
		ctx := metadata.AppendToOutgoingContext(ctxTimeout(t), md...)
		if _, err := e.client.EmptyCall(ctx, &testpb.Empty{}); err != nil {
			t.Fatal(err)
		}
		assertKeys(t, e.logs.one(t, grpclog.MessageServer), keysWith("tracelog.grpc.deadline", "tracelog.parent_span_id")...)
		assertKeys(t, e.logs.one(t, grpclog.MessageClient), keysWith("tracelog.grpc.deadline", "tracelog.grpc.target")...)
	})
	t.Run("custom redactor", func(t *testing.T) {
		r, err := redact.New(redact.WithDenyKeys("x-request-id"))
		if err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, envConfig{noClient: true, server: []grpclog.Option{allow, grpclog.WithRedactor(r), grpclog.WithRedactor(nil)}})
		ctx := metadata.AppendToOutgoingContext(ctxTimeout(t), md...)
		if _, err := e.client.EmptyCall(ctx, &testpb.Empty{}); err != nil {
			t.Fatal(err)
		}
		l := e.logs.one(t, grpclog.MessageServer)
		if l.str("tracelog.grpc.request.metadata.x-request-id") != redact.Mask || l.str("tracelog.grpc.request.metadata.authorization") != redact.Mask {
			t.Errorf("line: %v", l)
		}
	})
}
