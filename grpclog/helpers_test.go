package grpclog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	testpb "google.golang.org/grpc/interop/grpc_testing"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/logger"
)

// sink collects the JSON lines of a tracelog.New logger.
type sink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

type line map[string]any

func (l line) str(key string) string {
	s, _ := l[key].(string)
	return s
}

// num returns the number at key, or -1.
func (l line) num(key string) float64 {
	if v, ok := l[key].(float64); ok {
		return v
	}
	return -1
}

func (l line) keys() []string {
	out := make([]string, 0, len(l))
	for k := range l {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// lines parses every line written so far.
func (s *sink) lines(t testing.TB) []line {
	t.Helper()
	s.mu.Lock()
	data := append([]byte(nil), s.buf.Bytes()...)
	s.mu.Unlock()
	var out []line
	for _, raw := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		if len(raw) == 0 {
			continue
		}
		var l line
		if err := json.Unmarshal(raw, &l); err != nil {
			t.Fatalf("line is not JSON: %v: %s", err, raw)
		}
		out = append(out, l)
	}
	return out
}

// byMsg returns the lines with message msg.
func (s *sink) byMsg(t testing.TB, msg string) []line {
	t.Helper()
	var out []line
	for _, l := range s.lines(t) {
		if l.str("msg") == msg {
			out = append(out, l)
		}
	}
	return out
}

// one returns the only line with message msg, waiting a bounded time for
// lines written after the client returned (a server still unwinding).
func (s *sink) one(t testing.TB, msg string) line {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ls := s.byMsg(t, msg)
		if len(ls) == 1 {
			return ls[0]
		}
		if len(ls) > 1 || time.Now().After(deadline) {
			t.Fatalf("got %d lines with msg %q, want 1; all lines: %v", len(ls), msg, s.lines(t))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func newLogger(t testing.TB, opts ...tracelog.Option) (*zap.Logger, *sink) {
	t.Helper()
	s := &sink{}
	log, err := tracelog.New(append([]tracelog.Option{
		tracelog.WithOutput(s),
		tracelog.WithoutCaller(),
		tracelog.WithLevel(zap.NewAtomicLevelAt(zapcore.DebugLevel)),
		tracelog.WithoutDefault(),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return log, s
}

// assertKeys fails unless l has exactly the keys want (plus time).
func assertKeys(t testing.TB, l line, want ...string) {
	t.Helper()
	want = append(want, "time")
	sort.Strings(want)
	if got := l.keys(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("keys = %v\nwant   %v", got, want)
	}
}

// Keys every access line has, trace keys included.
var baseKeys = []string{
	"level", "msg", "rpc.system.name", "rpc.method", "tracelog.grpc.type",
	"rpc.status_code", "tracelog.grpc.status_code", "duration", "network.peer.address", "network.peer.port",
	"trace_id", "span_id", "trace_flags",
}

func keysWith(extra ...string) []string { return append(append([]string(nil), baseKeys...), extra...) }

// env is a real gRPC server on 127.0.0.1 and a client connected to it.
type env struct {
	logs   *sink
	log    *zap.Logger
	conn   *grpc.ClientConn
	client testpb.TestServiceClient
	addr   string
}

type envConfig struct {
	server      []grpclog.Option
	client      []grpclog.Option
	noServer    bool // no server interceptors
	noClient    bool // no client interceptors
	serverChain []grpc.UnaryServerInterceptor
	logOpts     []tracelog.Option // of the logger both sides use
}

func newEnv(t *testing.T, cfg envConfig) *env {
	t.Helper()
	log, logs := newLogger(t, cfg.logOpts...)
	e := &env{logs: logs, log: log}

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.addr = lis.Addr().String()
	unary := cfg.serverChain
	var sopts []grpc.ServerOption
	if !cfg.noServer {
		unary = append(unary, grpclog.UnaryServerInterceptor(log, cfg.server...))
		sopts = append(sopts, grpc.ChainStreamInterceptor(grpclog.StreamServerInterceptor(log, cfg.server...)))
	}
	sopts = append(sopts, grpc.ChainUnaryInterceptor(unary...))
	srv := grpc.NewServer(sopts...)
	testpb.RegisterTestServiceServer(srv, testService{})
	healthpb.RegisterHealthServer(srv, health.NewServer())
	srv.RegisterService(&echoDesc, nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(lis)
	}()

	dopts := []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	if !cfg.noClient {
		dopts = append(dopts,
			grpc.WithChainUnaryInterceptor(grpclog.UnaryClientInterceptor(log, cfg.client...)),
			grpc.WithChainStreamInterceptor(grpclog.StreamClientInterceptor(log, cfg.client...)),
		)
	}
	conn, err := grpc.NewClient("passthrough:///"+e.addr, dopts...)
	if err != nil {
		t.Fatal(err)
	}
	e.conn = conn
	e.client = testpb.NewTestServiceClient(conn)
	t.Cleanup(func() {
		_ = conn.Close()
		srv.Stop()
		<-done
	})
	return e
}

func ctxTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// testService drives its behaviour from the request: EchoStatus's code is
// returned as the status, and its message "panic" panics, "wait" waits for
// the context to end, "plain" returns a plain error. Every handler logs
// one line through logger.FromContext.
type testService struct {
	testpb.UnimplementedTestServiceServer
}

const handlerMsg = "in handler"

func act(ctx context.Context, st *testpb.EchoStatus) error {
	switch st.GetMessage() {
	case "panic":
		panic("boom: Authorization: Bearer s3cr3t.t0k3n")
	case "wait":
		<-ctx.Done()
		return status.FromContextError(ctx.Err()).Err()
	case "fields":
		var wg sync.WaitGroup
		for i := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				grpclog.AddFields(ctx, zap.Int(fmt.Sprintf("worker.%d", i), i))
			}()
		}
		wg.Wait()
		grpclog.AddFields(ctx, zap.String("order.id", "42"), zap.String("token", "s3cr3t.t0k3n.value"))
	case "plain":
		return errors.New("plain failure")
	}
	if st.GetCode() != 0 {
		return status.Error(codes.Code(st.GetCode()), st.GetMessage())
	}
	return nil
}

func (testService) EmptyCall(ctx context.Context, _ *testpb.Empty) (*testpb.Empty, error) {
	logger.FromContext(ctx).Info(handlerMsg)
	return &testpb.Empty{}, nil
}

func (testService) UnaryCall(ctx context.Context, req *testpb.SimpleRequest) (*testpb.SimpleResponse, error) {
	logger.FromContext(ctx).Info(handlerMsg)
	if err := act(ctx, req.GetResponseStatus()); err != nil {
		return nil, err
	}
	return &testpb.SimpleResponse{Username: "ada", Payload: req.GetPayload()}, nil
}

func (testService) StreamingOutputCall(req *testpb.StreamingOutputCallRequest, stream testpb.TestService_StreamingOutputCallServer) error {
	logger.FromContext(stream.Context()).Info(handlerMsg)
	for range req.GetResponseParameters() {
		if err := stream.Send(&testpb.StreamingOutputCallResponse{Payload: req.GetPayload()}); err != nil {
			return err
		}
	}
	return act(stream.Context(), req.GetResponseStatus())
}

func (testService) StreamingInputCall(stream testpb.TestService_StreamingInputCallServer) error {
	logger.FromContext(stream.Context()).Info(handlerMsg)
	n := 0
	for {
		req, err := stream.Recv()
		if err == io.EOF {
			return stream.SendAndClose(&testpb.StreamingInputCallResponse{AggregatedPayloadSize: int32(n)})
		}
		if err != nil {
			return err
		}
		n += len(req.GetPayload().GetBody())
	}
}

func (testService) FullDuplexCall(stream testpb.TestService_FullDuplexCallServer) error {
	logger.FromContext(stream.Context()).Info(handlerMsg)
	for {
		req, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := act(stream.Context(), req.GetResponseStatus()); err != nil {
			return err
		}
		if err := stream.Send(&testpb.StreamingOutputCallResponse{Payload: req.GetPayload()}); err != nil {
			return err
		}
	}
}

// echoDesc is a hand-written service, "/test.Echo/Echo", that takes and
// returns a google.protobuf.Struct, for payloads with arbitrary keys.
var echoDesc = grpc.ServiceDesc{
	ServiceName: "test.Echo",
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Echo",
		Handler: func(_ any, ctx context.Context, dec func(any) error, icpt grpc.UnaryServerInterceptor) (any, error) {
			in := new(structpb.Struct)
			if err := dec(in); err != nil {
				return nil, err
			}
			h := func(ctx context.Context, req any) (any, error) {
				out := req.(*structpb.Struct)
				out.Fields["answered"] = structpb.NewBoolValue(true)
				return out, nil
			}
			if icpt == nil {
				return h(ctx, in)
			}
			return icpt(ctx, in, &grpc.UnaryServerInfo{FullMethod: "/test.Echo/Echo"}, h)
		},
	}},
}

const echoMethod = "/test.Echo/Echo"
