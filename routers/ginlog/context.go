package ginlog

import (
	"context"

	"github.com/gin-gonic/gin"
)

type ginContextKey struct{}

// withGin returns ctx carrying c, for the handler httplog calls.
func withGin(ctx context.Context, c *gin.Context) context.Context {
	return context.WithValue(ctx, ginContextKey{}, c)
}
