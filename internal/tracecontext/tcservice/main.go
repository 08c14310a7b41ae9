// Command tcservice is a test service for the W3C Trace Context test
// harness (github.com/w3c/trace-context, folder test/), wired the way the
// README says: httplog.NewHandler in front, httplog.NewTransport for the
// calls it makes. The harness POSTs a JSON list of {"url", "arguments"} to
// /test; for each element the service POSTs the arguments, as JSON, to the
// url, from the request's context, so that the trace context travels on.
//
//	go run ./internal/tracecontext/tcservice -addr 127.0.0.1:5000 [-sdk]
//	STRICT_LEVEL=2 SPEC_LEVEL=2 python3 test.py http://127.0.0.1:5000/test
//
// With -sdk an OpenTelemetry SDK tracer provider is installed globally
// (default sampler), as a service with tracing would have.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"log"
	"net/http"
	"os"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
)

type call struct {
	URL       string          `json:"url"`
	Arguments json.RawMessage `json:"arguments"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:5000", "listen address")
	sdk := flag.Bool("sdk", false, "install an OpenTelemetry SDK tracer provider")
	quiet := flag.Bool("quiet", false, "discard the log")
	flag.Parse()
	if *sdk {
		tp := sdktrace.NewTracerProvider()
		defer tp.Shutdown(context.Background())
		otel.SetTracerProvider(tp)
	}
	out := io.Writer(os.Stderr)
	if *quiet {
		out = io.Discard
	}
	lg, err := tracelog.New(tracelog.WithService("tcservice", ""), tracelog.WithOutput(out))
	if err != nil {
		log.Fatal(err)
	}
	client := &http.Client{Transport: httplog.NewTransport(nil, lg)}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /test", func(w http.ResponseWriter, r *http.Request) {
		var calls []call
		if err := json.NewDecoder(r.Body).Decode(&calls); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for _, c := range calls {
			args := c.Arguments
			if len(args) == 0 {
				args = json.RawMessage("[]")
			}
			req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, c.URL, bytes.NewReader(args))
			if err != nil {
				lg.Warn("bad callback", zap.Error(err))
				continue
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				lg.Warn("callback failed", zap.Error(err))
				continue
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
	})
	log.Fatal(http.ListenAndServe(*addr, httplog.NewHandler(mux, lg)))
}
