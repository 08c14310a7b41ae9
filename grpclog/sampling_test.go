package grpclog_test

import (
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	"google.golang.org/grpc/codes"
	testpb "google.golang.org/grpc/interop/grpc_testing"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/sampling"
)

func TestSampler(t *testing.T) {
	obs, summaries := observer.New(zapcore.InfoLevel)
	s, err := sampling.New(zap.New(obs), []sampling.Rule{
		sampling.Limit("/grpc.testing.TestService/EmptyCall", 1, 3600e9),
		sampling.Limit("/grpc.testing.TestService/UnaryCall", 0, 0),
	}, sampling.WithSummaryInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e := newEnv(t, envConfig{logOpts: []tracelog.Option{tracelog.WithSampler(s)}, noClient: true})
	ctx := ctxTimeout(t)

	for i := 0; i < 5; i++ {
		if _, err := e.client.EmptyCall(ctx, &testpb.Empty{}); err != nil {
			t.Fatal(err)
		}
	}
	// UnaryCall drops everything, but server faults and panics are forced.
	for _, st := range []*testpb.EchoStatus{
		{Code: int32(codes.NotFound), Message: "client fault"},
		{Code: int32(codes.Internal), Message: "server fault"},
		{Message: "panic"},
		{},
	} {
		_, _ = e.client.UnaryCall(ctx, &testpb.SimpleRequest{ResponseStatus: st})
	}

	calls := e.logs.byMsg(t, grpclog.MessageServer)
	handler := e.logs.byMsg(t, handlerMsg)
	byMethod := map[string][]line{}
	for _, l := range calls {
		m := strings.TrimPrefix(l.str(grpclog.KeyRPCMethod), "grpc.testing.TestService/")
		byMethod[m] = append(byMethod[m], l)
	}
	if n := len(byMethod["EmptyCall"]); n != 1 {
		t.Errorf("EmptyCall: %d access lines, want the first call's only", n)
	}
	if _, marked := byMethod["EmptyCall"][0]["tracelog.sampled"]; marked {
		t.Error("a kept call is not marked")
	}
	unary := byMethod["UnaryCall"]
	if len(unary) != 2 {
		t.Fatalf("UnaryCall: %d access lines, want the Internal and the panic", len(unary))
	}
	for _, l := range unary {
		if l.str(grpclog.KeyCode) != "Internal" || l.str("tracelog.sampled") != "forced" {
			t.Errorf("forced line: %v", l)
		}
	}
	// Handler lines follow their call: EmptyCall's first, and of UnaryCall
	// the Info lines of dropped calls are gone (the panic's handler did not log).
	traces := map[string]bool{}
	for _, l := range calls {
		traces[l.str("trace_id")] = true
	}
	for _, l := range handler {
		if !traces[l.str("trace_id")] {
			t.Errorf("a handler line of a dropped call was written: %v", l)
		}
	}
	s.Flush()
	got := map[string]uint64{}
	for _, e := range summaries.All() {
		got[e.ContextMap()[sampling.KeyRoute].(string)] = e.ContextMap()[sampling.KeyDroppedRequests].(uint64)
	}
	if got["/grpc.testing.TestService/EmptyCall"] != 4 || got["/grpc.testing.TestService/UnaryCall"] != 2 {
		t.Errorf("dropped requests per route: %v", got)
	}
}
