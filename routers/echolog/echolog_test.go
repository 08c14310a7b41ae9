package echolog_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/internal/routertest"
	"github.com/tracelog/tracelog/routers/echolog"
)

// Routes, statuses (errors a handler returns included) and sizes on a real
// loopback server, with echo's Recover inside the middleware.
func TestRoutesOnARealServer(t *testing.T) {
	var out routertest.Sink
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

	routertest.Serve(t, srv, &out, []routertest.Case{
		{Method: "GET", Path: "/users/42", Route: "/users/:id", Status: 200},
		{Method: "POST", Path: "/api/v1/orders/9/items/a/b", Route: "/api/v1/orders/:id/items/*", Status: 202},
		{Method: "GET", Path: "/missing/7", Route: "/missing/:id", Status: 404},
		{Method: "GET", Path: "/fail", Route: "/fail", Status: 500},
		{Method: "GET", Path: "/boom/1", Route: "/boom/:n", Status: 500},
		{Method: "GET", Path: "/nope", Route: "", Status: 404},
		{Method: "DELETE", Path: "/users/42", Route: "", Status: 405},
	})
	if l := out.Access(t, 1)[0]; l["user.id"] != "42" || l[httplog.KeyResponseSize] != float64(len("user 42")) {
		t.Errorf("first line: %v", l)
	}
}

func ExampleMiddleware() {
	log, _ := tracelog.New(tracelog.WithoutCaller(), tracelog.WithZapOptions(zap.WithClock(routertest.FixedClock{})), tracelog.WithOutput(routertest.ExampleOutput{}))

	e := echo.New()
	e.Use(echolog.Middleware(log, httplog.WithoutTraceHeader()))
	e.GET("/users/:id", func(c echo.Context) error { return c.String(http.StatusOK, c.Param("id")) })

	req := httptest.NewRequest(http.MethodGet, "/users/42", nil)
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	e.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// msg="http request" trace_id=4bf92f3577b34da6a3ce929d0e0e4736 http.route=/users/:id url.path=/users/42 parent_span_id=00f067aa0ba902b7
}
