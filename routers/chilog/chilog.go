package chilog

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog/httplog"
)

// Route returns the route template chi matched for r, or "" before chi
// routed it or when no route matched. It is an [httplog.RouteFunc].
func Route(r *http.Request) string {
	if rc := chi.RouteContext(r.Context()); rc != nil {
		return rc.RoutePattern()
	}
	return ""
}

// Middleware returns httplog's middleware ([httplog.NewMiddleware]) with
// [Route] as its route function, for chi's Router.Use. opts are httplog's
// options, applied after the route function (a later
// [httplog.WithRouteFunc] replaces it). A nil log means the default logger,
// as in httplog.
func Middleware(log *zap.Logger, opts ...httplog.Option) func(http.Handler) http.Handler {
	return httplog.NewMiddleware(log, append([]httplog.Option{httplog.WithRouteFunc(Route)}, opts...)...)
}
