package logger

import (
	"encoding/binary"
	"sync/atomic"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap/zapcore"
)

// spanCache keeps, for a bounded number of spans, a child of the wrapped
// core made with With(trace fields), so that the trace fields of a span are
// encoded once rather than on every line. It is direct-mapped on the span
// ID: a fixed array of slots, each replaced without locks when another span
// lands on it, so memory never grows with traffic.
//
// A span's first line does not build a child: most spans log once (an
// access line), and encoding three fields inline is cheaper than a With.
// The slot remembers the span, and its second line builds the child.
type spanCache struct {
	mask  uint64
	slots []cacheSlot
}

type cacheSlot struct {
	seen  atomic.Uint64
	child atomic.Pointer[cachedChild]
}

type cachedChild struct {
	tid   trace.TraceID
	sid   trace.SpanID
	flags trace.TraceFlags
	core  zapcore.Core
}

// lazyCache allocates its spanCache on first use, so that cores that never
// see a span cost nothing; cores derived with With fields, often made per
// request, get a small one (derivedCacheSize).
type lazyCache struct {
	size int
	p    atomic.Pointer[spanCache]
}

func newLazyCache(size int) *lazyCache {
	if size <= 0 {
		return nil
	}
	size = min(size, maxSpanCacheSize)
	n := 1
	for n < size {
		n <<= 1
	}
	return &lazyCache{size: n}
}

func (l *lazyCache) load() *spanCache {
	if c := l.p.Load(); c != nil {
		return c
	}
	c := &spanCache{mask: uint64(l.size - 1), slots: make([]cacheSlot, l.size)}
	if l.p.CompareAndSwap(nil, c) {
		return c
	}
	return l.p.Load()
}

// child returns the cached child of next for sc (with the trace fields,
// then nested), building it on the span's second line, or nil when the
// caller should write the fields inline.
func (l *lazyCache) child(next zapcore.Core, sc trace.SpanContext, profiles []traceKeys, nested []zapcore.Field) zapcore.Core {
	if l == nil {
		return nil
	}
	c := l.load()
	sid := sc.SpanID()
	key := binary.LittleEndian.Uint64(sid[:])
	s := &c.slots[key&c.mask]
	tid, flags := sc.TraceID(), sc.TraceFlags()
	if ch := s.child.Load(); ch != nil && ch.sid == sid && ch.tid == tid && ch.flags == flags {
		return ch.core
	}
	if s.seen.Load() != key {
		s.seen.Store(key)
		return nil
	}
	fields := appendTraceFields(make([]zapcore.Field, 0, fieldCount(profiles)+len(nested)), profiles, sc)
	fields = append(fields, nested...)
	ch := &cachedChild{tid: tid, sid: sid, flags: flags, core: next.With(fields)}
	s.child.Store(ch)
	return ch.core
}

func fieldCount(profiles []traceKeys) int {
	n := 0
	for _, p := range profiles {
		n += p.numFields()
	}
	return n
}
