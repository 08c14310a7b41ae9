package logger

import (
	"context"
	"log/slog"
	"runtime"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// NewSlogHandler returns a [slog.Handler] that writes records through core,
// so that slog.InfoContext(ctx, ...) gets the trace keys of ctx's span when
// core is (or contains) a core made by [NewCore]. Levels map to zap's:
// below Info is Debug, below Warn is Info, below Error is Warn, and Error
// or above is Error. Groups become nested objects; a group with no
// attributes is left out. The record's source becomes the line's caller.
//
// A nil core gives a handler that writes nothing.
func NewSlogHandler(core zapcore.Core) slog.Handler {
	if core == nil {
		core = zapcore.NewNopCore()
	}
	return &slogHandler{core: core}
}

type slogHandler struct {
	core zapcore.Core
	// groups opened by WithGroup that no attribute has filled yet; they
	// are written as namespaces only once something goes in them.
	groups []string
}

var _ slog.Handler = (*slogHandler)(nil)

func zapLevel(l slog.Level) zapcore.Level {
	switch {
	case l < slog.LevelInfo:
		return zapcore.DebugLevel
	case l < slog.LevelWarn:
		return zapcore.InfoLevel
	case l < slog.LevelError:
		return zapcore.WarnLevel
	default:
		return zapcore.ErrorLevel
	}
}

// Enabled reports whether the core takes lines of the level.
func (h *slogHandler) Enabled(_ context.Context, l slog.Level) bool {
	return h.core.Enabled(zapLevel(l))
}

// Handle writes the record, with the trace context of ctx.
func (h *slogHandler) Handle(ctx context.Context, r slog.Record) error {
	ent := zapcore.Entry{Level: zapLevel(r.Level), Time: r.Time, Message: r.Message}
	if r.PC != 0 {
		f, _ := runtime.CallersFrames([]uintptr{r.PC}).Next()
		ent.Caller = zapcore.EntryCaller{Defined: true, PC: f.PC, File: f.File, Line: f.Line, Function: f.Function}
	}
	ce := h.core.Check(ent, nil)
	if ce == nil {
		return nil
	}
	fields := make([]zapcore.Field, 0, r.NumAttrs()+len(h.groups)+1)
	if ctx != nil {
		fields = append(fields, Context(ctx))
	}
	mark := len(fields)
	r.Attrs(func(a slog.Attr) bool {
		fields = appendAttr(fields, a)
		return true
	})
	if len(fields) > mark && len(h.groups) > 0 {
		fields = append(fields[:mark], append(namespaces(h.groups), fields[mark:]...)...)
	}
	ce.Write(fields...)
	return nil
}

// WithAttrs returns a handler whose lines carry attrs.
func (h *slogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	fields := make([]zapcore.Field, 0, len(attrs))
	for _, a := range attrs {
		fields = appendAttr(fields, a)
	}
	if len(fields) == 0 {
		return h
	}
	fields = append(namespaces(h.groups), fields...)
	return &slogHandler{core: h.core.With(fields)}
}

// WithGroup returns a handler that nests later attributes under name.
func (h *slogHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	groups := make([]string, len(h.groups), len(h.groups)+1)
	copy(groups, h.groups)
	return &slogHandler{core: h.core, groups: append(groups, name)}
}

func namespaces(groups []string) []zapcore.Field {
	out := make([]zapcore.Field, 0, len(groups))
	for _, g := range groups {
		out = append(out, zap.Namespace(g))
	}
	return out
}

// appendAttr converts a, following the rules of slog.Handler: empty attrs
// are dropped, groups with an empty key are inlined, empty groups vanish.
func appendAttr(dst []zapcore.Field, a slog.Attr) []zapcore.Field {
	a.Value = a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return dst
	}
	v := a.Value
	switch v.Kind() {
	case slog.KindGroup:
		attrs := v.Group()
		if len(attrs) == 0 {
			return dst
		}
		if a.Key == "" {
			for _, ga := range attrs {
				dst = appendAttr(dst, ga)
			}
			return dst
		}
		return append(dst, zap.Object(a.Key, slogGroup(attrs)))
	case slog.KindString:
		return append(dst, zap.String(a.Key, v.String()))
	case slog.KindInt64:
		return append(dst, zap.Int64(a.Key, v.Int64()))
	case slog.KindUint64:
		return append(dst, zap.Uint64(a.Key, v.Uint64()))
	case slog.KindFloat64:
		return append(dst, zap.Float64(a.Key, v.Float64()))
	case slog.KindBool:
		return append(dst, zap.Bool(a.Key, v.Bool()))
	case slog.KindDuration:
		return append(dst, zap.Duration(a.Key, v.Duration()))
	case slog.KindTime:
		return append(dst, zap.Time(a.Key, v.Time()))
	default:
		if err, ok := v.Any().(error); ok {
			return append(dst, zap.NamedError(a.Key, err))
		}
		return append(dst, zap.Any(a.Key, v.Any()))
	}
}

type slogGroup []slog.Attr

func (g slogGroup) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	var buf [8]zapcore.Field
	fields := buf[:0]
	for _, a := range g {
		fields = appendAttr(fields, a)
	}
	for i := range fields {
		fields[i].AddTo(enc)
	}
	return nil
}
