package httplog_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/httplog"
)

// clientKeys are the keys of a client line for a first request on a new
// plain-TCP connection.
var clientKeys = []string{
	"level", "time", "msg", "trace_id", "span_id", "trace_flags", "tracelog.parent_span_id",
	"http.request.method", "server.address", "server.port", "url.path", "http.response.status_code", "duration",
	"tracelog.http.request.body.size", "tracelog.http.response.body.size", "tracelog.http.connect", "tracelog.http.ttfb", "tracelog.http.conn_reused",
}

// callerContext is the context of code that runs in a hop: it holds the
// hop's span context, as the middleware's handler context does.
func callerContext(t testing.TB) (context.Context, trace.SpanContext) {
	t.Helper()
	tid, _ := trace.TraceIDFromHex(incomingTrace)
	sid, _ := trace.SpanIDFromHex("a1b2c3d4e5f60718")
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled})
	return trace.ContextWithSpanContext(t.Context(), sc), sc
}

// echoServer answers "hello" and reports the trace headers it received.
func echoServer(t *testing.T) (*httptest.Server, chan http.Header) {
	t.Helper()
	seen := make(chan http.Header, 10)
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- r.Header.Clone()
		switch r.URL.Path {
		case "/fail":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/big":
			w.Write([]byte(strings.Repeat("x", 100000)))
		default:
			io.WriteString(w, "hello")
		}
	}))
	return srv, seen
}

func newClient(t *testing.T, base http.RoundTripper, opts ...httplog.Option) (*http.Client, *sink) {
	t.Helper()
	log, out := newLog(t)
	if base == nil {
		tr := &http.Transport{}
		t.Cleanup(tr.CloseIdleConnections)
		base = tr
	}
	return &http.Client{Transport: httplog.NewTransport(base, log, opts...)}, out
}

func TestTransportLine(t *testing.T) {
	srv, seen := echoServer(t)
	client, out := newClient(t, nil)
	ctx, sc := callerContext(t)
	ctx = baggage.ContextWithBaggage(ctx, mustBaggage(t, "tenant=acme"))

	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/users/42?x=1", nil)
	req.Header.Set("X-Caller", "yes")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hello" {
		t.Fatalf("body %q", body)
	}

	// The request's own span, a child of the caller's, is injected into
	// the outgoing request, never into the caller's.
	h := <-seen
	l := out.wait(t, httplog.MessageClient, 1)[0]
	if want := "00-" + sc.TraceID().String() + "-" + l.str("span_id") + "-01"; h.Get("Traceparent") != want || l.str("span_id") == sc.SpanID().String() {
		t.Errorf("traceparent %q, want %q (a span of its own)", h.Get("Traceparent"), want)
	}
	if h.Get("Baggage") != "tenant=acme" || h.Get("X-Caller") != "yes" {
		t.Errorf("headers %v", h)
	}
	if len(req.Header) != 1 || req.Header.Get("Traceparent") != "" {
		t.Errorf("caller's request modified: %v", req.Header)
	}

	l.hasKeys(t, clientKeys...)
	want := map[string]any{
		"level": "info", "http.request.method": "GET", "server.address": "127.0.0.1",
		"url.path": "/users/42", "http.response.status_code": 200.0, "tracelog.http.request.body.size": 0.0, "tracelog.http.response.body.size": 5.0,
		"tracelog.http.conn_reused": false, "trace_id": sc.TraceID().String(), "tracelog.parent_span_id": sc.SpanID().String(),
	}
	for k, v := range want {
		if l[k] != v {
			t.Errorf("%s = %v, want %v", k, l[k], v)
		}
	}

	// A second request reuses the connection: no connect time.
	req2, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/orders", strings.NewReader("{}"))
	resp, err = client.Do(req2)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	h2 := <-seen
	l2 := out.wait(t, httplog.MessageClient, 2)[1]
	l2.hasKeys(t, minus(clientKeys, "tracelog.http.connect")...)
	if l2["tracelog.http.conn_reused"] != true || l2.num("tracelog.http.request.body.size") != 2 || l2.str("http.request.method") != "POST" {
		t.Errorf("second line %v", l2)
	}
	// Two calls from one span: two spans, both children of the caller's.
	if l2.str("span_id") == l.str("span_id") || l2.str("tracelog.parent_span_id") != sc.SpanID().String() || h2.Get("Traceparent")[36:52] != l2.str("span_id") {
		t.Errorf("second call: span %s parent %s traceparent %s; first span %s", l2.str("span_id"), l2.str("tracelog.parent_span_id"), h2.Get("Traceparent"), l.str("span_id"))
	}
}

func mustBaggage(t *testing.T, s string) baggage.Baggage {
	t.Helper()
	b, err := baggage.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Exactly one line per request, however the body is handled.
func TestTransportOneLinePerRequest(t *testing.T) {
	srv, _ := echoServer(t)
	tests := []struct {
		name   string
		method string
		path   string
		use    func(t *testing.T, resp *http.Response, out *sink)
		size   float64
		level  string
	}{
		{name: "closed unread", method: "GET", path: "/big", size: 0, level: "info",
			use: func(t *testing.T, resp *http.Response, out *sink) { resp.Body.Close() }},
		{name: "partly read then closed", method: "GET", path: "/big", size: 10, level: "info",
			use: func(t *testing.T, resp *http.Response, out *sink) {
				io.ReadFull(resp.Body, make([]byte, 10))
				resp.Body.Close()
			}},
		{name: "read to EOF, logged before Close", method: "GET", path: "/big", size: 100000, level: "info",
			use: func(t *testing.T, resp *http.Response, out *sink) {
				io.Copy(io.Discard, resp.Body)
				out.wait(t, httplog.MessageClient, 1)
				resp.Body.Close()
				resp.Body.Close()
			}},
		{name: "no body, logged at once", method: "HEAD", path: "/", size: 0, level: "info",
			use: func(t *testing.T, resp *http.Response, out *sink) {
				out.wait(t, httplog.MessageClient, 1)
				resp.Body.Close()
			}},
		{name: "5xx", method: "GET", path: "/fail", size: 0, level: "error",
			use: func(t *testing.T, resp *http.Response, out *sink) { io.ReadAll(resp.Body); resp.Body.Close() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, out := newClient(t, nil)
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			tt.use(t, resp, out)
			time.Sleep(10 * time.Millisecond) // a second line would show up by now
			lines := out.wait(t, httplog.MessageClient, 1)
			if len(out.lines(t)) != 1 {
				t.Fatalf("%d lines", len(out.lines(t)))
			}
			l := lines[0]
			if l.num("tracelog.http.response.body.size") != tt.size || l.str("level") != tt.level {
				t.Errorf("size %v level %s, want %v %s", l["tracelog.http.response.body.size"], l.str("level"), tt.size, tt.level)
			}
			// No span in the caller's context: the request starts a
			// trace (sampled and random), logs it and sends it.
			if _, ok := l["tracelog.parent_span_id"]; ok || l.str("trace_flags") != "03" || len(l.str("trace_id")) != 32 || len(l.str("span_id")) != 16 {
				t.Errorf("a new trace: %v", l)
			}
		})
	}
}

func TestTransportErrors(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		client, out := newClient(t, nil)
		ctx, _ := callerContext(t)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/x?token=abc", nil)
		if _, err := client.Do(req); err == nil {
			t.Fatal("no error")
		}
		l := out.wait(t, httplog.MessageClient, 1)[0]
		l.hasKeys(t, "level", "time", "msg", "trace_id", "span_id", "trace_flags", "tracelog.parent_span_id", "http.request.method", "server.address", "url.path", "duration", "tracelog.http.request.body.size", "exception.message", "server.port",
			httplog.KeyErrorType, httplog.KeyErrorClass)
		// The error of a dial, as the transport returns it.
		if l.str("level") != "error" || !strings.Contains(l.str("exception.message"), "refused") || strings.Contains(out.String(), "abc") ||
			l.str(httplog.KeyErrorType) != "*net.OpError" || l.str(httplog.KeyErrorClass) != "*net.OpError" {
			t.Errorf("line %v", l)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		block := make(chan struct{})
		srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-block:
			case <-r.Context().Done():
			}
		}))
		defer close(block)
		client, out := newClient(t, nil)
		ctx, cancel := context.WithCancel(t.Context())
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		go func() { time.Sleep(20 * time.Millisecond); cancel() }()
		if _, err := client.Do(req); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		if l := out.wait(t, httplog.MessageClient, 1)[0]; l.str("level") != "warn" || !strings.Contains(l.str("exception.message"), "canceled") {
			t.Errorf("line %v", l)
		}
	})
	t.Run("body read error", func(t *testing.T) {
		srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100")
			w.Write([]byte("short"))
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}))
		client, out := newClient(t, nil)
		resp, err := client.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Fatal("no read error")
		}
		l := out.wait(t, httplog.MessageClient, 1)[0]
		if l.str("level") != "error" || l.num("http.response.status_code") != 200 || l.num("tracelog.http.response.body.size") != 5 || l.str("exception.message") == "" {
			t.Errorf("line %v", l)
		}
	})
}

func TestTransportTLSAndQuery(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(srv.Close)
	client, out := newClient(t, srv.Client().Transport, httplog.WithQuery(), httplog.WithRequestHeaders("Authorization"), httplog.WithResponseHeaders("Content-Length"))
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/s?q=1&password=hunter2", nil)
	req.Header.Set("Authorization", "Bearer x.y.z")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	l := out.wait(t, httplog.MessageClient, 1)[0]
	l.hasKeys(t, append(minus(clientKeys, "tracelog.parent_span_id"), "tracelog.http.tls", "url.query", "http.request.header.authorization", "http.response.header.content-length")...)
	if l.str("url.query") != "q=1&password=%5BREDACTED%5D" || l.str("http.request.header.authorization") != "[REDACTED]" {
		t.Errorf("line %v", l)
	}
	if strings.Contains(out.String(), "hunter2") || strings.Contains(out.String(), "x.y.z") {
		t.Error("secret logged")
	}
}

// A nil base is http.DefaultTransport; a filtered request goes through
// untouched.
func TestTransportDefaultsAndFilter(t *testing.T) {
	srv, seen := echoServer(t)
	log, out := newLog(t)
	defer http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	client := &http.Client{Transport: httplog.NewTransport(nil, log, httplog.WithSkipPaths("/skip"))}
	ctx, _ := callerContext(t)
	for _, p := range []string{"/skip", "/log"} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+p, nil)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		h := <-seen
		if got := h.Get("Traceparent") != ""; got != (p == "/log") {
			t.Errorf("%s: traceparent injected %v", p, got)
		}
	}
	if lines := out.wait(t, httplog.MessageClient, 1); lines[0].str("url.path") != "/log" {
		t.Errorf("line %v", lines[0])
	}
}

// A 101 response keeps a writable body.
func TestTransportUpgrade(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
		rw.Flush()
		msg, _ := rw.ReadString('\n')
		rw.WriteString(msg)
		rw.Flush()
	}))
	client, out := newClient(t, nil)
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "echo")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	rwc, ok := resp.Body.(io.ReadWriteCloser)
	if !ok {
		t.Fatalf("101 body is %T, not writable", resp.Body)
	}
	io.WriteString(rwc, "ping\n")
	buf := make([]byte, 5)
	io.ReadFull(rwc, buf)
	rwc.Close()
	if string(buf) != "ping\n" {
		t.Errorf("echo %q", buf)
	}
	if l := out.wait(t, httplog.MessageClient, 1)[0]; l.num("http.response.status_code") != 101 || l.num("tracelog.http.response.body.size") != 5 {
		t.Errorf("line %v", l)
	}
}

// fakeOtelTransport does what otelhttp.NewTransport does: start a client
// span, inject it into a copy of the request, and send that.
type fakeOtelTransport struct {
	tracer trace.Tracer
	next   http.RoundTripper
	spans  chan trace.SpanContext
}

func (f *fakeOtelTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, span := f.tracer.Start(r.Context(), "HTTP GET", trace.WithSpanKind(trace.SpanKindClient))
	defer span.End()
	f.spans <- span.SpanContext()
	r = r.Clone(ctx)
	propagation.TraceContext{}.Inject(ctx, propagation.HeaderCarrier(r.Header))
	return f.next.RoundTrip(r)
}

// Inside otelhttp's transport, otelhttp's client span is the request's:
// the line and the downstream service name it. Outside it, the line has a
// span of its own, and otelhttp injects a child of it.
func TestTransportWithOtelhttp(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	srv, seen := echoServer(t)
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	ctx, caller := callerContext(t)

	for _, inside := range []bool{true, false} {
		log, out := newLog(t)
		spans := make(chan trace.SpanContext, 1)
		var rt http.RoundTripper
		if inside {
			rt = &fakeOtelTransport{tracer: tp.Tracer("otelhttp"), next: httplog.NewTransport(base, log), spans: spans}
		} else {
			rt = httplog.NewTransport(&fakeOtelTransport{tracer: tp.Tracer("otelhttp"), next: base, spans: spans}, log)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		resp, err := (&http.Client{Transport: rt}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		client := <-spans
		got := (<-seen).Get("Traceparent")
		if want := "00-" + caller.TraceID().String() + "-" + client.SpanID().String() + "-01"; got != want {
			t.Errorf("inside=%v: downstream traceparent %s, want otelhttp's span %s", inside, got, want)
		}
		l := out.wait(t, httplog.MessageClient, 1)[0]
		if l.str("trace_id") != caller.TraceID().String() || l.str("tracelog.parent_span_id") != caller.SpanID().String() {
			t.Errorf("inside=%v: line trace %s parent %s, want %s %s", inside, l.str("trace_id"), l.str("tracelog.parent_span_id"), caller.TraceID(), caller.SpanID())
		}
		if inside && l.str("span_id") != client.SpanID().String() {
			t.Errorf("inside: line span %s, want otelhttp's %s", l.str("span_id"), client.SpanID())
		}
		if !inside && (l.str("span_id") == caller.SpanID().String() || l.str("span_id") == client.SpanID().String()) {
			t.Errorf("outside: line span %s, want one of its own", l.str("span_id"))
		}
	}
}

// WithPropagator replaces what is injected and extracted.
func TestPropagatorOption(t *testing.T) {
	srv, seen := echoServer(t)
	client, _ := newClient(t, nil, httplog.WithPropagator(propagation.Baggage{}))
	ctx, _ := callerContext(t)
	ctx = baggage.ContextWithBaggage(ctx, mustBaggage(t, "k=v"))
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if h := <-seen; h.Get("Traceparent") != "" || h.Get("Baggage") != "k=v" {
		t.Errorf("injected %v", h)
	}

	log, out := newLog(t)
	h := httplog.NewHandler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), log, httplog.WithPropagator(propagation.Baggage{}))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Traceparent", traceparent)
	h.ServeHTTP(httptest.NewRecorder(), r)
	if l := out.wait(t, httplog.MessageServer, 1)[0]; l.str("trace_id") == incomingTrace {
		t.Errorf("traceparent read with a baggage-only propagator: %v", l)
	}
}

// Each round trip is a span of its own: a redirect followed by the client
// is two requests, two lines, two spans, both children of the caller's,
// each sent with its own request.
func TestTransportRedirectSpans(t *testing.T) {
	got := make(chan string, 2)
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("Traceparent")
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusFound)
		}
	}))
	client, out := newClient(t, nil)
	ctx, caller := callerContext(t)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/old", nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	lines := out.wait(t, httplog.MessageClient, 2)
	sent := map[string]bool{(<-got)[36:52]: true, (<-got)[36:52]: true}
	if lines[0].str("span_id") == lines[1].str("span_id") {
		t.Errorf("both round trips logged span %s", lines[0].str("span_id"))
	}
	for _, l := range lines {
		if !sent[l.str("span_id")] || l.str("tracelog.parent_span_id") != caller.SpanID().String() || l.str("trace_id") != caller.TraceID().String() {
			t.Errorf("line span %s parent %s; sent %v, caller %s", l.str("span_id"), l.str("tracelog.parent_span_id"), sent, caller.SpanID())
		}
	}
}
