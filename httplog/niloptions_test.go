package httplog_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/otel/propagation"

	"github.com/tracelog/tracelog/httplog"
)

// A nil value given to an option is ignored: what an earlier option set
// stays (the uniform rule of every package).
func TestNilOptionValuesAreIgnored(t *testing.T) {
	log, out := newLog(t)
	route := func(*http.Request) string { return "/mine" }
	h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), log,
		httplog.WithRouteFunc(route), httplog.WithRouteFunc(nil),
		httplog.WithPropagator(propagation.TraceContext{}), httplog.WithPropagator(nil),
		httplog.WithTracerProvider(nil), httplog.WithStatusLevel(nil), httplog.WithRedactor(nil),
		httplog.WithFilter(nil), nil,
	)
	r := httptest.NewRequest(http.MethodGet, "/x", nil)
	r.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	h.ServeHTTP(httptest.NewRecorder(), r)
	l := out.wait(t, httplog.MessageServer, 1)[0]
	if l.str("http.route") != "/mine" {
		t.Errorf("a nil route function replaced the one set before: %v", l)
	}
	if l.str("trace_id") != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("a nil propagator replaced the one set before: %v", l)
	}
}
