package stacks_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/benchmarks/internal/stacks"
)

const (
	traceID     = "4bf92f3577b34da6a3ce929d0e0e4736"
	traceparent = "00-" + traceID + "-00f067aa0ba902b7-01"
)

func serve(t *testing.T, h http.Handler, path string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Header.Set("Traceparent", traceparent)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", path, w.Code)
	}
	if path == "/users/42" && w.Body.String() != `{"id":"42"}` {
		t.Fatalf("GET %s: body %q", path, w.Body.String())
	}
}

func lines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var ls []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q: %v", l, err)
		}
		ls = append(ls, m)
	}
	return ls
}

func TestBareWritesNothing(t *testing.T) {
	serve(t, stacks.Bare(), "/users/42")
	serve(t, stacks.Bare(), "/healthz")
}

// TestTracelog checks the full stack: an access line and a handler line
// per load request, both with the incoming trace ID and the same span_id;
// the health route sampled down to one request; the summary on Close.
func TestTracelog(t *testing.T) {
	var buf bytes.Buffer
	s, err := stacks.Tracelog(&buf)
	if err != nil {
		t.Fatal(err)
	}
	serve(t, s.Handler, "/users/42")
	got := lines(t, buf.String())
	if len(got) != 2 {
		t.Fatalf("want 2 lines, got %d: %s", len(got), buf.String())
	}
	handler, access := got[0], got[1]
	if handler["msg"] != stacks.MessageHandler || access["msg"] != stacks.MessageAccess {
		t.Fatalf("want the handler's line then the access line: %s", buf.String())
	}
	for _, l := range got {
		if l["trace_id"] != traceID || l["span_id"] != access["span_id"] {
			t.Errorf("line not correlated with the access line: %v", l)
		}
	}
	if access["http.route"] != "/users/{id}" {
		t.Errorf("route: %v", access["http.route"])
	}

	buf.Reset()
	for range 5 {
		serve(t, s.Handler, "/healthz")
	}
	if n := strings.Count(buf.String(), `"url.path":"/healthz"`); n != 1 {
		t.Errorf("want 1 health access line of 5 (sampled), got %d: %s", n, buf.String())
	}
	buf.Reset()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"tracelog.sampling.dropped_requests":4`) {
		t.Errorf("want a summary of 4 dropped requests on Close, got %s", buf.String())
	}
}

// TestZapSnoop checks the plain server: the handler's line then the access
// line, both with the incoming trace ID and parent span ID; every health
// check logged.
func TestZapSnoop(t *testing.T) {
	var buf bytes.Buffer
	s := stacks.ZapSnoop(&buf)
	serve(t, s.Handler, "/users/42")
	serve(t, s.Handler, "/healthz")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got := lines(t, buf.String())
	if len(got) != 3 {
		t.Fatalf("want 3 lines, got %d: %s", len(got), buf.String())
	}
	if got[0]["msg"] != stacks.MessageHandler || got[1]["path"] != "/users/42" || got[2]["path"] != "/healthz" {
		t.Fatalf("want the handler's line, then the access lines: %s", buf.String())
	}
	for _, l := range got {
		if l["trace_id"] != traceID || l["span_id"] != "00f067aa0ba902b7" {
			t.Errorf("line not correlated with the incoming trace: %v", l)
		}
	}
	if got[1]["status"] != 200.0 || got[1]["bytes"] != float64(len(`{"id":"42"}`)) {
		t.Errorf("access line: %v", got[1])
	}
}

// TestPeer checks the peer stack: ginzap's access line and the handler's
// line, both with the incoming trace ID and otelhttp's span.
func TestPeer(t *testing.T) {
	var buf bytes.Buffer
	s := stacks.Peer(&buf)
	serve(t, s.Handler, "/users/42")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got := lines(t, buf.String())
	if len(got) != 2 {
		t.Fatalf("want 2 lines, got %d: %s", len(got), buf.String())
	}
	if got[0]["msg"] != stacks.MessageHandler || got[1]["path"] != "/users/42" {
		t.Fatalf("want the handler's line then ginzap's: %s", buf.String())
	}
	for _, l := range got {
		if l["trace_id"] != traceID || l["span_id"] != got[1]["span_id"] || l["span_id"] == "00f067aa0ba902b7" {
			t.Errorf("line not correlated with otelhttp's span: %v", l)
		}
	}
}
