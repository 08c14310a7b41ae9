package grpclog_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"

	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/logger"
)

func callerContext(t *testing.T) (context.Context, trace.SpanContext) {
	t.Helper()
	tid, _ := trace.TraceIDFromHex("0af7651916cd43dd8448eb211c80319c")
	sid, _ := trace.SpanIDFromHex("b7ad6b7169203331")
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled})
	return trace.ContextWithSpanContext(ctxTimeout(t), sc), sc
}

func TestClientToServer(t *testing.T) {
	t.Run("caller with a span", func(t *testing.T) {
		e := newEnv(t, envConfig{})
		ctx, caller := callerContext(t)
		if _, err := e.client.UnaryCall(ctx, &testpb.SimpleRequest{}); err != nil {
			t.Fatal(err)
		}
		c := e.logs.one(t, grpclog.MessageClient)
		s := e.logs.one(t, grpclog.MessageServer)
		assertKeys(t, c, keysWith("tracelog.grpc.deadline", "tracelog.grpc.target", "tracelog.parent_span_id")...)
		assertKeys(t, s, keysWith("tracelog.grpc.deadline", "tracelog.parent_span_id")...)
		tid := caller.TraceID().String()
		if c.str("trace_id") != tid || s.str("trace_id") != tid {
			t.Errorf("trace_id: client %v, server %v, want %v", c["trace_id"], s["trace_id"], tid)
		}
		if c.str("tracelog.parent_span_id") != caller.SpanID().String() {
			t.Errorf("client parent_span_id = %v, want the caller's %v", c["tracelog.parent_span_id"], caller.SpanID())
		}
		if c.str("span_id") == caller.SpanID().String() || s.str("tracelog.parent_span_id") != c.str("span_id") || s.str("span_id") == c.str("span_id") {
			t.Errorf("spans: caller %v, client %v, server parent %v, server %v", caller.SpanID(), c["span_id"], s["tracelog.parent_span_id"], s["span_id"])
		}
		if c.str("trace_flags") != "01" || s.str("trace_flags") != "01" {
			t.Errorf("trace_flags: client %v, server %v", c["trace_flags"], s["trace_flags"])
		}
		if c.str("tracelog.grpc.target") != "passthrough:///"+e.addr || c.str("network.peer.address")+":"+strconv.Itoa(int(c.num("network.peer.port"))) != e.addr {
			t.Errorf("client target %v, peer %v; server at %v", c["tracelog.grpc.target"], c["network.peer.address"], e.addr)
		}
		if c.str("rpc.method") != "grpc.testing.TestService/UnaryCall" || c.str("tracelog.grpc.type") != "unary" {
			t.Errorf("client line: %v", c)
		}
	})

	t.Run("caller without a span", func(t *testing.T) {
		e := newEnv(t, envConfig{})
		if _, err := e.client.EmptyCall(ctxTimeout(t), &testpb.Empty{}); err != nil {
			t.Fatal(err)
		}
		c := e.logs.one(t, grpclog.MessageClient)
		s := e.logs.one(t, grpclog.MessageServer)
		assertKeys(t, c, keysWith("tracelog.grpc.deadline", "tracelog.grpc.target")...)
		if len(c.str("trace_id")) != 32 || c.str("trace_id") != s.str("trace_id") || s.str("tracelog.parent_span_id") != c.str("span_id") {
			t.Errorf("client %v/%v, server %v/%v", c["trace_id"], c["span_id"], s["trace_id"], s["tracelog.parent_span_id"])
		}
	})

	t.Run("caller's metadata is kept, not changed", func(t *testing.T) {
		e := newEnv(t, envConfig{})
		var got metadata.MD
		ctx, _ := callerContext(t)
		md := metadata.Pairs("traceparent", "00-11111111111111111111111111111111-2222222222222222-01", "x-keep", "yes")
		ctx = metadata.NewOutgoingContext(ctx, md)
		ctx = metadata.AppendToOutgoingContext(ctx, "x-added", "too")
		before := md.Copy()
		if _, err := e.client.UnaryCall(ctx, &testpb.SimpleRequest{}, grpc.Header(&got)); err != nil {
			t.Fatal(err)
		}
		if len(md) != len(before) || md.Get("traceparent")[0] != before.Get("traceparent")[0] {
			t.Errorf("caller's MD changed: %v", md)
		}
		s := e.logs.one(t, grpclog.MessageServer)
		c := e.logs.one(t, grpclog.MessageClient)
		if s.str("tracelog.parent_span_id") != c.str("span_id") || s.str("trace_id") != c.str("trace_id") {
			t.Errorf("the stale traceparent won: server %v/%v, client %v/%v", s["trace_id"], s["tracelog.parent_span_id"], c["trace_id"], c["span_id"])
		}
	})
}

func TestServerSeesOneTraceparent(t *testing.T) {
	log, _ := newLogger(t)
	icpt := grpclog.UnaryClientInterceptor(log)
	ctx := metadata.NewOutgoingContext(context.Background(), metadata.Pairs("traceparent", "stale"))
	var sent metadata.MD
	err := icpt(ctx, "/x.Y/Z", nil, nil, nil, func(ctx context.Context, _ string, _, _ any, _ *grpc.ClientConn, _ ...grpc.CallOption) error {
		sent, _ = metadata.FromOutgoingContext(ctx)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := sent.Get("traceparent"); len(v) != 1 || v[0] == "stale" || len(v[0]) != 55 {
		t.Errorf("traceparent sent = %q, want one fresh value", v)
	}
}

func TestHTTPHandlerCallingGRPC(t *testing.T) {
	e := newEnv(t, envConfig{})
	tid, _ := trace.TraceIDFromHex("5b8efff798038103d269b633813fc60c")
	sid, _ := trace.SpanIDFromHex("eee19b7ec3c1b174")
	httpSpan := trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled})

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// What httplog will do: the request's span in its context, and a
		// request logger bound to it.
		ctx := logger.NewContext(trace.ContextWithSpanContext(r.Context(), httpSpan), e.log)
		log := logger.FromContext(ctx)
		log.Info("http handler start")
		if _, err := e.client.UnaryCall(ctx, &testpb.SimpleRequest{}); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		s, err := e.client.StreamingOutputCall(ctx, &testpb.StreamingOutputCallRequest{ResponseParameters: make([]*testpb.ResponseParameters, 2)})
		if err == nil {
			err = drain(s.RecvMsg, func() any { return new(testpb.StreamingOutputCallResponse) })
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		log.Info("http handler done")
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()

	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	lines := e.logs.lines(t)
	// 2 HTTP handler lines; per gRPC call a client line, a server line
	// and a handler line.
	if len(lines) != 8 {
		t.Fatalf("got %d lines, want 8: %v", len(lines), lines)
	}
	for _, l := range lines {
		if l.str("trace_id") != tid.String() {
			t.Errorf("line %q has trace_id %v, want %v", l["msg"], l["trace_id"], tid)
		}
	}
	clients := e.logs.byMsg(t, grpclog.MessageClient)
	servers := e.logs.byMsg(t, grpclog.MessageServer)
	for i := range clients {
		if clients[i].str("tracelog.parent_span_id") != sid.String() {
			t.Errorf("client line %d: parent_span_id %v, want the HTTP span %v", i, clients[i]["tracelog.parent_span_id"], sid)
		}
		found := false
		for _, s := range servers {
			found = found || s.str("tracelog.parent_span_id") == clients[i].str("span_id")
		}
		if !found {
			t.Errorf("no server line is a child of client line %d", i)
		}
	}
}

func TestSkip(t *testing.T) {
	skip := []grpclog.Option{
		grpclog.WithSkipMethods("/grpc.health.v1.Health/Check"),
		grpclog.WithFilter(func(m string) bool { return m != "/grpc.testing.TestService/EmptyCall" }),
	}
	e := newEnv(t, envConfig{server: skip, client: skip})
	logger.SetDefault(e.log)
	t.Cleanup(func() { logger.SetDefault(nil) })
	ctx := ctxTimeout(t)
	if _, err := healthpb.NewHealthClient(e.conn).Check(ctx, &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.EmptyCall(ctx, &testpb.Empty{}); err != nil {
		t.Fatal(err)
	}
	// Skipped calls pass untouched: no access line, no trace context, no
	// request logger; the handler's line goes to the default logger.
	lines := e.logs.lines(t)
	if len(lines) != 1 || lines[0].str("msg") != handlerMsg || lines[0].str("rpc.method") != "" || lines[0].str("trace_id") != "" {
		t.Errorf("lines for skipped methods: %v", lines)
	}
	if _, err := e.client.UnaryCall(ctx, &testpb.SimpleRequest{}); err != nil {
		t.Fatal(err)
	}
	e.logs.one(t, grpclog.MessageServer)
	e.logs.one(t, grpclog.MessageClient)

	// A nil filter is ignored: the filter given before stays.
	e2 := newEnv(t, envConfig{server: append(skip, grpclog.WithFilter(nil)), noClient: true})
	if _, err := e2.client.EmptyCall(ctx, &testpb.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e2.client.UnaryCall(ctx, &testpb.SimpleRequest{}); err != nil {
		t.Fatal(err)
	}
	if l := e2.logs.one(t, grpclog.MessageServer); l.str("rpc.method") != "grpc.testing.TestService/UnaryCall" {
		t.Errorf("the filter was lost: %v", l)
	}
}

func TestIncomingBaggageAndTracestate(t *testing.T) {
	tests := []struct {
		name        string
		opts        []grpclog.Option
		wantBaggage bool
	}{
		{"default W3C", nil, true},
		{"explicit composite", []grpclog.Option{grpclog.WithPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))}, true},
		{"trace context only", []grpclog.Option{grpclog.WithPropagator(propagation.TraceContext{})}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, logs := newLogger(t)
			icpt := grpclog.UnaryServerInterceptor(log, tt.opts...)
			ctx := incomingCtx(true, "tracestate", "rojo=00f067aa0ba902b7", "baggage", "user=ada")
			var sc trace.SpanContext
			var bag baggage.Baggage
			_, err := icpt(ctx, nil, &grpc.UnaryServerInfo{FullMethod: "/x.Y/Z"}, func(ctx context.Context, _ any) (any, error) {
				sc, bag = trace.SpanContextFromContext(ctx), baggage.FromContext(ctx)
				return nil, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if sc.TraceID().String() != inTrace || sc.TraceState().Get("rojo") != "00f067aa0ba902b7" || sc.SpanID().String() == inSpan {
				t.Errorf("handler span context %v, state %q", sc, sc.TraceState())
			}
			if got := bag.Member("user").Value() == "ada"; got != tt.wantBaggage {
				t.Errorf("baggage %q, want it: %v", bag, tt.wantBaggage)
			}
			l := logs.one(t, grpclog.MessageServer)
			if l.str("tracelog.parent_span_id") != inSpan || l.str("network.peer.address") != "10.1.2.3" || l.num("network.peer.port") != 51234 {
				t.Errorf("line: %v", l)
			}
		})
	}
}
