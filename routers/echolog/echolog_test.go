package echolog_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/routers/echolog"
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
// for n of them.
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

// Routes, statuses (errors a handler returns included) and sizes on a real
// loopback server, with echo's Recover inside the middleware.
func TestRoutesOnARealServer(t *testing.T) {
	var out sink
	log, err := tracelog.New(tracelog.WithOutput(&out), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	e := echo.New()
	e.HideBanner = true
	e.Logger.SetOutput(io.Discard)
	e.Use(echolog.Middleware(log), middleware.Recover())
	e.GET("/users/:id", func(c echo.Context) error {
		httplog.AddFields(c.Request().Context(), zap.String("user.id", c.Param("id")))
		return c.String(http.StatusOK, "user "+c.Param("id"))
	})
	g := e.Group("/api/v1")
	g.POST("/orders/:id/items/*", func(c echo.Context) error { return c.NoContent(http.StatusAccepted) })
	e.GET("/missing/:id", func(c echo.Context) error { return echo.NewHTTPError(http.StatusNotFound, "no such thing") })
	e.GET("/fail", func(c echo.Context) error { return errors.New("db down") })
	e.GET("/boom/:n", func(echo.Context) error { panic("boom") })
	srv := httptest.NewServer(e)
	defer srv.Close()

	tests := []struct {
		method, path, route string
		status              int
	}{
		{"GET", "/users/42", "/users/:id", 200},
		{"POST", "/api/v1/orders/9/items/a/b", "/api/v1/orders/:id/items/*", 202},
		{"GET", "/missing/7", "/missing/:id", 404},
		{"GET", "/fail", "/fail", 500},
		{"GET", "/boom/1", "/boom/:n", 500},
		{"GET", "/nope", "", 404},
		{"DELETE", "/users/42", "", 405},
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
		if got, has := l[httplog.KeyRoute]; tt.route == "" && has || tt.route != "" && got != tt.route {
			t.Errorf("%s %s: route = %v, want %q", tt.method, tt.path, got, tt.route)
		}
		if l[httplog.KeyStatus] != float64(tt.status) || l["trace_id"] == nil {
			t.Errorf("%s: line %v", tt.path, l)
		}
	}
	if l := out.access(t, 1)[0]; l["user.id"] != "42" || l[httplog.KeyResponseSize] != float64(len("user 42")) {
		t.Errorf("first line: %v", l)
	}
}

func ExampleMiddleware() {
	log, _ := tracelog.New(tracelog.WithoutCaller(), tracelog.WithZapOptions(zap.WithClock(fixedClock{})), tracelog.WithOutput(&idFilter{}))

	e := echo.New()
	e.Use(echolog.Middleware(log, httplog.WithoutTraceHeader()))
	e.GET("/users/:id", func(c echo.Context) error { return c.String(http.StatusOK, c.Param("id")) })

	req := httptest.NewRequest(http.MethodGet, "/users/42", nil)
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	e.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// msg="http request" trace_id=4bf92f3577b34da6a3ce929d0e0e4736 http.route=/users/:id url.path=/users/42 parent_span_id=00f067aa0ba902b7
}
