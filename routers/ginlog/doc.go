// Package ginlog connects tracelog's HTTP access lines to the gin router
// (github.com/gin-gonic/gin): a gin middleware whose access line has the
// route gin matched ("/users/:id", from c.FullPath()) as its http.route,
// not the raw path.
//
// It is a module of its own, so that tracelog's library never imports a
// router:
//
//	r := gin.New()
//	r.Use(ginlog.Middleware(log), gin.Recovery())
//	r.GET("/users/:id", getUser)
//
// The middleware is httplog's (see package httplog for the keys of the
// access line, which follow the logger's profile, and its options); ginlog
// runs gin's handler chain inside it. It recovers a panicking handler
// itself (a 500 and the panic's value and stack on the line), so it works
// beside gin.Recovery in either order: installed before Recovery, the panic
// never reaches Recovery; after it, Recovery answers 500 and the line has
// that status. Requests that match no route get no http.route.
package ginlog
