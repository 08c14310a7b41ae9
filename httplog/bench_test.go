package httplog_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/felixge/httpsnoop"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
)

var helloBody = []byte("hello, world\n")

// hello is the handler of the benchmarks: a typical small JSON-less reply.
var hello = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Write(helloBody)
})

// discardLogger is a tracelog.New logger writing JSON to io.Discard,
// through the tracelog core, without caller (for every variant alike).
func discardLogger(tb testing.TB) *zap.Logger {
	tb.Helper()
	log, err := tracelog.New(tracelog.WithOutput(io.Discard), tracelog.WithoutCaller())
	if err != nil {
		tb.Fatal(err)
	}
	return log
}

// minimalAccessLog is a hand-written access logger of the kind many
// services carry: httpsnoop.CaptureMetrics and one zap line, with the
// trace fields of the request's context, but no trace context of its own,
// no request logger and no route.
func minimalAccessLog(log *zap.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := httpsnoop.CaptureMetrics(next, w, r)
		log.Info("http request",
			logger.Context(r.Context()),
			zap.String("http.request.method", r.Method),
			zap.String("url.path", r.URL.Path),
			zap.Int("http.response.status_code", m.Code),
			zap.Duration("duration", m.Duration),
			zap.Int64("tracelog.http.response.body.size", m.Written),
			zap.String("client.address", r.RemoteAddr),
			zap.String("user_agent.original", r.UserAgent()),
		)
	})
}

func serveOnce(h http.Handler, r *http.Request) {
	h.ServeHTTP(httptest.NewRecorder(), r)
}

func benchHandler(b *testing.B, h http.Handler) {
	r := httptest.NewRequest(http.MethodGet, "/users/42", nil)
	r.Header.Set("User-Agent", "bench/1.0")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		serveOnce(h, r)
	}
}

func BenchmarkServer(b *testing.B) {
	log := discardLogger(b)
	mux := http.NewServeMux()
	mux.Handle("GET /users/{id}", hello)
	b.Run("floor", func(b *testing.B) { benchHandler(b, mux) })
	b.Run("httplog", func(b *testing.B) { benchHandler(b, httplog.NewHandler(mux, log)) })
	b.Run("httplog-no-trace-header", func(b *testing.B) {
		benchHandler(b, httplog.NewHandler(mux, log, httplog.WithoutTraceHeader()))
	})
	b.Run("minimal-snoop-zap", func(b *testing.B) { benchHandler(b, minimalAccessLog(log, mux)) })
	b.Run("httplog-incoming-trace", func(b *testing.B) {
		h := httplog.NewHandler(mux, log)
		r := httptest.NewRequest(http.MethodGet, "/users/42", nil)
		r.Header.Set("User-Agent", "bench/1.0")
		r.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
		b.ReportAllocs()
		for b.Loop() {
			serveOnce(h, r)
		}
	})
	b.Run("httplog-parallel", func(b *testing.B) {
		h := httplog.NewHandler(mux, log)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			r := httptest.NewRequest(http.MethodGet, "/users/42", nil)
			for pb.Next() {
				serveOnce(h, r)
			}
		})
	})
}

// maxExtraAllocs is the allocation budget of the middleware per request
// over the bare handler (which writes its body once). Where they go:
//
//	2  httpsnoop.Wrap (its writer and the interface combination)
//	1  httpsnoop, per Write call (a method value)
//	1  the *http.Request passed down (r.WithContext)
//	1  logger.NewContext (the request logger in the context)
//	1  the access line's values (also backing the X-Trace-Id value, the
//	   holder of AddFields' fields and the hop's span context, two nodes
//	   of the request's context)
//	1  the hex strings of the trace ID (header) and parent span ID
//
// The hooks and the writer's state are pooled. The access line's trace
// fields (tracelog core) and its redacting wrapper (redact core) take
// their memory from pools too, because the JSON core below keeps nothing
// of a line once written.
const maxExtraAllocs = 7

// TestAllocsPerRequest holds the middleware's allocations over a bare
// handler served the same way.
func TestAllocsPerRequest(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	log := discardLogger(t)
	mux := http.NewServeMux()
	mux.Handle("GET /users/{id}", hello)
	r := httptest.NewRequest(http.MethodGet, "/users/42", nil)
	r.Header.Set("User-Agent", "bench/1.0")
	// The same request continuing a trace: the incoming trace context is
	// read without a context of its own (no allocation more).
	traced := r.Clone(r.Context())
	traced.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	floor := testing.AllocsPerRun(500, func() { serveOnce(mux, r) })
	for _, tt := range []struct {
		name  string
		opts  []httplog.Option
		r     *http.Request
		extra float64
	}{
		{"default", nil, r, maxExtraAllocs},
		{"without trace header", []httplog.Option{httplog.WithoutTraceHeader()}, r, maxExtraAllocs - 1},
		{"traceparent", nil, traced, maxExtraAllocs},
	} {
		r := tt.r
		h := httplog.NewHandler(mux, log, tt.opts...)
		serveOnce(h, r) // fill the pool
		got := testing.AllocsPerRun(500, func() { serveOnce(h, r) })
		t.Logf("%s: floor %v, httplog %v (+%v)", tt.name, floor, got, got-floor)
		if got-floor > tt.extra {
			t.Errorf("%s: %v allocations over the floor, budget %v", tt.name, got-floor, tt.extra)
		}
	}
}

// BenchmarkTransport compares a bare http.Transport round trip on a
// loopback server with the same through NewTransport (logging to
// io.Discard through a tracelog core), with a span in the context.
func BenchmarkTransport(b *testing.B) {
	log := discardLogger(b)
	srv := httptest.NewServer(hello)
	defer srv.Close()
	ctx, _ := callerContext(b)
	run := func(b *testing.B, rt http.RoundTripper) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/users/42", nil)
		b.ReportAllocs()
		for b.Loop() {
			resp, err := rt.RoundTrip(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	b.Run("bare", func(b *testing.B) {
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		run(b, tr)
	})
	b.Run("httplog", func(b *testing.B) {
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		run(b, httplog.NewTransport(tr, log))
	})
}
