package grpclog_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/redact"
)

// Every value a line takes from a peer is redacted, then bounded; binary
// metadata is checked before it is encoded; in allowlist mode the line
// keeps its own keys (issue 16).
func TestServerLineRedactedAndBounded(t *testing.T) {
	r, err := redact.New(redact.WithAllowKeys("user"))
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{}
	log, err := tracelog.New(tracelog.WithOutput(s), tracelog.WithoutCaller(), tracelog.WithoutDefault(), tracelog.WithRedactor(r))
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 256<<10)
	icpt := grpclog.UnaryServerInterceptor(log, grpclog.WithMetadata("x-big", "x-blob-bin"))
	ctx := incomingCtx(false, "x-big", big, "x-blob-bin", "key AKIAIOSFODNN7EXAMPLE")
	info := &grpc.UnaryServerInfo{FullMethod: "/orders.Orders/Get"}
	_, _ = icpt(ctx, nil, info, func(context.Context, any) (any, error) {
		return nil, status.Error(codes.NotFound, "card 4111 1111 1111 1111 "+big)
	})
	raw := s.buf.String()
	if len(raw) > 16<<10 {
		t.Errorf("line of %d bytes: values are not bounded", len(raw))
	}
	l := s.one(t, grpclog.MessageServer)
	if got, ok := l[grpclog.KeyCodeNum].(float64); !ok || got != float64(codes.NotFound) {
		t.Errorf("%s = %v, want %d (allowlist mode must keep the line's keys)", grpclog.KeyCodeNum, l[grpclog.KeyCodeNum], codes.NotFound)
	}
	if msg := l.str(grpclog.KeyError); !strings.HasPrefix(msg, "card "+redact.Mask+" xxx") || !strings.HasSuffix(msg, "...[truncated]") {
		t.Errorf("%s = %.60q...", grpclog.KeyError, msg)
	}
	if v := l.str(grpclog.KeyMetadataPrefix + "x-big"); len(v) > 8<<10 || !strings.HasSuffix(v, "...[truncated]") {
		t.Errorf("x-big: %d bytes", len(v))
	}
	bin, err := base64.StdEncoding.DecodeString(l.str(grpclog.KeyMetadataPrefix + "x-blob-bin"))
	if err != nil || string(bin) != "key "+redact.Mask {
		t.Errorf("x-blob-bin decodes to %q (%v)", bin, err)
	}
	if strings.Contains(raw, "AKIA") || strings.Contains(raw, "4111") {
		t.Errorf("a secret was written: %.300s", raw)
	}
}

// Payloads go through the redactor's engine: every action and path rule
// applies, and bytes fields are checked as bytes (issue 16: payloads were
// only masked, and bytes were written as base64 unchecked).
func TestPayloadsOnTheEngine(t *testing.T) {
	r, err := redact.New(redact.WithRules(
		redact.Path("grpc.request.content.responseSize", redact.KeepLast(1)),
		redact.Path("grpc.request.content.fillUsername", redact.Drop()),
	))
	if err != nil {
		t.Fatal(err)
	}
	log, logs := newLogger(t)
	icpt := grpclog.UnaryServerInterceptor(log, grpclog.WithPayloads(0), grpclog.WithRedactor(r))
	req := &testpb.SimpleRequest{ResponseSize: 1234, FillUsername: true,
		Payload: &testpb.Payload{Body: []byte("key AKIAIOSFODNN7EXAMPLE")}}
	_, err = icpt(incomingCtx(false), req, &grpc.UnaryServerInfo{FullMethod: "/x.Y/Z"},
		func(context.Context, any) (any, error) { return &testpb.Empty{}, nil })
	if err != nil {
		t.Fatal(err)
	}
	l := logs.one(t, grpclog.MessageServer)
	want := `{"payload":{"body":"` + base64.StdEncoding.EncodeToString([]byte("key "+redact.Mask)) + `"},"responseSize":"[REDACTED]4"}`
	if got := compact(t, l["grpc.request.content"]); got != want {
		t.Errorf("request:\n got %s\nwant %s", got, want)
	}
}
