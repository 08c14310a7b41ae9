package benchmarks_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	ginzap "github.com/gin-contrib/zap"
	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	chilog "github.com/go-chi/httplog/v3"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/benchmarks/internal/stacks"
	"github.com/tracelog/tracelog/httplog"
)

// The request of the HTTP benchmarks: a route with a parameter, a user
// agent and an incoming W3C trace context.
const (
	reqPath        = "/users/42"
	reqTraceID     = "4bf92f3577b34da6a3ce929d0e0e4736"
	reqTraceparent = "00-" + reqTraceID + "-00f067aa0ba902b7-01"
)

var helloBody = []byte("hello, world\n")

// hello is the trivial handler every setup serves.
func hello(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(helloBody) }

func helloGin(c *gin.Context) { _, _ = c.Writer.Write(helloBody) }

func benchRequest() *http.Request {
	r := httptest.NewRequest(http.MethodGet, reqPath, nil)
	r.Header.Set("User-Agent", "bench/1.0")
	r.Header.Set("Traceparent", reqTraceparent)
	return r
}

func serveMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", hello)
	return mux
}

func init() { gin.SetMode(gin.ReleaseMode) }

// httpSetup is one way to serve the request. lines is how many lines it
// writes per request; ids whether they carry the incoming trace ID; span
// whether it ends an SDK span per request.
type httpSetup struct {
	name  string
	lines int
	ids   bool
	span  bool
	make  func(tb testing.TB, e env) http.Handler
}

var httpSetups = []httpSetup{
	{"floor", 0, false, false, func(testing.TB, env) http.Handler { return serveMux() }},
	// The routers of two peers, bare, to tell their cost from their logger's.
	{"chi_bare", 0, false, false, func(testing.TB, env) http.Handler {
		r := chi.NewRouter()
		r.Get("/users/{id}", hello)
		return r
	}},
	{"gin_bare", 0, false, false, func(testing.TB, env) http.Handler {
		r := gin.New()
		r.GET("/users/:id", helloGin)
		return r
	}},
	{"tracelog_httplog", 1, true, false, func(tb testing.TB, e env) http.Handler {
		return httplog.NewMiddleware(tracelogLogger(tb, e.out))(serveMux())
	}},
	// The logger without its default redaction.
	{"tracelog_httplog_without_redaction", 1, true, false, func(tb testing.TB, e env) http.Handler {
		return httplog.NewMiddleware(tracelogLogger(tb, e.out, tracelog.WithoutRedaction()))(serveMux())
	}},
	// The hand-written access logger many services carry: httpsnoop and
	// one zap line, no trace context.
	{"zap_httpsnoop", 1, false, false, func(_ testing.TB, e env) http.Handler {
		return stacks.SnoopLog(zap.New(zapJSONCore(e.out)), serveMux(), false)
	}},
	// The floor of tracelog's line: its keys and values, by hand.
	{"zap_httpsnoop_same_line", 1, true, false, func(_ testing.TB, e env) http.Handler {
		return sameLine(sameLineLogger(e), serveMux())
	}},
	// gin-contrib/zap as its README shows (with RecoveryWithZap).
	{"ginzap", 1, false, false, func(_ testing.TB, e env) http.Handler {
		log := zap.New(zapJSONCore(e.out))
		r := gin.New()
		r.Use(ginzap.Ginzap(log, time.RFC3339, true))
		r.Use(ginzap.RecoveryWithZap(log, true))
		r.GET("/users/:id", helloGin)
		return r
	}},
	// go-chi/httplog v3 as its README shows, on chi, OTel key schema.
	{"chi_httplog", 1, false, false, func(_ testing.TB, e env) http.Handler {
		log := slog.New(slog.NewJSONHandler(e.out, nil))
		r := chi.NewRouter()
		r.Use(chilog.RequestLogger(log, &chilog.Options{Level: slog.LevelInfo, Schema: chilog.SchemaOTEL, RecoverPanics: true}))
		r.Get("/users/{id}", hello)
		return r
	}},
	// otelhttp, for scale: no line, but a recorded SDK span per request
	// (a child of the incoming one) and its metrics (no-op meter).
	{"otelhttp", 0, false, true, func(_ testing.TB, e env) http.Handler {
		return otelhttp.NewHandler(serveMux(), "server",
			otelhttp.WithTracerProvider(e.tp), otelhttp.WithPropagators(propagation.TraceContext{}))
	}},
}

// BenchmarkHTTPAccessLine serves one request through each setup (ServeHTTP
// with an httptest recorder). Floor: the handler on a ServeMux, no logging.
func BenchmarkHTTPAccessLine(b *testing.B) {
	for _, s := range httpSetups {
		b.Run(s.name, func(b *testing.B) {
			h := s.make(b, benchEnv(b))
			r := benchRequest()
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
}

// BenchmarkHTTPFullStack serves the load test's stacks in process: the
// load route, whose handler logs one line. Floor: stacks.Bare.
func BenchmarkHTTPFullStack(b *testing.B) {
	for _, s := range []struct {
		name string
		make func(b *testing.B) http.Handler
	}{
		{"floor", func(*testing.B) http.Handler { return stacks.Bare() }},
		{"tracelog", func(b *testing.B) http.Handler {
			st, err := stacks.Tracelog(io.Discard)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = st.Close() })
			return st.Handler
		}},
		{"peer_otelhttp_ginzap", func(b *testing.B) http.Handler {
			st := stacks.Peer(io.Discard)
			b.Cleanup(func() { _ = st.Close() })
			return st.Handler
		}},
	} {
		b.Run(s.name, func(b *testing.B) {
			h := s.make(b)
			r := benchRequest()
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
}
