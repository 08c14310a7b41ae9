package ginlog

import (
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog/httplog"
)

// Middleware returns a gin middleware that writes httplog's access line
// for every request ([httplog.NewMiddleware]), with the route template gin
// matched. opts are httplog's options. A nil log means the default logger,
// as in httplog.
func Middleware(log *zap.Logger, opts ...httplog.Option) gin.HandlerFunc {
	mw := httplog.NewMiddleware(log, opts...)
	// The handler chain runs inside httplog's middleware, with the
	// request and the writer it passes down.
	inner := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := r.Context().Value(ginContextKey{}).(*gin.Context)
		orig := c.Writer
		c.Request, c.Writer = r, &writer{ResponseWriter: orig, w: w}
		defer func() { c.Writer = orig }()
		c.Next()
		// A status gin set without writing, such as the 404 of a
		// request no route matched (gin writes its body after the
		// chain), is told to httplog's writer.
		if !orig.Written() && orig.Status() != http.StatusOK {
			w.WriteHeader(orig.Status())
		}
	}))
	return func(c *gin.Context) {
		r := c.Request.WithContext(withGin(c.Request.Context(), c))
		// gin has routed the request already: its template is the
		// request's Pattern, which httplog reads as a ServeMux's.
		r.Pattern = c.FullPath()
		inner.ServeHTTP(c.Writer, r)
	}
}

// writer sends what gin's handlers write through httplog's writer (which
// counts it), keeping gin's own for what only gin knows.
type writer struct {
	gin.ResponseWriter
	w http.ResponseWriter
}

var _ gin.ResponseWriter = (*writer)(nil)

func (x *writer) Write(b []byte) (int, error)       { return x.w.Write(b) }
func (x *writer) WriteString(s string) (int, error) { return io.WriteString(x.w, s) }
func (x *writer) WriteHeader(code int)              { x.w.WriteHeader(code) }

// Unwrap returns httplog's writer, for http.ResponseController.
func (x *writer) Unwrap() http.ResponseWriter { return x.w }
