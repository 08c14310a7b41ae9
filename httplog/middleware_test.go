package httplog_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
)

const (
	incomingTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	incomingSpan  = "00f067aa0ba902b7"
	traceparent   = "00-" + incomingTrace + "-" + incomingSpan + "-01"
)

// get sends a GET to url with headers and returns the response, its body
// read and closed.
func get(t *testing.T, c *http.Client, url string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// serve starts a loopback server for h, closed at the end of the test.
func serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestServerAccessLine(t *testing.T) {
	log, out := newLog(t)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		logger.FromContext(r.Context()).Info("loading user", zap.String("id", r.PathValue("id")))
		io.WriteString(w, "user 42\n")
	})
	srv := serve(t, httplog.NewHandler(mux, log))

	resp, body := get(t, srv.Client(), srv.URL+"/users/42", map[string]string{"User-Agent": "test/1.0"})
	if body != "user 42\n" || resp.StatusCode != 200 {
		t.Fatalf("response %d %q", resp.StatusCode, body)
	}
	l := out.wait(t, httplog.MessageServer, 1)[0]
	l.hasKeys(t, plus(serverKeys, "http.route")...)
	want := map[string]any{
		"level": "info", "http.request.method": "GET", "http.route": "/users/{id}", "url.path": "/users/42",
		"http.response.status_code": 200.0, "tracelog.http.request.body.size": 0.0, "tracelog.http.response.body.size": 8.0,
		"client.address": "127.0.0.1", "user_agent.original": "test/1.0", "network.protocol.version": "1.1", "trace_flags": "03",
	}
	for k, v := range want {
		if l[k] != v {
			t.Errorf("%s = %v, want %v", k, l[k], v)
		}
	}
	if _, ok := l["duration"].(float64); !ok {
		t.Errorf("duration = %v, want float milliseconds", l["duration"])
	}
	if got := resp.Header.Get("X-Trace-Id"); got != l.str("trace_id") || len(got) != 32 {
		t.Errorf("X-Trace-Id = %q, trace_id = %q", got, l.str("trace_id"))
	}
	h := out.wait(t, "loading user", 1)[0]
	if h.str("trace_id") != l.str("trace_id") || h.str("span_id") != l.str("span_id") {
		t.Errorf("handler line trace %s/%s, access line %s/%s", h.str("trace_id"), h.str("span_id"), l.str("trace_id"), l.str("span_id"))
	}
}

func TestServerIncomingTraceContext(t *testing.T) {
	log, out := newLog(t)
	var inHandler trace.SpanContext
	var bag string
	srv := serve(t, httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inHandler = trace.SpanContextFromContext(r.Context())
		bag = baggage.FromContext(r.Context()).Member("tenant").Value()
	}), log))

	resp, _ := get(t, srv.Client(), srv.URL+"/x", map[string]string{
		"Traceparent": traceparent,
		"Tracestate":  "vendor=abc",
		"Baggage":     "tenant=acme",
	})
	l := out.wait(t, httplog.MessageServer, 1)[0]
	l.hasKeys(t, plus(serverKeys, "tracelog.parent_span_id")...)
	if l.str("trace_id") != incomingTrace || l.str("tracelog.parent_span_id") != incomingSpan || l.str("trace_flags") != "01" {
		t.Errorf("trace %s parent %s flags %s", l.str("trace_id"), l.str("tracelog.parent_span_id"), l.str("trace_flags"))
	}
	if l.str("span_id") == incomingSpan || len(l.str("span_id")) != 16 {
		t.Errorf("span_id = %s, want a new one", l.str("span_id"))
	}
	if inHandler.SpanID().String() != l.str("span_id") || inHandler.TraceState().Get("vendor") != "abc" {
		t.Errorf("handler's span context %v", inHandler)
	}
	if bag != "acme" {
		t.Errorf("baggage tenant = %q", bag)
	}
	if resp.Header.Get("X-Trace-Id") != incomingTrace {
		t.Errorf("X-Trace-Id = %q", resp.Header.Get("X-Trace-Id"))
	}
}

// Bad trace context is ignored, never crashes and never reaches the log.
func TestServerBadTraceContext(t *testing.T) {
	long := "00-" + incomingTrace + "-" + incomingSpan + "-01" + strings.Repeat("-ab", 100)
	tests := []struct {
		name, traceparent, tracestate string
		keep                          bool // the trace is continued
		keepState                     bool
	}{
		{name: "malformed", traceparent: "00-xyz-123-01"},
		{name: "all-zero trace", traceparent: "00-00000000000000000000000000000000-" + incomingSpan + "-01"},
		{name: "all-zero span", traceparent: "00-" + incomingTrace + "-0000000000000000-01"},
		{name: "version ff", traceparent: "ff-" + incomingTrace + "-" + incomingSpan + "-01"},
		{name: "oversized", traceparent: long},
		{name: "crlf", traceparent: "00-" + incomingTrace + "\r\nX: y-" + incomingSpan + "-01"},
		{name: "bad tracestate", traceparent: traceparent, tracestate: "=,,==bad\x01", keep: true},
		{name: "oversized tracestate", traceparent: traceparent, tracestate: "a=" + strings.Repeat("b", 250) + strings.Repeat(",c=d", 3000), keep: true},
		{name: "good tracestate", traceparent: traceparent, tracestate: "a=b", keep: true, keepState: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, out := newLog(t)
			var state trace.TraceState
			h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				state = trace.SpanContextFromContext(r.Context()).TraceState()
			}), log)
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.Header["Traceparent"] = []string{tt.traceparent}
			if tt.tracestate != "" {
				r.Header["Tracestate"] = []string{tt.tracestate}
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			l := out.wait(t, httplog.MessageServer, 1)[0]
			if tt.keep {
				if l.str("trace_id") != incomingTrace || l.str("tracelog.parent_span_id") != incomingSpan {
					t.Errorf("trace not continued: %v", l)
				}
			} else {
				l.hasKeys(t, serverKeys...)
				if l.str("trace_id") == incomingTrace || len(l.str("trace_id")) != 32 {
					t.Errorf("trace_id = %s, want a new trace", l.str("trace_id"))
				}
			}
			if got := state.Len() > 0; got != tt.keepState {
				t.Errorf("tracestate kept = %v, want %v", got, tt.keepState)
			}
			if strings.Contains(out.String(), "traceparent") || (tt.tracestate != "" && strings.Contains(out.String(), tt.tracestate)) {
				t.Errorf("trace context echoed: %s", out.String())
			}
		})
	}
}

func TestServerLevels(t *testing.T) {
	tests := []struct {
		name   string
		status int
		opts   []httplog.Option
		want   string
	}{
		{"200 info", 200, nil, "info"},
		{"302 info", 302, nil, "info"},
		{"404 warn", 404, nil, "warn"},
		{"503 error", 503, nil, "error"},
		{"custom", 404, []httplog.Option{httplog.WithStatusLevel(func(s int) zapcore.Level {
			if s == 404 {
				return zapcore.DebugLevel
			}
			return httplog.DefaultStatusLevel(s)
		})}, "debug"},
		{"nil keeps default", 404, []httplog.Option{httplog.WithStatusLevel(nil)}, "warn"},
		{"slow", 200, []httplog.Option{httplog.WithSlowThreshold(time.Nanosecond)}, "warn"},
		{"slow keeps error", 500, []httplog.Option{httplog.WithSlowThreshold(time.Nanosecond)}, "error"},
		{"slow off", 200, []httplog.Option{httplog.WithSlowThreshold(time.Hour)}, "info"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, out := newLog(t)
			h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
			}), log, tt.opts...)
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
			l := out.wait(t, httplog.MessageServer, 1)[0]
			if l.str("level") != tt.want || l.num("http.response.status_code") != float64(tt.status) {
				t.Errorf("level %s status %v, want %s %d", l.str("level"), l["http.response.status_code"], tt.want, tt.status)
			}
		})
	}
}

// A line below the logger's level is not written, and costs no fields.
func TestServerDisabledLevel(t *testing.T) {
	log, out := newLog(t)
	log = log.WithOptions(zap.IncreaseLevel(zapcore.WarnLevel))
	h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), log)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	if s := out.String(); s != "" {
		t.Errorf("wrote %s", s)
	}
}

func TestServerTraceHeaderOptions(t *testing.T) {
	tests := []struct {
		name string
		opts []httplog.Option
		hdr  string
	}{
		{"default", nil, "X-Trace-Id"},
		{"renamed", []httplog.Option{httplog.WithTraceHeader("x-request-trace")}, "X-Request-Trace"},
		{"off", []httplog.Option{httplog.WithoutTraceHeader()}, ""},
		{"empty is off", []httplog.Option{httplog.WithTraceHeader("")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, out := newLog(t)
			var seen string
			h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				// Set before the handler runs.
				seen = w.Header().Get(tt.hdr)
			}), log, tt.opts...)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
			l := out.wait(t, httplog.MessageServer, 1)[0]
			if tt.hdr == "" {
				if got := w.Header().Get("X-Trace-Id"); got != "" {
					t.Errorf("X-Trace-Id = %q with the header off", got)
				}
				return
			}
			if got := w.Header().Get(tt.hdr); got != l.str("trace_id") || seen != got {
				t.Errorf("%s = %q (handler saw %q), trace_id %q", tt.hdr, got, seen, l.str("trace_id"))
			}
		})
	}
}

func TestServerFilters(t *testing.T) {
	log, out := newLog(t)
	var calls int
	var hadSpan bool
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		hadSpan = trace.SpanContextFromContext(r.Context()).IsValid()
	})
	h := httplog.NewHandler(inner, log,
		httplog.WithSkipPaths("/healthz"),
		httplog.WithFilter(func(r *http.Request) bool { return r.Header.Get("X-Skip") == "" }),
		httplog.WithFilter(nil),
	)
	for _, tt := range []struct {
		path, skip string
		logged     bool
	}{
		{"/healthz", "", false},
		{"/healthz/x", "", true},
		{"/x", "1", false},
		{"/x", "", true},
	} {
		before := len(out.lines(t))
		r := httptest.NewRequest(http.MethodGet, tt.path, nil)
		if tt.skip != "" {
			r.Header.Set("X-Skip", tt.skip)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		logged := len(out.lines(t)) > before
		if logged != tt.logged || hadSpan != tt.logged || (w.Header().Get("X-Trace-Id") != "") != tt.logged {
			t.Errorf("%s skip=%q: logged %v, span %v, header %q; want handled %v", tt.path, tt.skip, logged, hadSpan, w.Header().Get("X-Trace-Id"), tt.logged)
		}
	}
	if calls != 4 {
		t.Errorf("handler ran %d times, want 4", calls)
	}
}

// A nil logger means zap.L(); a nil handler means http.DefaultServeMux.
func TestServerNilArguments(t *testing.T) {
	log, out := newLog(t)
	undo := zap.ReplaceGlobals(log)
	defer undo()
	h := httplog.NewHandler(nil, nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/no-such-path-in-default-mux", nil))
	l := out.wait(t, httplog.MessageServer, 1)[0]
	if l.num("http.response.status_code") != 404 {
		t.Errorf("status %v, want 404 from DefaultServeMux", l["http.response.status_code"])
	}
}

// The handler's context is the request's: canceled when the client goes.
func TestServerContextKeepsCancellation(t *testing.T) {
	log, _ := newLog(t)
	done := make(chan error, 1)
	h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		done <- r.Context().Err()
	}), log)
	ctx, cancel := context.WithCancel(context.Background())
	r := httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx)
	go h.ServeHTTP(httptest.NewRecorder(), r)
	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("Err = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("handler's context not canceled")
	}
}
