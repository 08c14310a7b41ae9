// Command quickstart shows tracelog end to end with nothing to set up: it
// builds the service logger, serves one HTTP handler through httplog, calls
// it through httplog's transport inside a span, and prints the correlated
// JSON lines. Every line of the request carries the same trace_id, so
// `grep <trace_id>` finds all of them. It exits 0.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run() error {
	// 1. Replace the service logger.
	log, err := tracelog.New(tracelog.WithService("quickstart", "0.1.0"), tracelog.WithEnv())
	if err != nil {
		return err
	}
	defer func() { _ = log.Sync() }()

	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()

	// 2. Wrap a handler for access logs; the handler logs through the
	// request's logger.
	mux := http.NewServeMux()
	mux.HandleFunc("GET /greet/{name}", func(w http.ResponseWriter, r *http.Request) {
		logger.FromContext(r.Context()).Info("greeting", zap.String("name", r.PathValue("name")))
		slog.New(logger.NewSlogHandler(log)).InfoContext(r.Context(), "slog works too")
		_, _ = io.WriteString(w, "hello "+r.PathValue("name")+"\n")
	})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: httplog.NewHandler(mux, log, httplog.WithTracerProvider(tp)), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(lis) }()
	defer func() { _ = srv.Shutdown(context.Background()) }()

	// 3. Call it through the logging transport, inside a span: the trace
	// context travels in the traceparent header.
	ctx, span := tp.Tracer("quickstart").Start(context.Background(), "checkout")
	log.Info("calling the greeter", logger.Context(ctx))
	client := &http.Client{Transport: httplog.NewTransport(nil, log)}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+lis.Addr().String()+"/greet/ada", nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close() // the client line is written here
	span.End()

	log.Info("done: grep any trace_id above to see the whole request", zap.String("X-Trace-Id", resp.Header.Get("X-Trace-Id")))
	return nil
}
