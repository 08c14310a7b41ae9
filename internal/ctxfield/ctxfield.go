// Package ctxfield recognises the zap fields that carry a
// context.Context: those logger.Context makes, and zap.Any(key, ctx), the
// convention of OpenTelemetry's otelzap bridge. The cores of package
// logger read the trace context from them; the other cores of tracelog
// (the OpenTelemetry tee's sampling filter) read a request's sampling
// decision from them.
package ctxfield

import (
	"context"

	"go.uber.org/zap/zapcore"
)

// MayHold reports whether a field of type t can carry a context:
// logger.Context makes SkipType fields, and zap.Any makes a StringerType
// field of a context (the standard ones implement fmt.Stringer) or a
// ReflectType field of one that does not.
func MayHold(t zapcore.FieldType) bool {
	return t == zapcore.SkipType || t == zapcore.StringerType || t == zapcore.ReflectType
}

// Is reports whether f carries a context.Context.
func Is(f zapcore.Field) bool {
	if !MayHold(f.Type) {
		return false
	}
	_, ok := f.Interface.(context.Context)
	return ok
}
