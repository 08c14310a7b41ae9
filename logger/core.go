package logger

import (
	"sync"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/corewrite"
	"github.com/tracelog/tracelog/internal/stack"

	"github.com/tracelog/tracelog/internal/headsample"
)

// NewCore wraps next so that every line logged with a [Context] field (or
// through a logger derived with that field, or with a zap.Any field whose
// value is a context.Context) carries the trace context of the context's
// span under the keys of the configured profiles. Lines without a valid
// span context get no trace keys at all. The trace keys stay at the top
// level of the line even under a namespace opened by With (zap.Namespace,
// or a slog group with attributes); the fields given to With from such a
// namespace on are encoded again for each span.
//
// The wrapped core keeps its own behaviour: its Enabled decides the level,
// and its Check sees every entry (so samplers and filters below still
// work; a core whose Check only adds itself, such as zapcore.NewCore's, is
// written to directly, with the same result). Trace fields of a span are
// encoded once and reused for its later lines through a bounded per-core
// cache; see [WithSpanCacheSize].
//
// A nil next gives a core that writes nothing.
func NewCore(next zapcore.Core, opts ...Option) zapcore.Core {
	if next == nil {
		next = zapcore.NewNopCore()
	}
	cfg := newConfig(opts)
	return &core{next: next, cfg: cfg, cache: newLazyCache(cfg.cacheSize)}
}

type core struct {
	next  zapcore.Core
	cfg   *config
	cache *lazyCache // children of next; shared by cores with the same next

	// sc is the span context bound by With, if any.
	sc trace.SpanContext
	// span is the bound span, kept only when span events are on.
	span trace.Span
	// decision is the bound request's sampling decision, if any.
	decision headsample.Decision
	// nested holds the fields given to With from the first namespace on:
	// they come after the trace fields, which would land in the namespace
	// otherwise. next then holds the fields before it, and nestedNext is
	// next.With(nested), for lines without a span.
	nested     []zapcore.Field
	nestedNext zapcore.Core
}

var (
	_ zapcore.Core         = (*core)(nil)
	_ ProfileCarrier       = (*core)(nil)
	_ zapcore.LevelEnabler = (*core)(nil)
)

// Enabled defers to the wrapped core. On a logger bound to a request that
// was sampled out, levels below Error are disabled (and the line counted as
// dropped), so such lines cost what a disabled line costs.
func (c *core) Enabled(l zapcore.Level) bool {
	if dropLine(c.decision, l) {
		return false
	}
	return c.next.Enabled(l)
}

// Level reports the minimum enabled level of the wrapped core.
func (c *core) Level() zapcore.Level { return zapcore.LevelOf(c.next) }

// With binds the span of a context field (if any) and adds the other
// fields to the wrapped core. The returned core never shares a field slice
// with its parent.
func (c *core) With(fields []zapcore.Field) zapcore.Core {
	clone := *c
	ctx, _, errs := contextOf(fields)
	if errs && c.nested == nil {
		fields = c.cfg.errKeys.Rename(fields)
	}
	if ctx != nil {
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			clone.sc = sc
			if c.cfg.spanEvents != nil {
				clone.span = trace.SpanFromContext(ctx)
			}
		}
		if d := headsample.FromContext(ctx); d != nil {
			clone.decision = d
		}
		fields = withoutContexts(fields, 0)
	}
	if len(fields) > 0 {
		switch i := namespaceAt(fields); {
		case c.nested != nil:
			clone.nested = append(append(make([]zapcore.Field, 0, len(c.nested)+len(fields)), c.nested...), fields...)
			clone.nestedNext = c.nestedNext.With(fields)
		case i >= 0:
			if i > 0 {
				clone.next = c.next.With(fields[:i])
			}
			clone.nested = append([]zapcore.Field(nil), fields[i:]...)
			clone.nestedNext = clone.next.With(clone.nested)
		default:
			clone.next = c.next.With(fields)
		}
		clone.cache = newLazyCache(min(c.cfg.cacheSize, derivedCacheSize))
	}
	return &clone
}

// namespaceAt returns the index of the first namespace field, or -1.
func namespaceAt(fields []zapcore.Field) int {
	for i := range fields {
		if fields[i].Type == zapcore.NamespaceType {
			return i
		}
	}
	return -1
}

// Check adds this core when the wrapped core's level allows the entry. The
// wrapped core's own Check runs in Write, once the line's span is known, so
// that samplers and filters below see every entry exactly once. A line of
// a sampled-out request is left out here without being counted: Enabled,
// which zap asks first, counted it.
func (c *core) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if !sampledOut(c.decision, ent.Level) && c.next.Enabled(ent.Level) {
		return ce.AddCore(ent, c)
	}
	return ce
}

// Write writes the entry through the wrapped core, with the trace fields of
// the line's span (a context field of the line wins over one bound by
// With). Errors of the wrapped core's Write are reported to the error
// output (see [WithErrorOutput]), as zap reports a logger's.
func (c *core) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	sc, span, decision := c.sc, c.span, c.decision
	ctx, printable, errs := contextOf(fields)
	if errs && c.nested == nil {
		fields = c.cfg.errKeys.Rename(fields)
	}
	if ctx != nil {
		if lsc := trace.SpanContextFromContext(ctx); lsc.IsValid() {
			sc = lsc
			if c.cfg.spanEvents != nil {
				span = trace.SpanFromContext(ctx)
			}
		}
		if d := headsample.FromContext(ctx); d != nil {
			decision = d
		}
	}
	if dropLine(decision, ent.Level) {
		return nil
	}
	if c.cfg.tracebacks && ent.Stack != "" {
		// On the goroutine that logged, whose stack zap took.
		ent.Stack = stack.Traceback(ent.Message, ent.Stack)
	}
	mark := forced(decision)
	if span != nil && c.cfg.spanEvents != nil {
		addSpanEvent(span, c.cfg.spanEvents, ent, fields)
	}

	target := c.next
	if c.nestedNext != nil {
		target = c.nestedNext
	}
	inline := false
	var pooled *largeLine
	if sc.IsValid() {
		if ch := c.cache.child(c.next, sc, c.cfg.trace, c.nested); ch != nil {
			target = ch
		} else {
			target, inline = c.next, true
		}
	}
	if inline || printable || mark {
		extra := 1
		if inline {
			extra += fieldCount(c.cfg.trace) + len(c.nested)
		}
		var out []zapcore.Field
		var text []byte
		// When the cores below keep nothing of the line, the fields and
		// the text of the IDs come from a pool and go back after the
		// write; otherwise one allocation, sized to the line.
		switch n := len(fields) + extra; {
		case n <= len(largeLine{}.fields) && corewrite.Transient(target):
			pooled = linePool.Get().(*largeLine)
			out, text = pooled.fields[:0], pooled.text[:]
		case n <= len(smallLine{}.fields):
			l := new(smallLine)
			out, text = l.fields[:0], l.text[:]
		case n <= len(mediumLine{}.fields):
			l := new(mediumLine)
			out, text = l.fields[:0], l.text[:]
		case n <= len(largeLine{}.fields):
			l := new(largeLine)
			out, text = l.fields[:0], l.text[:]
		default:
			out = make([]zapcore.Field, 0, n)
		}
		switch {
		case inline && text != nil:
			out = appendTraceFieldsInto(out, c.cfg.trace, sc, text)
		case inline:
			out = appendTraceFields(out, c.cfg.trace, sc)
		}
		if inline {
			out = append(out, c.nested...)
		}
		out = appendWithoutContexts(out, fields)
		if mark {
			out = append(out, zapcore.Field{Key: c.cfg.sampledKey, Type: zapcore.StringType, String: SampledForced})
		}
		fields = out
	}

	err := corewrite.Write(target, corewrite.Plain(target), ent, fields, c.cfg.errorOutput)
	if pooled != nil {
		clear(pooled.fields[:min(len(fields), len(pooled.fields))])
		linePool.Put(pooled)
	}
	return err
}

// PlainCheck reports that Check adds c exactly when Enabled allows the
// entry's level, so a core wrapping this one may write to it directly.
func (c *core) PlainCheck() bool { return true }

// ReleasesFields reports whether the cores c writes to keep nothing of a
// line once written (see corewrite.Transient): c itself keeps nothing of
// the fields it is given, so a core wrapping c may reuse their memory.
func (c *core) ReleasesFields() bool {
	return corewrite.Transient(c.next) && (c.nestedNext == nil || corewrite.Transient(c.nestedNext))
}

// linePool holds the largeLines of lines written to cores that keep
// nothing of them (corewrite.Transient).
var linePool = sync.Pool{New: func() any { return new(largeLine) }}

// smallLine holds the fields of a short line that gets its trace fields
// inline, and the text of its IDs, in one allocation, when the cores below
// may keep the fields (otherwise the line's memory comes from linePool).
// mediumLine and largeLine are the same for longer lines, such as access
// lines.
type smallLine struct {
	fields [8]zapcore.Field
	text   [128]byte
}

type mediumLine struct {
	fields [16]zapcore.Field
	text   [128]byte
}

type largeLine struct {
	fields [24]zapcore.Field
	text   [128]byte
}

// Sync flushes the wrapped core.
func (c *core) Sync() error { return c.next.Sync() }
