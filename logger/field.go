package logger

import (
	"context"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/ctxfield"
)

// ContextKey is the key of the field made by [Context]. The field is never
// encoded, so the key does not appear in output.
const ContextKey = "context"

// Context returns a field that carries ctx to the core made by [NewCore],
// which writes the trace context of ctx's span on the line (or, through
// [zap.Logger.With], on every line of the derived logger). The field itself
// is never printed: without a tracelog core in the chain it is skipped by
// every encoder. A nil ctx gives a field that does nothing.
//
// Making the field does not allocate and reads nothing from ctx: the span is
// looked up only after the level check has passed.
func Context(ctx context.Context) zap.Field {
	if ctx == nil {
		return zap.Skip()
	}
	return zapcore.Field{Key: ContextKey, Type: zapcore.SkipType, Interface: ctx}
}

// contextOf returns the last context carried by fields, whether some of
// them are fields an encoder would print (zap.Any) that must be removed
// before encoding, and whether one is an error (whose key the profile may
// rename): one pass over the fields for the three.
func contextOf(fields []zapcore.Field) (ctx context.Context, printable, errs bool) {
	for i := range fields {
		f := &fields[i]
		if !ctxfield.MayHold(f.Type) {
			errs = errs || f.Type == zapcore.ErrorType
			continue
		}
		if c, ok := f.Interface.(context.Context); ok {
			ctx = c
			if f.Type != zapcore.SkipType {
				printable = true
			}
		}
	}
	return ctx, printable, errs
}

// withoutContexts returns a copy of fields without the fields that carry a
// context. It never aliases fields.
func withoutContexts(fields []zapcore.Field, extra int) []zapcore.Field {
	return appendWithoutContexts(make([]zapcore.Field, 0, len(fields)+extra), fields)
}

func appendWithoutContexts(out, fields []zapcore.Field) []zapcore.Field {
	for _, f := range fields {
		if !ctxfield.Is(f) {
			out = append(out, f)
		}
	}
	return out
}
