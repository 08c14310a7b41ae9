// Package echolog connects tracelog's HTTP access lines to the echo
// framework (github.com/labstack/echo/v4): an echo middleware whose access
// line has the route echo matched ("/users/:id", from c.Path()) as its
// http.route, not the raw path.
//
// It is a module of its own, so that tracelog's library never imports a
// router:
//
//	e := echo.New()
//	e.Use(echolog.Middleware(log))
//	e.GET("/users/:id", getUser)
//
// The middleware is httplog's (see package httplog for the keys of the
// access line, which follow the logger's profile, and its options);
// echolog runs the rest of echo's chain inside it. An error a handler
// returns is handed to echo's error handler there (c.Error), so that the
// line has the status echo answers with; a panicking handler is recovered
// by httplog (500, the panic's value and stack on the line), or by echo's
// Recover middleware when that is installed after this one. Requests that
// match no route get no http.route.
package echolog
