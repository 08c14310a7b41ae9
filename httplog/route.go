package httplog

import (
	"net/http"
	"strings"
)

// A RouteFunc returns the route template of a request, "/users/{id}", or ""
// when it does not know it. It is called after the handler returned (or
// panicked), with the *http.Request the middleware passed down, so it sees
// what the router stored in that request or its context. It must be safe
// for concurrent use.
//
// For chi, the module github.com/tracelog/tracelog/routers/chilog has the
// route function and a middleware for Router.Use.
type RouteFunc func(r *http.Request) string

// route returns the route template of a request that was served: the
// RouteFunc's answer, else the pattern that a net/http ServeMux matched,
// read from the request passed down (a mux wrapped by the middleware sets
// it there) or from the incoming one (a mux around the middleware set it
// before). "" when unknown.
func route(f RouteFunc, down, in *http.Request) string {
	if f != nil {
		if s := safeRoute(f, down); s != "" {
			return s
		}
	}
	if down.Pattern != "" {
		return patternPath(down.Pattern)
	}
	return patternPath(in.Pattern)
}

// safeRoute calls f, turning a panic into "": a route is not worth a
// failed request.
func safeRoute(f RouteFunc, r *http.Request) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	return f(r)
}

// patternPath returns the path part of a ServeMux pattern
// "[METHOD ][HOST]/PATH": "GET example.com/users/{id}" gives "/users/{id}".
// The method is already on the line and the host is not part of a route.
func patternPath(p string) string {
	if i := strings.IndexAny(p, " \t"); i >= 0 {
		p = strings.TrimLeft(p[i:], " \t")
	}
	if i := strings.IndexByte(p, '/'); i > 0 {
		p = p[i:]
	}
	return p
}
