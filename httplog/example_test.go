package httplog_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
)

func ExampleNewMiddleware() {
	log, err := tracelog.New(
		tracelog.WithService("users", "1.0.0"),
		tracelog.WithOutput(stableOutput), // os.Stdout, with durations and span IDs fixed for this example
		tracelog.WithoutCaller(),
		tracelog.WithZapOptions(zap.WithClock(fixedClock{})),
	)
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		// The request's logger: same trace_id and span_id as the access line.
		logger.FromContext(r.Context()).Info("loading user", zap.String("id", r.PathValue("id")))
		io.WriteString(w, `{"id":42}`)
	})
	handler := httplog.NewMiddleware(log)(mux) // or httplog.NewHandler(mux, log)

	// A request from a traced caller (a real server calls handler the same way).
	r := httptest.NewRequest(http.MethodGet, "/users/42?token=s3cr3t", nil)
	r.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	r.Header.Set("User-Agent", "curl/8.5.0")
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, r)
	fmt.Println("X-Trace-Id:", w.Header().Get("X-Trace-Id"))
	// Output:
	// {"level":"info","time":"2026-11-21T18:21:19.000000000Z","msg":"loading user","service.name":"users","service.version":"1.0.0","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"5fb8c0aa01b4e1d3","trace_flags":"01","id":"42"}
	// {"level":"info","time":"2026-11-21T18:21:19.000000000Z","msg":"http request","service.name":"users","service.version":"1.0.0","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"5fb8c0aa01b4e1d3","trace_flags":"01","http.request.method":"GET","http.route":"/users/{id}","url.path":"/users/42","http.response.status_code":200,"duration":0.042,"tracelog.http.request.body.size":0,"tracelog.http.response.body.size":9,"client.address":"192.0.2.1","user_agent.original":"curl/8.5.0","network.protocol.version":"1.1","tracelog.parent_span_id":"00f067aa0ba902b7"}
	// X-Trace-Id: 4bf92f3577b34da6a3ce929d0e0e4736
}

func ExampleNewTransport() {
	log, err := tracelog.New(
		tracelog.WithService("checkout", "1.4.2"),
		tracelog.WithOutput(stableOutput),
		tracelog.WithoutCaller(),
		tracelog.WithZapOptions(zap.WithClock(fixedClock{})),
	)
	if err != nil {
		panic(err)
	}
	orders := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The trace context arrives with the request: the caller's trace,
		// and the client request's own span as the parent.
		tp := r.Header.Get("Traceparent")
		fmt.Println("orders got trace", tp[3:35], "flags", tp[53:])
		io.WriteString(w, `{"status":"shipped"}`)
	}))
	defer orders.Close()
	base := &http.Transport{}
	defer base.CloseIdleConnections()

	client := &http.Client{Transport: httplog.NewTransport(base, log, httplog.WithQuery())}

	// In a handler, use r.Context(): it holds the request's hop.
	ctx := handlerContext()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, orders.URL+"/orders/7?api_key=s3cr3t", nil)
	resp, err := client.Do(req)
	if err != nil {
		panic(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close() // the line is written once the body is done with
	// Output:
	// orders got trace 4bf92f3577b34da6a3ce929d0e0e4736 flags 01
	// {"level":"info","time":"2026-11-21T18:21:19.000000000Z","msg":"http client request","service.name":"checkout","service.version":"1.4.2","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"5fb8c0aa01b4e1d3","trace_flags":"01","http.request.method":"GET","server.address":"127.0.0.1","server.port":8080,"url.path":"/orders/7","url.query":"api_key=%5BREDACTED%5D","http.response.status_code":200,"duration":0.042,"tracelog.http.request.body.size":0,"tracelog.http.response.body.size":20,"tracelog.http.connect":0.042,"tracelog.http.ttfb":0.042,"tracelog.http.conn_reused":false,"tracelog.parent_span_id":"00f067aa0ba902b7"}
}

// handlerContext stands for a handler's r.Context(): it holds the hop's
// span context.
func handlerContext() context.Context {
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	return trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled,
	}))
}

// stableOutput writes to os.Stdout with the values that change from run to
// run (durations, the hop's random span ID, ports) replaced, so that the
// examples' output can be checked.
var stableOutput = stableWriter{}

type stableWriter struct{}

var (
	reDuration = regexp.MustCompile(`"(duration|tracelog\.http\.connect|tracelog\.http\.ttfb|tracelog\.http\.dns|tracelog\.http\.tls)":[0-9.e+-]+`)
	reSpanID   = regexp.MustCompile(`"span_id":"[0-9a-f]{16}"`)
	rePort     = regexp.MustCompile(`"server\.port":[0-9]+`)
)

func (stableWriter) Write(p []byte) (int, error) {
	s := reDuration.ReplaceAll(p, []byte(`"$1":0.042`))
	s = reSpanID.ReplaceAll(s, []byte(`"span_id":"5fb8c0aa01b4e1d3"`))
	s = rePort.ReplaceAll(s, []byte(`"server.port":8080`))
	if _, err := os.Stdout.Write(s); err != nil {
		return 0, err
	}
	return len(p), nil
}

// fixedClock makes the examples' times stable.
type fixedClock struct{}

func (fixedClock) Now() time.Time { return time.Date(2026, 11, 21, 18, 21, 19, 0, time.UTC) }

func (fixedClock) NewTicker(d time.Duration) *time.Ticker { return time.NewTicker(d) }
