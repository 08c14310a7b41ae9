package echolog

import (
	"context"
	"net/http"
	"reflect"

	"github.com/labstack/echo/v4"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog/httplog"
)

type echoContextKey struct{}

// call is one request through the middleware: echo's context and the next
// handler, found by the handler httplog calls.
type call struct {
	c    echo.Context
	next echo.HandlerFunc
}

// Middleware returns an echo middleware that writes httplog's access line
// for every request ([httplog.NewMiddleware]), with the route template
// echo matched. opts are httplog's options. A nil log means the default
// logger, as in httplog.
func Middleware(log *zap.Logger, opts ...httplog.Option) echo.MiddlewareFunc {
	inner := httplog.NewMiddleware(log, opts...)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cl := r.Context().Value(echoContextKey{}).(*call)
		c, resp := cl.c, cl.c.Response()
		orig := resp.Writer
		c.SetRequest(r)
		resp.Writer = w
		defer func() { resp.Writer = orig }()
		if err := cl.next(c); err != nil {
			c.Error(err) // echo's error handler answers now, inside the line
		}
	}))
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			r := req.WithContext(context.WithValue(req.Context(), echoContextKey{}, &call{c: c, next: next}))
			// echo has routed the request already: its template is the
			// request's Pattern, which httplog reads as a ServeMux's.
			r.Pattern = routeOf(c)
			inner.ServeHTTP(c.Response().Writer, r)
			return nil
		}
	}
}

// routeOf returns the route echo matched, "" when none did: echo then
// runs its NotFoundHandler or MethodNotAllowedHandler (whose path is that
// of a route of another method), told apart by their addresses.
func routeOf(c echo.Context) string {
	h := c.Handler()
	if h == nil {
		return ""
	}
	switch reflect.ValueOf(h).Pointer() {
	case reflect.ValueOf(echo.NotFoundHandler).Pointer(), reflect.ValueOf(echo.MethodNotAllowedHandler).Pointer():
		return ""
	}
	return c.Path()
}
