package hopmatrix_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	testpb "google.golang.org/grpc/interop/grpc_testing"

	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/httplog"
)

// A trace tracelog starts (an upstream service with no SDK, a request with
// no trace context, or a call from a background job) reaches a downstream
// service on the SDK's default sampler (ParentBased(AlwaysSample)), which
// records it under the trace ID the upstream logged.
func TestMintedTraceRecordedDownstream(t *testing.T) {
	for _, tt := range []struct {
		name     string
		grpc     bool
		fromSpan bool // the call is made in a request, else from a bare context
	}{
		{"HTTP from a request", false, true},
		{"HTTP from a background job", false, false},
		{"gRPC from a request", true, true},
		{"gRPC from a background job", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := tracetest.NewSpanRecorder()
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
			upLog, upOut := newLog(t)
			downLog, _ := newLog(t)
			e := &env{mode: noSDK, otelCalls: map[string]string{}}

			var call func(ctx context.Context) error
			if tt.grpc {
				down := &env{mode: withSDK, tp: tp, otelCalls: map[string]string{}}
				client := e.grpcClient(t, upLog, down.grpcServer(t, downLog, callee{e: down}))
				call = func(ctx context.Context) error {
					_, err := client.UnaryCall(ctx, &testpb.SimpleRequest{})
					return err
				}
			} else {
				srv := httptest.NewServer(httplog.NewHandler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), downLog, httplog.WithTracerProvider(tp)))
				t.Cleanup(srv.Close)
				client := &http.Client{Transport: e.transport(t, upLog)}
				call = func(ctx context.Context) error {
					req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
					resp, err := client.Do(req)
					if err != nil {
						return err
					}
					io.Copy(io.Discard, resp.Body)
					return resp.Body.Close()
				}
			}
			if tt.fromSpan {
				up := httptest.NewServer(httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if err := call(r.Context()); err != nil {
						t.Error(err)
					}
				}), upLog))
				t.Cleanup(up.Close)
				resp, err := http.Get(up.URL)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			} else if err := call(t.Context()); err != nil {
				t.Fatal(err)
			}

			msg := httplog.MessageClient
			if tt.grpc {
				msg = grpclog.MessageClient
			}
			c := one(t, upOut.lines(t, msg))
			if c.str("trace_flags") != "03" {
				t.Errorf("upstream client trace_flags %s, want 03 (sampled, random)", c.str("trace_flags"))
			}
			spans := rec.Ended()
			if len(spans) != 1 {
				t.Fatalf("downstream recorded %d spans, want 1", len(spans))
			}
			s := spans[0]
			if s.SpanContext().TraceID().String() != c.str("trace_id") || s.Parent().SpanID().String() != c.str("span_id") || !s.SpanContext().IsSampled() {
				t.Errorf("downstream span %v (parent %v), upstream client trace %s span %s", s.SpanContext(), s.Parent(), c.str("trace_id"), c.str("span_id"))
			}
		})
	}
}
