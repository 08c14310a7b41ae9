package redact

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/corewrite"
	"github.com/tracelog/tracelog/internal/errkey"
	"github.com/tracelog/tracelog/logger"
)

// Keys of the summary written by [WithSummary].
const (
	// KeySummary is the key of the summary object.
	KeySummary = "redacted"
	// KeySummaryCount holds the number of values redacted on the line.
	KeySummaryCount = "count"
	// KeySummaryKeys holds the paths of the redacted keys (at most 16),
	// SummaryMessage standing for the message.
	KeySummaryKeys = "keys"
	// SummaryMessage stands for the message in the summary's keys.
	SummaryMessage = "msg"
)

// NewCore wraps next so that every line is redacted by r's rules before
// next sees it: the message, the fields of the line and the fields added
// with With, including what is nested in zap.Object, zap.Array, zap.Inline,
// zap.Dict, zap.Namespace, errors and the maps, slices and structs of
// zap.Any. A nil r uses [Default]; a nil next gives a core that writes
// nothing.
//
// Fields added with With are redacted once, when With is called. A line
// with nothing to redact reaches next with its own field slice, unchanged
// and without allocation; a line that changes gets a new slice (the
// caller's is never modified). Nested marshalers are wrapped (one small
// allocation each) and redacted while next encodes them.
//
// Context fields (logger.Context, and zap.Any fields holding a
// context.Context) pass untouched, and so do the trace keys of the
// tracelog core (trace_id, span_id, ...) given at the top level. The
// wrapped core's Check sees every entry (so samplers below still work), and
// errors from its Write are returned to the logger, which reports them.
// When the wrapped core is one whose Check only adds itself (zapcore.NewCore's
// cores, and the tracelog cores), Write calls it directly, which gives the
// same result without a second CheckedEntry.
func NewCore(next zapcore.Core, r *Redactor) zapcore.Core {
	if next == nil {
		next = zapcore.NewNopCore()
	}
	if r == nil {
		r = Default()
	}
	c := &core{next: next, r: r, errs: new(errRelay)}
	if p, ok := logger.ProfileOfCore(next); ok {
		c.errKey = errkey.For(p.Name(logger.ErrorKey), p.Name(logger.ErrorKindKey))
	}
	c.derive()
	return c
}

// derive sets what c's fields decide for every line.
func (c *core) derive() {
	c.plain = corewrite.Plain(c.next)
	c.transient = corewrite.Transient(c.next)
	c.quick = c.r.quick && !c.ns.forced && (!c.r.summary || c.withCount == 0)
}

type core struct {
	next zapcore.Core
	// plain: next's Check is plain (corewrite.Plain), so Write calls
	// next.Write directly.
	plain bool
	// quick: a line may be found clean in one pass (Redactor.cleanFields):
	// the Redactor allows it, no namespace is forced open, and no summary
	// of With's redactions is due on every line.
	quick bool
	// transient: next keeps nothing of a line once written
	// (corewrite.Transient), so a line's memory may be pooled.
	transient bool
	r         *Redactor
	// ns holds the namespaces opened by With.
	ns nsState
	// withCount and withKeys are the redactions of With fields, for the
	// summary of every line.
	withCount int
	withKeys  []string
	// errs relays write errors of next; shared with derived cores.
	errs *errRelay
	// errKey renames zap.Error's field to the error key of next's
	// profile (logger.ProfileOfCore), when next carries one, before
	// errors are rendered.
	errKey errkey.Renamer
}

var (
	_ zapcore.Core         = (*core)(nil)
	_ zapcore.LevelEnabler = (*core)(nil)
)

// Enabled defers to the wrapped core.
func (c *core) Enabled(l zapcore.Level) bool { return c.next.Enabled(l) }

// Level reports the minimum enabled level of the wrapped core.
func (c *core) Level() zapcore.Level { return zapcore.LevelOf(c.next) }

// With redacts fields once and adds them to the wrapped core. The returned
// core shares no slice with c.
func (c *core) With(fields []zapcore.Field) zapcore.Core {
	clone := *c
	if len(c.ns.parents) == 0 {
		fields = c.errKey.Rename(fields)
	}
	st := lineState{summary: c.r.summary}
	out := c.r.rewrite(&st, &clone.ns, fields)
	if st.count > 0 {
		c.r.addCount(st.count)
		clone.withCount += st.count
		clone.withKeys = mergeKeys(c.withKeys, st.keys)
	}
	clone.next = c.next.With(out)
	clone.derive()
	return &clone
}

// mergeKeys returns a new slice with the keys of a and then those of b
// not in a, at most maxSummaryKeys.
func mergeKeys(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, k := range b {
		if len(out) >= maxSummaryKeys {
			break
		}
		dup := false
		for _, o := range out {
			if o == k {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, k)
		}
	}
	return out
}

// Check adds this core when the wrapped core's level allows the entry. The
// wrapped core's own Check runs in Write, once the line is redacted, so
// that samplers and filters below see every entry exactly once.
func (c *core) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.next.Enabled(ent.Level) {
		return ce.AddCore(ent, c)
	}
	return ce
}

// Write redacts the message and fields and writes the entry through the
// wrapped core, returning its write errors. Like any core's Write, it
// writes what it is given: the level was checked by Check.
func (c *core) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	if c.quick && c.r.cannotMatch(ent.Message) {
		switch c.r.cleanFields(fields) {
		case lineClean:
			// Nothing to redact: the line goes down as it is.
			if c.plain {
				if err := c.next.Write(ent, fields); err != nil {
					return fmt.Errorf("redact: wrapped core: %w", err)
				}
				return nil
			}
			return c.write(ent, fields)
		case lineWrap:
			if !c.r.summary {
				return c.wrapWrite(ent, fields)
			}
		}
	}
	// Errors are rendered into text below: they get the profile's key
	// first. (A clean line goes down as it is, and the tracelog core
	// renames its errors.)
	if len(c.ns.parents) == 0 {
		fields = c.errKey.Rename(fields)
	}
	return c.redactWrite(ent, fields)
}

// wrapWrite writes a line that Write found clean but for its marshalers,
// which are wrapped to be redacted while they encode: what redactWrite
// writes for it, without checking again what Write checked. (A line with a summary takes the general path, which counts
// the marshalers' redactions first.)
func (c *core) wrapWrite(ent zapcore.Entry, fields []zapcore.Field) error {
	st := lineState{pooled: c.transient}
	err := c.write(ent, c.r.wrapMarshalers(&st, &c.ns, fields))
	// Not deferred, as in redactWrite.
	st.release(c.r)
	return err
}

// redactWrite redacts the line and writes it: Write's general path.
func (c *core) redactWrite(ent zapcore.Entry, fields []zapcore.Field) error {
	r := c.r
	st := lineState{summary: r.summary, pooled: c.transient}
	if msg, n, _ := r.scan(ent.Message); n > 0 {
		ent.Message = msg
		st.note(nil, SummaryMessage, n)
	}
	ns := c.ns
	out := r.rewrite(&st, &ns, fields)
	if st.count > 0 {
		r.addCount(st.count)
	}
	if r.summary && st.count+c.withCount > 0 {
		s := &summary{count: st.count + c.withCount, keys: mergeKeys(c.withKeys, st.keys)}
		f := zapcore.Field{Key: KeySummary, Type: zapcore.ObjectMarshalerType, Interface: s}
		out = append(out[:len(out):len(out)], f)
	}
	err := c.write(ent, out)
	// Not deferred: if a marshaler panics, the pooled memory is left to
	// the garbage collector.
	st.release(r)
	return err
}

// write writes the redacted line through the wrapped core, returning its
// write errors.
func (c *core) write(ent zapcore.Entry, fields []zapcore.Field) error {
	if c.plain {
		if err := c.next.Write(ent, fields); err != nil {
			return fmt.Errorf("redact: wrapped core: %w", err)
		}
		return nil
	}
	_ = corewrite.Write(c.next, false, ent, fields, c.errs)
	return c.errs.take()
}

// PlainCheck reports that Check adds c exactly when Enabled allows the
// entry's level, so a core wrapping this one may write to it directly.
func (c *core) PlainCheck() bool { return true }

// ReleasesFields reports whether the wrapped core keeps nothing of a line
// once written (see corewrite.Transient): c keeps nothing of the fields it
// is given either.
func (c *core) ReleasesFields() bool { return c.transient }

// Sync flushes the wrapped core.
func (c *core) Sync() error { return c.next.Sync() }

// Profile returns the profile of the core below (see
// [logger.ProfileCarrier]), so that middleware built on a redacting logger
// follows it.
func (c *core) Profile() (logger.Profile, bool) { return logger.ProfileOfCore(c.next) }

// errRelay collects what the wrapped core's CheckedEntry reports about
// failed writes, so that Write returns it to the logger (whose own
// CheckedEntry reports it to the logger's ErrorOutput) instead of losing
// it. One relay serves a core and the cores derived from it with With: on
// the happy path it costs one atomic load per line. When lines of two
// goroutines fail at once, each error is still returned exactly once,
// possibly by the other line's Write.
type errRelay struct {
	pending atomic.Bool
	mu      sync.Mutex
	msgs    []string
}

func (e *errRelay) Write(p []byte) (int, error) {
	e.mu.Lock()
	e.msgs = append(e.msgs, string(p))
	e.pending.Store(true)
	e.mu.Unlock()
	return len(p), nil
}

func (e *errRelay) Sync() error { return nil }

// take returns the errors reported since the last take, or nil.
func (e *errRelay) take() error {
	if !e.pending.Load() {
		return nil
	}
	e.mu.Lock()
	msgs := e.msgs
	e.msgs = nil
	e.pending.Store(false)
	e.mu.Unlock()
	errs := make([]error, 0, len(msgs))
	for _, m := range msgs {
		// CheckedEntry writes "<time> write error: <err>\n".
		m = strings.TrimSuffix(m, "\n")
		if _, after, ok := strings.Cut(m, " write error: "); ok {
			m = after
		}
		errs = append(errs, errors.New("redact: wrapped core: "+m))
	}
	return errors.Join(errs...)
}

// summary is the value of the summary field.
type summary struct {
	count int
	keys  []string
}

func (s *summary) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddInt(KeySummaryCount, s.count)
	if len(s.keys) > 0 {
		return enc.AddArray(KeySummaryKeys, stringArray(s.keys))
	}
	return nil
}

type stringArray []string

func (a stringArray) MarshalLogArray(enc zapcore.ArrayEncoder) error {
	for _, s := range a {
		enc.AppendString(s)
	}
	return nil
}
