package httplog_test

import (
	"io"
	"net/http"
	"testing"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
)

// twoServices starts service B (GET /users/{id}) and service A (GET /call)
// whose handler logs a line and calls B through NewTransport with the
// request's context. opts apply to both services.
func twoServices(t *testing.T, opts ...httplog.Option) (a string, outA, outB *sink) {
	t.Helper()
	logA, outA := newLog(t)
	logB, outB := newLog(t)

	muxB := http.NewServeMux()
	muxB.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		logger.FromContext(r.Context()).Info("in B")
		if r.PathValue("id") == "500" {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		io.WriteString(w, "user")
	})
	srvB := serve(t, httplog.NewHandler(muxB, logB, opts...))

	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	client := &http.Client{Transport: httplog.NewTransport(base, logA, opts...)}
	muxA := http.NewServeMux()
	muxA.HandleFunc("GET /call/{id}", func(w http.ResponseWriter, r *http.Request) {
		logger.FromContext(r.Context()).Info("calling B", zap.String("id", r.PathValue("id")))
		req, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, srvB.URL+"/users/"+r.PathValue("id"), nil)
		resp, err := client.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	})
	srvA := serve(t, httplog.NewHandler(muxA, logA, opts...))
	return srvA.URL, outA, outB
}

// Service A calls B: A's access line, A's handler line, A's client line
// and B's access and handler lines share one trace_id; A's client line has
// a span of its own, a child of A's hop, and B's parent_span_id is it.
func TestTwoServicesShareTrace(t *testing.T) {
	for _, incoming := range []bool{false, true} {
		name := "new trace"
		if incoming {
			name = "incoming trace"
		}
		t.Run(name, func(t *testing.T) {
			a, outA, outB := twoServices(t)
			hdr := map[string]string{}
			if incoming {
				hdr["Traceparent"] = traceparent
			}
			resp, body := get(t, nil, a+"/call/42", hdr)
			defer http.DefaultTransport.(*http.Transport).CloseIdleConnections()
			if resp.StatusCode != 200 || body != "user" {
				t.Fatalf("A answered %d %q", resp.StatusCode, body)
			}
			accessA := outA.wait(t, httplog.MessageServer, 1)[0]
			handlerA := outA.wait(t, "calling B", 1)[0]
			clientA := outA.wait(t, httplog.MessageClient, 1)[0]
			accessB := outB.wait(t, httplog.MessageServer, 1)[0]
			handlerB := outB.wait(t, "in B", 1)[0]

			tid := accessA.str("trace_id")
			for name, l := range map[string]line{"A handler": handlerA, "A client": clientA, "B access": accessB, "B handler": handlerB} {
				if l.str("trace_id") != tid {
					t.Errorf("%s trace_id %s, A's %s", name, l.str("trace_id"), tid)
				}
			}
			if incoming && (tid != incomingTrace || accessA.str("tracelog.parent_span_id") != incomingSpan) {
				t.Errorf("A did not continue the incoming trace: %v", accessA)
			}
			if !incoming {
				accessA.hasKeys(t, plus(serverKeys, "http.route")...)
			}
			spanA := accessA.str("span_id")
			if handlerA.str("span_id") != spanA || clientA.str("tracelog.parent_span_id") != spanA || clientA.str("span_id") == spanA {
				t.Errorf("A's lines have span_ids %s %s, client %s (parent %s)", spanA, handlerA.str("span_id"), clientA.str("span_id"), clientA.str("tracelog.parent_span_id"))
			}
			if accessB.str("tracelog.parent_span_id") != clientA.str("span_id") {
				t.Errorf("B's parent_span_id %s, A's client span_id %s", accessB.str("tracelog.parent_span_id"), clientA.str("span_id"))
			}
			if accessB.str("span_id") == spanA || handlerB.str("span_id") != accessB.str("span_id") {
				t.Errorf("B's span_id %s (handler %s), A's %s", accessB.str("span_id"), handlerB.str("span_id"), spanA)
			}
			if accessA.str("http.route") != "/call/{id}" || accessB.str("http.route") != "/users/{id}" {
				t.Errorf("routes %s %s", accessA.str("http.route"), accessB.str("http.route"))
			}
			if resp.Header.Get("X-Trace-Id") != tid {
				t.Errorf("X-Trace-Id %s", resp.Header.Get("X-Trace-Id"))
			}
		})
	}
}

// With a tracing SDK, the middleware starts, names and ends the spans, and
// the IDs in the lines are the SDK's.
func TestSDKSpans(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	a, outA, outB := twoServices(t, httplog.WithTracerProvider(tp))
	defer http.DefaultTransport.(*http.Transport).CloseIdleConnections()

	get(t, nil, a+"/call/42", map[string]string{"Traceparent": traceparent})
	resp, _ := get(t, nil, a+"/call/500", nil)
	if resp.StatusCode != 500 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	accessA := outA.wait(t, httplog.MessageServer, 2)
	accessB := outB.wait(t, httplog.MessageServer, 2)
	clientA := outA.wait(t, httplog.MessageClient, 2)
	spans := rec.Ended()
	if len(spans) != 6 {
		t.Fatalf("%d spans ended, want 6 (2 requests: A's server and client spans, B's server span)", len(spans))
	}
	byID := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		byID[s.SpanContext().SpanID().String()] = s
	}
	for i, want := range []struct {
		a, b   string
		status codes.Code
	}{
		{"GET /call/{id}", "GET /users/{id}", codes.Unset},
		{"GET /call/{id}", "GET /users/{id}", codes.Error},
	} {
		la, lb, lc := accessA[i], accessB[i], clientA[i]
		sa, sb, sc := byID[la.str("span_id")], byID[lb.str("span_id")], byID[lc.str("span_id")]
		if sa == nil || sb == nil || sc == nil {
			t.Fatalf("request %d: log span IDs %s %s %s are not the SDK's", i, la.str("span_id"), lb.str("span_id"), lc.str("span_id"))
		}
		if sa.SpanKind() != trace.SpanKindServer || sb.SpanKind() != trace.SpanKindServer || sc.SpanKind() != trace.SpanKindClient {
			t.Errorf("request %d: span kinds %v %v %v", i, sa.SpanKind(), sb.SpanKind(), sc.SpanKind())
		}
		if sc.Parent().SpanID() != sa.SpanContext().SpanID() || lc.str("tracelog.parent_span_id") != la.str("span_id") {
			t.Errorf("request %d: client span's parent %v, A's span %v", i, sc.Parent().SpanID(), sa.SpanContext().SpanID())
		}
		if sa.Name() != want.a || sb.Name() != want.b || sb.Status().Code != want.status || sa.Status().Code != want.status {
			t.Errorf("request %d: spans %q %v, %q %v", i, sa.Name(), sa.Status(), sb.Name(), sb.Status())
		}
		if la.str("trace_id") != sa.SpanContext().TraceID().String() || lb.str("trace_id") != sb.SpanContext().TraceID().String() {
			t.Errorf("request %d: trace IDs differ from the spans'", i)
		}
		if sb.Parent().SpanID() != sc.SpanContext().SpanID() || lb.str("tracelog.parent_span_id") != lc.str("span_id") {
			t.Errorf("request %d: B's parent %v, A's client span %v", i, sb.Parent().SpanID(), sc.SpanContext().SpanID())
		}
		if la.str("trace_flags") != "01" {
			t.Errorf("request %d: trace_flags %s", i, la.str("trace_flags"))
		}
	}
	if accessA[0].str("trace_id") != incomingTrace || accessA[0].str("tracelog.parent_span_id") != incomingSpan {
		t.Errorf("A did not continue the incoming trace: %v", accessA[0])
	}
	if _, ok := accessA[1]["tracelog.parent_span_id"]; ok {
		t.Errorf("parent_span_id without incoming trace: %v", accessA[1])
	}
}

// Under otelhttp (simulated: an outer middleware that extracts and starts
// the SDK span, as otelhttp.NewHandler does), the middleware logs that span
// and starts none.
func TestSDKSpanAlreadyInContext(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	log, out := newLog(t)
	var handlerSpan trace.SpanContext
	inner := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handlerSpan = trace.SpanContextFromContext(r.Context())
	}), log, httplog.WithTracerProvider(tp))
	outer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := propagation.TraceContext{}.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := tp.Tracer("otelhttp").Start(ctx, "server", trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		inner.ServeHTTP(w, r.WithContext(ctx))
	})
	srv := serve(t, outer)
	get(t, srv.Client(), srv.URL, map[string]string{"Traceparent": traceparent})

	l := out.wait(t, httplog.MessageServer, 1)[0]
	spans := rec.Ended()
	if len(spans) != 1 || spans[0].Name() != "server" {
		t.Fatalf("spans %v, want only the outer one", spans)
	}
	s := spans[0].SpanContext()
	if l.str("span_id") != s.SpanID().String() || l.str("trace_id") != incomingTrace || l.str("tracelog.parent_span_id") != incomingSpan || handlerSpan.SpanID() != s.SpanID() {
		t.Errorf("line %v, span %v", l, s)
	}
}

// Without an SDK, otelhttp leaves the incoming span context in ctx (its
// no-op tracer hands it back): the hop still gets its own span ID.
func TestNoSDKRemoteSpanInContext(t *testing.T) {
	log, out := newLog(t)
	inner := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), log)
	outer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := propagation.TraceContext{}.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		inner.ServeHTTP(w, r.WithContext(ctx))
	})
	srv := serve(t, outer)
	get(t, srv.Client(), srv.URL, map[string]string{"Traceparent": traceparent})
	l := out.wait(t, httplog.MessageServer, 1)[0]
	if l.str("trace_id") != incomingTrace || l.str("tracelog.parent_span_id") != incomingSpan || l.str("span_id") == incomingSpan {
		t.Errorf("line %v", l)
	}
}
