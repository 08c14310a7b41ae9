// Package routertest is what the tests of the router adapters
// (routers/chilog, ginlog, echolog; modules of their own) share: a sink of
// lines, a loopback table test of routes, and the writer of their
// Examples. It is for tests only.
package routertest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tracelog/tracelog/httplog"
)

// Sink keeps the lines of a logger, safe for a server's goroutines.
type Sink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (s *Sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

// Access returns the server access lines written so far, waiting up to a
// second for n of them (a line is written after the response).
func (s *Sink) Access(t testing.TB, n int) []map[string]any {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for {
		s.mu.Lock()
		text := s.buf.String()
		s.mu.Unlock()
		var out []map[string]any
		for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
			var m map[string]any
			if l != "" && json.Unmarshal([]byte(l), &m) == nil && m["msg"] == httplog.MessageServer {
				out = append(out, m)
			}
		}
		if len(out) >= n || time.Now().After(deadline) {
			return out
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A Case is a request and what its access line must say: the route ("" for
// none) and the status.
type Case struct {
	Method, Path, Route string
	Status              int
}

// Serve sends each case to srv in turn and checks the status of the answer
// and the route, status and trace ID of its access line in s (written
// under the default profile). It returns the access lines.
func Serve(t *testing.T, srv *httptest.Server, s *Sink, cases []Case) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for i, tt := range cases {
		req, _ := http.NewRequest(tt.Method, srv.URL+tt.Path, nil)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.Status {
			t.Fatalf("%s %s: status %d, want %d", tt.Method, tt.Path, resp.StatusCode, tt.Status)
		}
		lines = s.Access(t, i+1)
		if len(lines) != i+1 {
			t.Fatalf("%s: %d access lines, want %d", tt.Path, len(lines), i+1)
		}
		l := lines[i]
		if got, has := l[httplog.KeyRoute]; tt.Route == "" && has || tt.Route != "" && got != tt.Route {
			t.Errorf("%s %s: route = %v, want %q", tt.Method, tt.Path, got, tt.Route)
		}
		if l[httplog.KeyStatus] != float64(tt.Status) || l["trace_id"] == nil {
			t.Errorf("%s %s: line %v", tt.Method, tt.Path, l)
		}
	}
	return lines
}

// FixedClock makes the Examples' times stable (a zapcore.Clock).
type FixedClock struct{}

// Now returns a fixed time.
func (FixedClock) Now() time.Time { return time.Date(2026, 11, 21, 18, 21, 19, 0, time.UTC) }

// NewTicker returns time.NewTicker(d).
func (FixedClock) NewTicker(d time.Duration) *time.Ticker { return time.NewTicker(d) }

// ExampleOutput prints to stdout the keys of each access line that do not
// change from run to run, for the Examples' output.
type ExampleOutput struct{}

// Write prints the line's stable keys.
func (ExampleOutput) Write(p []byte) (int, error) {
	var m map[string]any
	if err := json.Unmarshal(p, &m); err != nil {
		return 0, err
	}
	fmt.Fprintf(os.Stdout, "msg=%q trace_id=%v http.route=%v url.path=%v parent_span_id=%v\n",
		m["msg"], m["trace_id"], m[httplog.KeyRoute], m[httplog.KeyPath], m[httplog.KeyParentSpanID])
	return len(p), nil
}
