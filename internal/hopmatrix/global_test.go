package hopmatrix_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/tracelog/tracelog/httplog"
)

// A global propagator the user installed is used as it is, by the server
// and the client, HTTP and gRPC: here otel's TraceContext, which keeps only
// the sampled flag and drops a tracestate with Level 2 keys, where
// tracelog's own implementation would send both on.
func TestGlobalPropagatorUsedAsIs(t *testing.T) {
	prev := otel.GetTextMapPropagator()
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	t.Cleanup(func() { otel.SetTextMapPropagator(prev) })

	for _, grpcCallee := range []bool{false, true} {
		e := &env{mode: noSDK, otelCalls: map[string]string{}}
		frontLog, _ := newLog(t)
		calleeLog, _ := newLog(t)
		call := e.caller(t, frontLog, calleeLog, grpcCallee)
		front := httptest.NewServer(httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := call(r.Context()); err != nil {
				t.Error(err)
			}
		}), frontLog))
		req, _ := http.NewRequest(http.MethodGet, front.URL, nil)
		req.Header.Set("Traceparent", "00-"+inTrace+"-"+inSpan+"-02")
		req.Header.Set("Tracestate", inState)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		front.Close()
		if len(e.received) != 1 {
			t.Fatalf("grpc=%v: %d calls received", grpcCallee, len(e.received))
		}
		got := e.received[0]
		if tp := got["traceparent"]; len(tp) != 55 || tp[3:35] != inTrace || tp[53:] != "00" || got["tracestate"] != "" {
			t.Errorf("grpc=%v: callee got %v, want the trace with flags 00 and no tracestate (otel's TraceContext)", grpcCallee, got)
		}
	}
}
