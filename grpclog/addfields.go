package grpclog

import (
	"context"

	"go.uber.org/zap"

	"github.com/tracelog/tracelog/internal/accessfields"
)

// MaxAddedFields is how many fields [AddFields] adds to one call's access
// line; later ones are dropped.
const MaxAddedFields = accessfields.Max

// AddFields adds fields to the server access line of the call whose
// context (the handler's, or one derived from it) is ctx, after the line's
// own keys. It is safe from several goroutines (a stream's); fields added
// once the line is written, and past [MaxAddedFields], are dropped. The
// fields go through the logger's redaction like any field. With a context
// that is not a server call's of this package, it does nothing.
//
//	grpclog.AddFields(ctx, zap.String("order.id", id))
func AddFields(ctx context.Context, fields ...zap.Field) {
	accessfields.Add(ctx, fields)
}
