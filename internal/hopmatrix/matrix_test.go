package hopmatrix_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/metadata"

	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
)

const (
	inTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	inSpan  = "00f067aa0ba902b7"
	// inState has a Level 2 key otel's TraceState cannot hold.
	inState = "foo@=1,rojo=00f067aa0ba902b7"
)

// incoming is the trace context the test sends to the first service.
type incoming struct {
	name        string
	traceparent string // "" for none
	valid       bool
}

var incomings = []incoming{
	{"sampled", "00-" + inTrace + "-" + inSpan + "-01", true},
	{"unsampled", "00-" + inTrace + "-" + inSpan + "-00", true},
	{"random", "00-" + inTrace + "-" + inSpan + "-03", true},
	{"none", "", false},
	{"invalid", "00-00000000000000000000000000000000-" + inSpan + "-01", false},
}

type mode int

const (
	noSDK mode = iota
	withSDK
	otelOutermost // otelhttp / otelgrpc (simulated) outermost, with the SDK
)

func (m mode) String() string { return [...]string{"no SDK", "SDK", "otel outermost"}[m] }

// line is a decoded JSON log line.
type line map[string]any

func (l line) str(k string) string { s, _ := l[k].(string); return s }

// logs holds what a service logged, through the tracelog core (so the
// trace keys are those it writes).
type logs struct{ *observer.ObservedLogs }

func (o logs) lines(_ *testing.T, msg string) []line {
	var out []line
	for _, e := range o.FilterMessage(msg).AllUntimed() {
		out = append(out, line(e.ContextMap()))
	}
	return out
}

func newLog(*testing.T) (*zap.Logger, logs) {
	core, obs := observer.New(zapcore.DebugLevel)
	return zap.New(logger.NewCore(core)), logs{obs}
}

// env is what one cell of the matrix sets up.
type env struct {
	mode mode
	tp   *sdktrace.TracerProvider // nil without an SDK
	// otelSpans are the spans the simulated otelhttp/otelgrpc clients
	// started, by the span ID they found in the caller's context.
	mu        sync.Mutex
	received  []map[string]string // trace headers the callee got, in order
	otelCalls map[string]string   // otel client span ID -> the caller's span ID
}

func (e *env) httpOpts() []httplog.Option {
	if e.tp == nil {
		return nil
	}
	return []httplog.Option{httplog.WithTracerProvider(e.tp)}
}

func (e *env) grpcOpts() []grpclog.Option {
	if e.tp == nil {
		return nil
	}
	return []grpclog.Option{grpclog.WithTracerProvider(e.tp)}
}

func (e *env) receive(tp, ts string) {
	e.mu.Lock()
	e.received = append(e.received, map[string]string{"traceparent": tp, "tracestate": ts})
	e.mu.Unlock()
}

// otelServer does what otelhttp.NewHandler does with the global
// propagator set to otel's TraceContext: extract, start a server span.
func (e *env) otelServer(next http.Handler) http.Handler {
	if e.mode != otelOutermost {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := propagation.TraceContext{}.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := e.tp.Tracer("otelhttp").Start(ctx, "server", trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// otelTransport does what otelhttp.NewTransport does: start a client span
// and inject it.
type otelTransport struct {
	e    *env
	next http.RoundTripper
}

func (o otelTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	caller := trace.SpanContextFromContext(r.Context())
	ctx, span := o.e.tp.Tracer("otelhttp").Start(r.Context(), "client", trace.WithSpanKind(trace.SpanKindClient))
	defer span.End()
	o.e.mu.Lock()
	o.e.otelCalls[span.SpanContext().SpanID().String()] = caller.SpanID().String()
	o.e.mu.Unlock()
	r = r.Clone(ctx)
	propagation.TraceContext{}.Inject(ctx, propagation.HeaderCarrier(r.Header))
	return o.next.RoundTrip(r)
}

func (e *env) transport(t *testing.T, log *zap.Logger) http.RoundTripper {
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	rt := httplog.NewTransport(base, log, e.httpOpts()...)
	if e.mode == otelOutermost {
		rt = otelTransport{e: e, next: rt}
	}
	return rt
}

// otelgrpc's stats handler, as interceptors (outermost).
func (e *env) otelUnaryServer(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	in := propagation.MapCarrier{}
	for _, k := range []string{"traceparent", "tracestate"} {
		if v := metadata.ValueFromIncomingContext(ctx, k); len(v) > 0 {
			in[k] = v[0]
		}
	}
	ctx = propagation.TraceContext{}.Extract(ctx, in)
	ctx, span := e.tp.Tracer("otelgrpc").Start(ctx, info.FullMethod, trace.WithSpanKind(trace.SpanKindServer))
	defer span.End()
	return handler(ctx, req)
}

func (e *env) otelUnaryClient(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	caller := trace.SpanContextFromContext(ctx)
	ctx, span := e.tp.Tracer("otelgrpc").Start(ctx, method, trace.WithSpanKind(trace.SpanKindClient))
	defer span.End()
	e.mu.Lock()
	e.otelCalls[span.SpanContext().SpanID().String()] = caller.SpanID().String()
	e.mu.Unlock()
	out := propagation.MapCarrier{}
	propagation.TraceContext{}.Inject(ctx, out)
	for k, v := range out {
		ctx = metadata.AppendToOutgoingContext(ctx, k, v)
	}
	return invoker(ctx, method, req, reply, cc, opts...)
}

// httpCallee is service B over HTTP: it records the trace headers it got.
func (e *env) httpCallee(t *testing.T, log *zap.Logger) string {
	h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.receive(strings.Join(r.Header.Values("Traceparent"), ","), strings.Join(r.Header.Values("Tracestate"), ","))
		io.WriteString(w, "ok")
	}), log, e.httpOpts()...)
	srv := httptest.NewServer(e.otelServer(h))
	t.Cleanup(srv.Close)
	return srv.URL
}

// callee is service B over gRPC.
type callee struct {
	testpb.UnimplementedTestServiceServer
	e   *env
	out func(ctx context.Context) error // the front's calls, for a gRPC front
}

func (c callee) UnaryCall(ctx context.Context, _ *testpb.SimpleRequest) (*testpb.SimpleResponse, error) {
	if c.out != nil {
		return &testpb.SimpleResponse{}, c.out(ctx)
	}
	md, _ := metadata.FromIncomingContext(ctx)
	c.e.receive(strings.Join(md.Get("traceparent"), ","), strings.Join(md.Get("tracestate"), ","))
	return &testpb.SimpleResponse{}, nil
}

func (e *env) grpcServer(t *testing.T, log *zap.Logger, svc callee) string {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var chain []grpc.UnaryServerInterceptor
	if e.mode == otelOutermost {
		chain = append(chain, e.otelUnaryServer)
	}
	chain = append(chain, grpclog.UnaryServerInterceptor(log, e.grpcOpts()...))
	srv := grpc.NewServer(grpc.ChainUnaryInterceptor(chain...))
	testpb.RegisterTestServiceServer(srv, svc)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

func (e *env) grpcClient(t *testing.T, log *zap.Logger, addr string) testpb.TestServiceClient {
	var chain []grpc.UnaryClientInterceptor
	if e.mode == otelOutermost {
		chain = append(chain, e.otelUnaryClient)
	}
	chain = append(chain, grpclog.UnaryClientInterceptor(log, e.grpcOpts()...))
	conn, err := grpc.NewClient("passthrough:///"+addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithChainUnaryInterceptor(chain...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return testpb.NewTestServiceClient(conn)
}

// caller starts the callee (gRPC or HTTP) and returns a call to it through
// the front's client, from a context.
func (e *env) caller(t *testing.T, frontLog, calleeLog *zap.Logger, grpcCallee bool) func(ctx context.Context) error {
	if grpcCallee {
		client := e.grpcClient(t, frontLog, e.grpcServer(t, calleeLog, callee{e: e}))
		return func(ctx context.Context) error {
			_, err := client.UnaryCall(ctx, &testpb.SimpleRequest{})
			return err
		}
	}
	url := e.httpCallee(t, calleeLog)
	client := &http.Client{Transport: e.transport(t, frontLog)}
	return func(ctx context.Context) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/users/42", nil)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	}
}

type topology struct {
	name                     string
	frontGRPC, calleeGRPC    bool
	frontAccess, frontClient string // messages of the front's lines
	calleeAccess             string
}

var topologies = []topology{
	{"HTTP→HTTP", false, false, httplog.MessageServer, httplog.MessageClient, httplog.MessageServer},
	{"HTTP→gRPC", false, true, httplog.MessageServer, grpclog.MessageClient, grpclog.MessageServer},
	{"gRPC→HTTP", true, false, grpclog.MessageServer, httplog.MessageClient, httplog.MessageServer},
}

// TestMatrix sends one request to the front service, which calls the
// callee twice from its request's context, and checks every access and
// client line and the headers each call carried.
func TestMatrix(t *testing.T) {
	for _, top := range topologies {
		for _, m := range []mode{noSDK, withSDK, otelOutermost} {
			for _, in := range incomings {
				t.Run(top.name+"/"+m.String()+"/"+in.name, func(t *testing.T) {
					runCell(t, top, m, in)
				})
			}
		}
	}
}

func runCell(t *testing.T, top topology, m mode, in incoming) {
	e := &env{mode: m, otelCalls: map[string]string{}}
	if m != noSDK {
		e.tp = sdktrace.NewTracerProvider() // the default sampler: ParentBased(AlwaysSample)
	}
	frontLog, frontOut := newLog(t)
	calleeLog, calleeOut := newLog(t)

	// The front's two calls to the callee, from its request's context.
	call := e.caller(t, frontLog, calleeLog, top.calleeGRPC)
	twice := func(ctx context.Context) error {
		if err := call(ctx); err != nil {
			return err
		}
		return call(ctx)
	}

	// One request to the front, with the incoming trace context.
	if top.frontGRPC {
		client := testpb.NewTestServiceClient(dial(t, e.grpcServer(t, frontLog, callee{e: e, out: twice})))
		ctx := t.Context()
		if in.traceparent != "" {
			ctx = metadata.AppendToOutgoingContext(ctx, "traceparent", in.traceparent, "tracestate", inState)
		}
		if _, err := client.UnaryCall(ctx, &testpb.SimpleRequest{}); err != nil {
			t.Fatal(err)
		}
	} else {
		front := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := twice(r.Context()); err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
			}
		}), frontLog, e.httpOpts()...)
		srv := httptest.NewServer(e.otelServer(front))
		t.Cleanup(srv.Close)
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/call", nil)
		if in.traceparent != "" {
			req.Header.Set("Traceparent", in.traceparent)
			req.Header.Set("Tracestate", inState)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("front answered %d", resp.StatusCode)
		}
	}

	access := one(t, frontOut.lines(t, top.frontAccess))
	clients := frontOut.lines(t, top.frontClient)
	callees := calleeOut.lines(t, top.calleeAccess)
	if len(clients) != 2 || len(callees) != 2 || len(e.received) != 2 {
		t.Fatalf("%d client lines, %d callee lines, %d calls received; want 2 each", len(clients), len(callees), len(e.received))
	}

	// What the incoming context should give. otel's TraceContext (the
	// otel-outermost mode's propagator, used as is) rejects version-00
	// flags above 02 and Level 2 tracestate keys.
	continued := in.valid && !(m == otelOutermost && strings.HasSuffix(in.traceparent, "-03"))
	inFlags := ""
	if continued {
		inFlags = in.traceparent[53:]
	}
	wantFlags := map[mode]string{noSDK: "03", withSDK: "01", otelOutermost: "01"}[m] // a new trace
	if continued {
		wantFlags = inFlags
		if m == otelOutermost {
			wantFlags = "0" + string(inFlags[1]&^2) // otel keeps only the sampled flag
		}
	}
	wantState := ""
	if continued && m != otelOutermost {
		wantState = inState
	}

	tid := access.str("trace_id")
	if continued && tid != inTrace {
		t.Errorf("front trace_id %s, want the incoming %s", tid, inTrace)
	}
	if !continued && (tid == inTrace || len(tid) != 32) {
		t.Errorf("front trace_id %q, want a new trace", tid)
	}
	if got, ok := access["tracelog.parent_span_id"]; continued != ok || (continued && got != inSpan) {
		t.Errorf("front parent_span_id %v, want %v", got, map[bool]string{true: inSpan, false: "none"}[continued])
	}
	frontSpan := access.str("span_id")
	check := func(name string, l line) {
		t.Helper()
		if l.str("trace_id") != tid || len(l.str("span_id")) != 16 || l.str("trace_flags") != wantFlags {
			t.Errorf("%s: trace %s span %s flags %s; want trace %s, flags %s", name, l.str("trace_id"), l.str("span_id"), l.str("trace_flags"), tid, wantFlags)
		}
	}
	check("front access", access)

	// Each call: a span of its own, a child of the front's hop (or of the
	// otel client span the front's transport started, outside it); the
	// callee's parent is that span, and the headers carried it.
	clientSpans := map[string]bool{}
	for i, c := range clients {
		check("client", c)
		span := c.str("span_id")
		wantParent := frontSpan
		if p, ok := e.otelCalls[span]; ok && m == otelOutermost {
			wantParent = p // otel's recording client span is the call's
		} else if m == otelOutermost {
			// otel's client span (not recording) is the caller's.
			if _, ok := e.otelCalls[c.str("tracelog.parent_span_id")]; ok {
				wantParent = c.str("tracelog.parent_span_id")
			}
		}
		if span == frontSpan || c.str("tracelog.parent_span_id") != wantParent || clientSpans[span] {
			t.Errorf("client %d: span %s parent %s; front span %s, want parent %s and a span of its own", i, span, c.str("tracelog.parent_span_id"), frontSpan, wantParent)
		}
		clientSpans[span] = true
	}
	for i, l := range callees {
		check("callee access", l)
		if !clientSpans[l.str("tracelog.parent_span_id")] || l.str("span_id") == l.str("tracelog.parent_span_id") {
			t.Errorf("callee %d: parent_span_id %s, want one of the client spans %v", i, l.str("tracelog.parent_span_id"), clientSpans)
		}
	}
	parents := map[string]bool{}
	for i, h := range e.received {
		tp := h["traceparent"]
		if len(tp) != 55 || tp[:3] != "00-" || tp[3:35] != tid || !clientSpans[tp[36:52]] || tp[53:] != wantFlags {
			t.Errorf("call %d sent traceparent %q; want trace %s, a client span, flags %s", i, tp, tid, wantFlags)
		} else {
			parents[tp[36:52]] = true
		}
		if h["tracestate"] != wantState {
			t.Errorf("call %d sent tracestate %q, want %q", i, h["tracestate"], wantState)
		}
	}
	if len(parents) != 2 {
		t.Errorf("the two calls sent parents %v, want two distinct", parents)
	}
}

func one(t *testing.T, ls []line) line {
	t.Helper()
	if len(ls) != 1 {
		t.Fatalf("%d lines, want 1", len(ls))
	}
	return ls[0]
}

func dial(t *testing.T, addr string) *grpc.ClientConn {
	conn, err := grpc.NewClient("passthrough:///"+addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}
