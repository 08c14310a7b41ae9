package chilog_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/routers/chilog"
)

// sink keeps the lines of a logger, safe for the server's goroutines.
type sink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

// access returns the access lines written so far, waiting up to a second
// for n of them (the line is written after the response).
func (s *sink) access(t *testing.T, n int) []map[string]any {
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

// chi on a real loopback server: the route template of every route,
// subrouters and mounts included, next to chi's own middleware (Recoverer
// turns a panic into a 500; the access line still has the route).
func TestRoutesOnARealServer(t *testing.T) {
	var out sink
	log, err := tracelog.New(tracelog.WithOutput(&out), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	r := chi.NewRouter()
	r.Use(chilog.Middleware(log))
	r.Use(middleware.Recoverer)
	r.Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, chi.URLParam(r, "id"))
	})
	r.Route("/api/v1", func(r chi.Router) {
		r.Get("/orders/{orderID}/items/{item}", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusAccepted)
		})
	})
	admin := chi.NewRouter()
	admin.Get("/stats", func(w http.ResponseWriter, r *http.Request) {})
	r.Mount("/admin", admin)
	r.Get("/boom/{n}", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	srv := httptest.NewServer(r)
	defer srv.Close()

	tests := []struct {
		method, path, route string
		status              int
	}{
		{"GET", "/users/42", "/users/{id}", 200},
		{"GET", "/api/v1/orders/9/items/3", "/api/v1/orders/{orderID}/items/{item}", 202},
		{"GET", "/admin/stats", "/admin/stats", 200},
		{"GET", "/boom/1", "/boom/{n}", 500},
		{"GET", "/nope", "", 404},
		{"POST", "/users/42", "", 405},
	}
	for i, tt := range tests {
		req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Fatalf("%s %s: status %d, want %d", tt.method, tt.path, resp.StatusCode, tt.status)
		}
		lines := out.access(t, i+1)
		if len(lines) != i+1 {
			t.Fatalf("%s: %d access lines, want %d", tt.path, len(lines), i+1)
		}
		l := lines[i]
		if got, has := l["http.route"]; tt.route == "" && has || tt.route != "" && got != tt.route {
			t.Errorf("%s: http.route = %v, want %q", tt.path, got, tt.route)
		}
		if l["trace_id"] == nil {
			t.Errorf("%s: no trace_id: %v", tt.path, l)
		}
	}
}

// A later WithRouteFunc replaces chilog's route function.
func TestOptionsAfterRoute(t *testing.T) {
	var out sink
	log, err := tracelog.New(tracelog.WithOutput(&out), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	r := chi.NewRouter()
	r.Use(chilog.Middleware(log, httplog.WithRouteFunc(func(*http.Request) string { return "/mine" })))
	r.Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) {})
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/users/1", nil))
	if l := out.access(t, 1); len(l) != 1 || l[0]["http.route"] != "/mine" {
		t.Fatalf("lines = %v", l)
	}
}

func ExampleMiddleware() {
	log, _ := tracelog.New(tracelog.WithoutCaller(), tracelog.WithZapOptions(zap.WithClock(fixedClock{})), tracelog.WithOutput(&idFilter{}))

	r := chi.NewRouter()
	r.Use(chilog.Middleware(log, httplog.WithoutTraceHeader()))
	r.Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) {})

	req := httptest.NewRequest(http.MethodGet, "/users/42", nil)
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	r.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// msg="http request" trace_id=4bf92f3577b34da6a3ce929d0e0e4736 http.route=/users/{id} url.path=/users/42 parent_span_id=00f067aa0ba902b7
}
