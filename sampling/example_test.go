package sampling_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/sampling"
)

// Throttle health checks to one per 10 seconds; errors are always kept.
func Example() {
	s, err := sampling.New(nil, []sampling.Rule{
		sampling.Limit("GET /healthz", 1, 10*time.Second),
	}, sampling.WithSummaryInterval(0))
	if err != nil {
		panic(err)
	}
	// The sampler rides on the logger's core (tracelog.WithSampler does
	// this): the middleware finds it there, and its summaries go there.
	obs, logs := observer.New(zapcore.InfoLevel)
	log := zap.New(sampling.NewCore(logger.NewCore(obs), s))

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		logger.FromContext(r.Context()).Info("probe")
		if r.URL.Query().Get("fail") != "" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	h := httplog.NewHandler(mux, log)
	for _, url := range []string{"/healthz", "/healthz", "/healthz", "/healthz?fail=1"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, url, nil))
	}
	_ = s.Close() // writes the summary
	// Requests 2 to 4 were sampled out: their probe lines and the access
	// lines of 2 and 3 are counted (5 lines); the 503 is forced, marked.

	for _, e := range logs.All() {
		m := e.ContextMap()
		fmt.Println(e.Message, m["http.response.status_code"], m["tracelog.sampled"])
	}
	// Output:
	// probe <nil> <nil>
	// http request 200 <nil>
	// http request 503 forced
	// sampled out 5 lines of route GET /healthz <nil> <nil>
}

func ExampleLoadFile() {
	f, err := os.CreateTemp("", "rules-*.json")
	if err != nil {
		panic(err)
	}
	defer os.Remove(f.Name())
	_, _ = f.WriteString(`{
	  "rules": [
	    {"route": "GET /healthz", "first": 1, "interval": "10s", "thereafter": 0},
	    {"route": "POST /api/search", "first": 100, "interval": "1s", "thereafter": 50}
	  ],
	  "follow_trace": true
	}`)
	_ = f.Close()

	cfg, err := sampling.LoadFile(f.Name())
	if err != nil {
		panic(err)
	}
	s, err := sampling.New(nil, cfg.Rules, append(cfg.Options(), sampling.WithSummaryInterval(0))...)
	if err != nil {
		panic(err)
	}
	defer s.Close()
	for _, r := range s.Rules() {
		fmt.Println(r)
	}
	// Output:
	// GET /healthz: 1 per 10s
	// POST /api/search: 100 per 1s, then 1 in 50
}
