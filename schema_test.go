package tracelog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testpb "google.golang.org/grpc/interop/grpc_testing"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/internal/schematest"
	"github.com/tracelog/tracelog/logger"
)

// lockedBuffer is a bytes.Buffer safe for the servers' goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range bytes.Split(bytes.TrimSpace(b.buf.Bytes()), []byte("\n")) {
		m := map[string]any{}
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("bad line %s: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// schemaService answers UnaryCall and panics when asked to.
type schemaService struct {
	testpb.UnimplementedTestServiceServer
}

func (schemaService) UnaryCall(ctx context.Context, req *testpb.SimpleRequest) (*testpb.SimpleResponse, error) {
	if req.GetResponseStatus().GetMessage() == "panic" {
		panic("grpc boom")
	}
	return &testpb.SimpleResponse{}, nil
}

// driveLines writes, through log, every kind of line the library writes:
// HTTP server lines (one panicking), HTTP client lines (one failing), gRPC
// server and client lines (one panicking), and an error line with a stack,
// a logger name and a caller.
func driveLines(t *testing.T, log *zap.Logger) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		logger.FromContext(r.Context()).Named("users").Error("lookup failed", zap.Error(errors.New("no such user")))
		io.WriteString(w, "hello")
	})
	mux.HandleFunc("GET /panic", func(http.ResponseWriter, *http.Request) { panic("http boom") })
	srv := httptest.NewServer(httplog.NewMiddleware(log, httplog.WithQuery())(mux))
	defer srv.Close()

	client := &http.Client{Transport: httplog.NewTransport(http.DefaultTransport, log)}
	ctx, span := newSpanContext(t)
	defer span()
	for _, path := range []string{"/users/42?q=1", "/panic"} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		req.Header.Set("User-Agent", "schema-test/1.0")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	// A failed client request: nothing listens there.
	lis, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := lis.Addr().String()
	lis.Close()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/x", nil)
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
	}

	glis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer(grpc.ChainUnaryInterceptor(grpclog.UnaryServerInterceptor(log)))
	testpb.RegisterTestServiceServer(gs, schemaService{})
	go func() { _ = gs.Serve(glis) }()
	defer gs.Stop()
	conn, err := grpc.NewClient("passthrough:///"+glis.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(grpclog.UnaryClientInterceptor(log)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	gc := testpb.NewTestServiceClient(conn)
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := gc.UnaryCall(cctx, &testpb.SimpleRequest{}); err != nil {
		t.Fatal(err)
	}
	_, _ = gc.UnaryCall(cctx, &testpb.SimpleRequest{ResponseStatus: &testpb.EchoStatus{Message: "panic"}})
	_ = log.Sync()
}

// newSpanContext returns a context whose span is a remote parent, as a
// handler would have.
func newSpanContext(t *testing.T) (context.Context, func()) {
	t.Helper()
	return exampleContext(), func() {}
}

// TestProfilesFollowTheirSchemas drives every kind of line under every
// built-in profile and checks every key of every line against the
// profile's schema (see internal/schematest), the type included: a key the
// schema does not know fails.
func TestProfilesFollowTheirSchemas(t *testing.T) {
	for _, p := range []logger.Profile{logger.OTel(), logger.ECS(), logger.GCP("shop-prod"), logger.Datadog()} {
		t.Run(p.String(), func(t *testing.T) {
			var out lockedBuffer
			log, err := tracelog.New(tracelog.WithProfiles(p), tracelog.WithOutput(&out),
				tracelog.WithService("checkout", "1.4.2"), tracelog.WithDeploymentEnvironment("production"),
				tracelog.WithoutDefault())
			if err != nil {
				t.Fatal(err)
			}
			driveLines(t, log)
			lines := out.lines(t)
			kinds := map[string]int{}
			schema := schematest.For(p)
			k := p.Keys()
			for _, l := range lines {
				kinds[l[k[logger.MessageKey]].(string)]++
				for _, err := range schema.Check(l) {
					t.Errorf("%v\n  line %v", err, l)
				}
			}
			for _, msg := range []string{httplog.MessageServer, httplog.MessageClient, grpclog.MessageServer, grpclog.MessageClient, "lookup failed"} {
				if kinds[msg] == 0 {
					t.Errorf("no %q line: %v", msg, kinds)
				}
			}
			if t.Failed() {
				t.Logf("lines:\n%s", out.buf.String())
			}
		})
	}
}

// TestDefaultAccessLinesOnSemconv checks the keys of the default
// profile's access lines against the semantic-conventions registry alone:
// each is a current (stable or release-candidate, never deprecated)
// attribute, a field of the log record or the trace context, or under the
// documented extension namespace.
func TestDefaultAccessLinesOnSemconv(t *testing.T) {
	attrs, templates, deprecated := schematest.Registry()
	var out lockedBuffer
	log, err := tracelog.New(tracelog.WithOutput(&out), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	driveLines(t, log)
	record := map[string]bool{"time": true, "level": true, "msg": true, "trace_id": true, "span_id": true, "trace_flags": true, "duration": true}
	for _, l := range out.lines(t) {
		if m := l["msg"]; m != httplog.MessageServer && m != httplog.MessageClient && m != grpclog.MessageServer && m != grpclog.MessageClient {
			continue
		}
	keys:
		for k := range l {
			switch {
			case record[k], strings.HasPrefix(k, logger.ExtensionPrefix):
				continue
			case deprecated[k]:
				t.Errorf("%s: deprecated key %q", l["msg"], k)
				continue
			}
			if _, ok := attrs[k]; ok {
				continue
			}
			for p := range templates {
				if strings.HasPrefix(k, p) {
					continue keys
				}
			}
			t.Errorf("%s: %q is not a current semantic-conventions attribute", l["msg"], k)
		}
	}
}
