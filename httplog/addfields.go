package httplog

import (
	"context"

	"go.uber.org/zap"

	"github.com/tracelog/tracelog/internal/accessfields"
)

// MaxAddedFields is how many fields [AddFields] adds to one request's
// access line; later ones are dropped.
const MaxAddedFields = accessfields.Max

// AddFields adds fields to the access line of the request whose context
// (r.Context() in a handler, or a context derived from it) is ctx, after
// the line's own keys. It is safe from several goroutines; fields added
// once the line is written, and past [MaxAddedFields], are dropped. The
// fields go through the logger's redaction like any field. With a context
// that is not a request's of [NewMiddleware], it does nothing.
//
//	httplog.AddFields(r.Context(), zap.String("user.id", id), zap.Int("cart.items", n))
func AddFields(ctx context.Context, fields ...zap.Field) {
	accessfields.Add(ctx, fields)
}
