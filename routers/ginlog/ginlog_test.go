package ginlog_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/internal/routertest"
	"github.com/tracelog/tracelog/routers/ginlog"
)

func init() { gin.SetMode(gin.ReleaseMode) }

// Routes, statuses and sizes on a real loopback server, with gin's
// recovery before or after the middleware, and fields a handler adds.
func TestRoutesOnARealServer(t *testing.T) {
	for _, order := range []string{"recovery inside", "recovery outside"} {
		t.Run(order, func(t *testing.T) {
			var out routertest.Sink
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

			lines := routertest.Serve(t, srv, &out, []routertest.Case{
				{Method: "GET", Path: "/users/42", Route: "/users/:id", Status: 200},
				{Method: "POST", Path: "/api/v1/orders/9/items/a/b", Route: "/api/v1/orders/:id/items/*rest", Status: 202},
				{Method: "GET", Path: "/boom/1", Route: "/boom/:n", Status: 500},
				{Method: "GET", Path: "/nope", Route: "", Status: 404},
			})
			if lines[0][httplog.KeyResponseSize] != float64(len("user 42")) || lines[1][httplog.KeyResponseSize] != 0.0 {
				t.Errorf("sizes: %v, %v", lines[0][httplog.KeyResponseSize], lines[1][httplog.KeyResponseSize])
			}
			if l := out.Access(t, 1)[0]; l["user.id"] != "42" {
				t.Errorf("AddFields: %v", l)
			}
		})
	}
}

func ExampleMiddleware() {
	gin.SetMode(gin.ReleaseMode)
	log, _ := tracelog.New(tracelog.WithoutCaller(), tracelog.WithZapOptions(zap.WithClock(routertest.FixedClock{})), tracelog.WithOutput(routertest.ExampleOutput{}))

	r := gin.New()
	r.Use(ginlog.Middleware(log, httplog.WithoutTraceHeader()), gin.Recovery())
	r.GET("/users/:id", func(c *gin.Context) { c.String(http.StatusOK, c.Param("id")) })

	req := httptest.NewRequest(http.MethodGet, "/users/42", nil)
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	r.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// msg="http request" trace_id=4bf92f3577b34da6a3ce929d0e0e4736 http.route=/users/:id url.path=/users/42 parent_span_id=00f067aa0ba902b7
}
