package logger

import (
	"context"
	"log/slog"
	"os"
	"runtime"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/stack"
)

// NewSlogHandler returns a [slog.Handler] that writes records through l,
// with l's behaviour: its core (so slog.InfoContext(ctx, ...) gets the
// trace keys of ctx's span when a core made by [NewCore] is in the chain),
// name, fields, hooks, error output, caller (the record's source, when l
// adds callers) and stack traces (from the slog call site, at the levels
// where l adds them). A slog line and a zap line of one logger have the
// same keys. Levels map to zap's: below Info is Debug, below Warn is Info,
// below Error is Warn, and Error or above is Error. Groups become nested
// objects; a group with no attributes is left out.
//
// A nil l means [Default] as it is when NewSlogHandler is called.
func NewSlogHandler(l *zap.Logger) slog.Handler {
	if l == nil {
		l = Default()
	}
	h := probeLogger(l)
	h.core = l.Core()
	return h
}

// slogLevels are the zap levels a slog record maps to.
var slogLevels = [...]zapcore.Level{zapcore.DebugLevel, zapcore.InfoLevel, zapcore.WarnLevel, zapcore.ErrorLevel}

// probeLogger finds out what l adds to the entries of its cores (its
// name, error output, whether it adds callers, at which of slogLevels it
// adds stack traces) by checking an entry of each level through a copy of
// l whose core takes everything and writes nothing. zap.Logger tells none
// of these but its name; this asks it without reading its fields.
func probeLogger(l *zap.Logger) *slogHandler {
	h := &slogHandler{name: l.Name(), errOut: zapcore.Lock(os.Stderr)}
	p := l.WithOptions(zap.WrapCore(func(zapcore.Core) zapcore.Core { return probeCore{} }))
	for i, lvl := range slogLevels {
		if ce := p.Check(lvl, ""); ce != nil {
			h.caller = h.caller || ce.Caller.Defined
			h.stackAt[i] = ce.Stack != ""
			if ce.ErrorOutput != nil {
				h.errOut = ce.ErrorOutput
			}
		}
	}
	return h
}

// probeCore enables every level and writes nothing.
type probeCore struct{}

var _ zapcore.Core = probeCore{}

// Enabled takes every level.
func (probeCore) Enabled(zapcore.Level) bool { return true }

// With returns the core itself: the probe keeps no fields.
func (p probeCore) With([]zapcore.Field) zapcore.Core { return p }

// Write writes nothing.
func (probeCore) Write(zapcore.Entry, []zapcore.Field) error { return nil }

// Sync has nothing to flush.
func (probeCore) Sync() error { return nil }

// Check adds the probe, so that the logger goes on to add its caller and
// stack to the entry.
func (p probeCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	return ce.AddCore(e, p)
}

// slogHandler does for a record what zap.Logger does for a line, the
// caller and stack taken from the record's call site.
type slogHandler struct {
	core    zapcore.Core
	name    string
	errOut  zapcore.WriteSyncer
	caller  bool
	stackAt [len(slogLevels)]bool
	// groups opened by WithGroup that no attribute has filled yet; they
	// are written as namespaces only once something goes in them.
	groups []string
}

var _ slog.Handler = (*slogHandler)(nil)

// slogLevel returns the index in slogLevels of a record's level.
func slogLevel(l slog.Level) int {
	switch {
	case l < slog.LevelInfo:
		return 0
	case l < slog.LevelWarn:
		return 1
	case l < slog.LevelError:
		return 2
	default:
		return 3
	}
}

// Enabled reports whether the logger takes lines of the level.
func (h *slogHandler) Enabled(_ context.Context, l slog.Level) bool {
	return h.core.Enabled(slogLevels[slogLevel(l)])
}

// Handle writes the record, with the trace context of ctx.
func (h *slogHandler) Handle(ctx context.Context, r slog.Record) error {
	i := slogLevel(r.Level)
	ent := zapcore.Entry{LoggerName: h.name, Level: slogLevels[i], Time: r.Time, Message: r.Message}
	ce := h.core.Check(ent, nil)
	if ce == nil {
		return nil
	}
	ce.ErrorOutput = h.errOut
	if r.PC != 0 {
		if h.caller {
			f, _ := runtime.CallersFrames([]uintptr{r.PC}).Next()
			ce.Caller = zapcore.EntryCaller{Defined: true, PC: f.PC, File: f.File, Line: f.Line, Function: f.Function}
		}
		if h.stackAt[i] {
			ce.Stack = stack.From(r.PC)
		}
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
	c := *h
	c.core, c.groups = h.core.With(fields), nil
	return &c
}

// WithGroup returns a handler that nests later attributes under name.
func (h *slogHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	groups := make([]string, len(h.groups), len(h.groups)+1)
	copy(groups, h.groups)
	c := *h
	c.groups = append(groups, name)
	return &c
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
