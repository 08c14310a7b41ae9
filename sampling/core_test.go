package sampling_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/sampling"
)

// A logger built by hand carries the sampler with NewCore: the middleware
// given it (or a logger derived from it) samples with it, summaries go
// through its core, and Sync writes them.
func TestNewCore(t *testing.T) {
	s, err := sampling.New(nil, []sampling.Rule{sampling.Limit("GET /healthz", 0, 0)}, sampling.WithSummaryInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	obs, logs := observer.New(zapcore.DebugLevel)
	log := zap.New(logger.NewCore(obs)).WithOptions(zap.WrapCore(func(c zapcore.Core) zapcore.Core { return sampling.NewCore(c, s) }))
	derived := log.With(zap.String("component", "api")).Named("http")

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { logger.FromContext(r.Context()).Info("probe") })
	h := httplog.NewHandler(mux, derived)
	for i := 0; i < 3; i++ {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/healthz", nil))
	}
	if n := logs.Len(); n != 0 {
		t.Fatalf("%d lines of sampled-out requests written: %v", n, logs.All())
	}
	if err := derived.Sync(); err != nil {
		t.Fatal(err)
	}
	all := logs.TakeAll()
	if len(all) != 1 || all[0].ContextMap()[sampling.KeyDroppedLines] != uint64(6) {
		t.Fatalf("want one summary of 6 dropped lines, got %v", all)
	}
	if sampling.NewCore(obs, nil) != obs {
		t.Error("a nil sampler must return the core as it is")
	}
}

// A logger given to New keeps the summary lines: NewCore does not take
// them over.
func TestNewCoreKeepsNewsLogger(t *testing.T) {
	own, summaries := observer.New(zapcore.InfoLevel)
	s, err := sampling.New(zap.New(own), []sampling.Rule{sampling.Limit("GET /healthz", 0, 0)}, sampling.WithSummaryInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	obs, logs := observer.New(zapcore.DebugLevel)
	log := zap.New(sampling.NewCore(logger.NewCore(obs), s))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(http.ResponseWriter, *http.Request) {})
	h := httplog.NewHandler(mux, log, httplog.WithSlowThreshold(time.Hour))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if err := log.Sync(); err != nil {
		t.Fatal(err)
	}
	if logs.Len() != 0 || summaries.Len() != 1 {
		t.Fatalf("summaries to New's logger: %v; lines: %v", summaries.All(), logs.All())
	}
}
