package httplog_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/sampling"
)

func TestSampler(t *testing.T) {
	obs, summaries := observer.New(zapcore.InfoLevel)
	s, err := sampling.New(zap.New(obs), []sampling.Rule{
		sampling.Limit("GET /healthz", 1, time.Hour),
		sampling.Limit("/drop/{what}", 0, 0),
	}, sampling.WithSummaryInterval(0), sampling.WithSlowThreshold(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	log, logs := newLog(t, tracelog.WithSampler(s))

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		logger.FromContext(r.Context()).Debug("probing")
	})
	mux.HandleFunc("/drop/{what}", func(w http.ResponseWriter, r *http.Request) {
		logger.FromContext(r.Context()).Info("handler line")
		switch r.PathValue("what") {
		case "error":
			logger.FromContext(r.Context()).Error("handler error")
			w.WriteHeader(http.StatusInternalServerError)
		case "notfound":
			w.WriteHeader(http.StatusNotFound)
		case "slow":
			time.Sleep(80 * time.Millisecond)
		case "panic":
			panic("boom")
		}
	})
	srv := httptest.NewServer(httplog.NewHandler(mux, log))
	defer srv.Close()
	get := func(path string) string {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		if id := resp.Header.Get(httplog.DefaultTraceHeader); len(id) != 32 {
			t.Fatalf("%s: a sampled-out request must still return the trace header, got %q", path, id)
		}
		return resp.Header.Get(httplog.DefaultTraceHeader)
	}
	for i := 0; i < 5; i++ {
		get("/healthz")
	}
	traces := map[string]string{}
	for _, what := range []string{"ok", "notfound", "error", "slow", "panic"} {
		traces[get("/drop/"+what)] = what
	}

	access := map[string]int{}
	for _, l := range logs.lines(t) {
		what := traces[l.str("trace_id")]
		switch l.str("msg") {
		case httplog.MessageServer:
			access[l.str("url.path")]++
			if what != "" && l.str("tracelog.sampled") != "forced" {
				t.Errorf("%s: a forced line must be marked: %v", what, l)
			}
		case "handler line":
			t.Errorf("an Info line of a sampled-out request was written: %v", l)
		case "handler error":
			if l.str("tracelog.sampled") != "forced" {
				t.Errorf("error line not marked: %v", l)
			}
		}
	}
	want := map[string]int{"/healthz": 1, "/drop/error": 1, "/drop/slow": 1, "/drop/panic": 1}
	for p, n := range want {
		if access[p] != n {
			t.Errorf("%s: %d access lines, want %d (all: %v)", p, access[p], n, access)
		}
	}
	if access["/drop/ok"] != 0 || access["/drop/notfound"] != 0 {
		t.Errorf("sampled-out requests were logged: %v", access)
	}
	s.Flush()
	dropped := map[string]uint64{}
	for _, e := range summaries.All() {
		m := e.ContextMap()
		dropped[m[sampling.KeyRoute].(string)] = m[sampling.KeyDroppedRequests].(uint64)
	}
	if dropped["GET /healthz"] != 4 || dropped["/drop/{what}"] != 2 {
		t.Errorf("dropped requests per rule: %v", dropped)
	}
}
