package ginlog_test

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

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/routers/ginlog"
)

func init() { gin.SetMode(gin.ReleaseMode) }

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

// Routes, statuses and sizes on a real loopback server, with gin's
// recovery before or after the middleware, and fields a handler adds.
func TestRoutesOnARealServer(t *testing.T) {
	for _, order := range []string{"recovery inside", "recovery outside"} {
		t.Run(order, func(t *testing.T) {
			var out sink
			log, err := tracelog.New(tracelog.WithOutput(&out), tracelog.WithoutDefault())
			if err != nil {
				t.Fatal(err)
			}
			r := gin.New()
			if order == "recovery inside" {
				r.Use(ginlog.Middleware(log), gin.RecoveryWithWriter(io.Discard))
			} else {
				r.Use(gin.RecoveryWithWriter(io.Discard), ginlog.Middleware(log))
			}
			r.GET("/users/:id", func(c *gin.Context) {
				httplog.AddFields(c.Request.Context(), zap.String("user.id", c.Param("id")))
				c.String(http.StatusOK, "user %s", c.Param("id"))
			})
			api := r.Group("/api/v1")
			api.POST("/orders/:id/items/*rest", func(c *gin.Context) { c.Status(http.StatusAccepted) })
			r.GET("/boom/:n", func(*gin.Context) { panic("boom") })
			srv := httptest.NewServer(r)
			defer srv.Close()

			tests := []struct {
				method, path, route string
				status, size        int
			}{
				{"GET", "/users/42", "/users/:id", 200, 7},
				{"POST", "/api/v1/orders/9/items/a/b", "/api/v1/orders/:id/items/*rest", 202, 0},
				{"GET", "/boom/1", "/boom/:n", 500, -1},
				{"GET", "/nope", "", 404, -1},
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
					t.Errorf("%s: route = %v, want %q", tt.path, got, tt.route)
				}
				if l[httplog.KeyStatus] != float64(tt.status) || l["trace_id"] == nil {
					t.Errorf("%s: line %v", tt.path, l)
				}
				if tt.size >= 0 && l[httplog.KeyResponseSize] != float64(tt.size) {
					t.Errorf("%s: size %v, want %d", tt.path, l[httplog.KeyResponseSize], tt.size)
				}
			}
			if l := out.access(t, 1)[0]; l["user.id"] != "42" {
				t.Errorf("AddFields: %v", l)
			}
		})
	}
}

func ExampleMiddleware() {
	gin.SetMode(gin.ReleaseMode)
	log, _ := tracelog.New(tracelog.WithoutCaller(), tracelog.WithZapOptions(zap.WithClock(fixedClock{})), tracelog.WithOutput(&idFilter{}))

	r := gin.New()
	r.Use(ginlog.Middleware(log, httplog.WithoutTraceHeader()), gin.Recovery())
	r.GET("/users/:id", func(c *gin.Context) { c.String(http.StatusOK, c.Param("id")) })

	req := httptest.NewRequest(http.MethodGet, "/users/42", nil)
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	r.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// msg="http request" trace_id=4bf92f3577b34da6a3ce929d0e0e4736 http.route=/users/:id url.path=/users/42 parent_span_id=00f067aa0ba902b7
}
