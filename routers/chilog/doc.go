// Package chilog connects tracelog's HTTP access lines to the chi router
// (github.com/go-chi/chi/v5): the access line's http.route is the route
// template chi matched ("/users/{id}", subrouter prefixes included), not
// the raw path.
//
// It is a module of its own, so that tracelog's library never imports a
// router:
//
//	r := chi.NewRouter()
//	r.Use(chilog.Middleware(log))
//	r.Get("/users/{id}", getUser)
//
// The middleware is httplog's (see package httplog for the keys of the
// access line and its options); chilog only adds [Route] as its route
// function. Installed with Use, it wraps every route, and it reads the
// template once the handler has returned, when chi has matched the whole
// path. Requests that match no route (404, 405) get no http.route.
package chilog
