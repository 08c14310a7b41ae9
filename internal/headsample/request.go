package headsample

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// An Engine decides for requests: a head sampler.
type Engine interface {
	// Decide decides for a request of route (method is the request's
	// method, "" for gRPC) with trace context sc, arriving at start, and
	// returns the counters of the rule that decided. It does not allocate.
	Decide(method, route string, sc trace.SpanContext, start time.Time) (*Counts, bool)
	// Slow reports whether a request that took d counts as slow, which
	// keeps its access line although the request was sampled out.
	Slow(d time.Duration) bool
}

// A RouteSource gives a request's method and route once routing has
// happened. Middleware implements it on its per-request state, so that the
// decision can wait until the route is known.
type RouteSource interface {
	Route() (method, route string)
}

const (
	undecided uint32 = iota
	kept
	dropped
	forcedBit uint32 = 4
)

// A Request is the sampling state of one request; it implements
// [Decision]. Middleware embeds one in its per-request state (so a request
// costs no allocation for it), starts it with [Request.Begin], and stores
// it in the request context with [With]. The decision itself is made on
// first use, once the route is known. The zero Request keeps everything.
type Request struct {
	e             Engine
	src           RouteSource
	method, route string // when src is nil
	sc            trace.SpanContext
	start         time.Time
	cell          uint32 // of the striped counters, for this request's lines
	state         atomic.Uint32
	rule          atomic.Pointer[Counts]
	// deciding serialises the first use, so the route is asked and the
	// request counted once when its first lines come from several
	// goroutines at once. It is taken only while the state is undecided.
	deciding sync.Mutex
}

var _ Decision = (*Request)(nil)

// Begin starts r for a request whose route src will give, with trace
// context sc, arriving at start, decided by e. It resets r, so a pooled
// Request can be reused.
func (r *Request) Begin(e Engine, src RouteSource, sc trace.SpanContext, start time.Time) {
	r.e, r.src, r.method, r.route, r.sc, r.start = e, src, "", "", sc, start
	r.cell = rand.Uint32()
	r.state.Store(undecided)
	r.rule.Store(nil)
}

// BeginRoute is [Request.Begin] for a request whose route is known at its
// head, as a gRPC call's full method is (method is "" there).
func (r *Request) BeginRoute(e Engine, method, route string, sc trace.SpanContext, start time.Time) {
	r.Begin(e, nil, sc, start)
	r.method, r.route = method, route
}

func (r *Request) resolve() uint32 {
	st := r.state.Load()
	if st != undecided || r.e == nil {
		return st
	}
	r.deciding.Lock()
	defer r.deciding.Unlock()
	if st := r.state.Load(); st != undecided {
		return st // decided by another goroutine meanwhile
	}
	method, route := r.method, r.route
	if r.src != nil {
		method, route = r.src.Route()
	}
	c, keep := r.e.Decide(method, route, r.sc, r.start)
	v := dropped
	if keep {
		v = kept
	}
	r.rule.Store(c) // before the state, which readers load first
	r.state.Store(v)
	return v
}

// Keep reports whether the request's lines below Error are written.
func (r *Request) Keep() bool {
	if r.e == nil {
		return true
	}
	st := r.resolve()
	return st&^forcedBit == kept || st&forcedBit != 0
}

// Forced reports whether the request was sampled out and then kept by
// [Request.Force].
func (r *Request) Forced() bool { return r.state.Load()&forcedBit != 0 }

// Dropped counts a line left out.
func (r *Request) Dropped() {
	if c := r.rule.Load(); c != nil {
		c.DroppedLines.AddAt(r.cell, 1)
	}
}

// DropLine reports whether a line below Error is left out, and counts it
// when it is. It is the one call the logger core makes per line.
func (r *Request) DropLine() bool {
	if r.e == nil {
		return false
	}
	st := r.state.Load()
	if st == undecided {
		st = r.resolve()
	}
	if st != dropped {
		return false
	}
	if c := r.rule.Load(); c != nil {
		c.DroppedLines.AddAt(r.cell, 1)
	}
	return true
}

// Force keeps the rest of a request's lines (its access line above all)
// although the head decision was to drop them, marked as forced.
// Middleware calls it for server errors, panics and slow requests; it does
// nothing for a request that was kept anyway.
func (r *Request) Force() {
	for {
		st := r.resolve()
		if st == kept || st&forcedBit != 0 || r.e == nil {
			return
		}
		if r.state.CompareAndSwap(st, st|forcedBit) {
			if c := r.rule.Load(); c != nil {
				c.ForcedRequests.Add(1) // it was not dropped after all
			}
			return
		}
	}
}

// Slow reports whether e counts a request that took d as slow; false for
// a nil e.
func Slow(e Engine, d time.Duration) bool { return e != nil && e.Slow(d) }
