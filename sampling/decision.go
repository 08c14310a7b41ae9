package sampling

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/logger"
)

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

// A Decision is the sampling state of one request; it implements
// [logger.Decision]. Middleware embeds one in its per-request state (so a
// request costs no allocation for it), starts it with [Sampler.Begin], and
// stores it in the request context with [logger.WithDecision]. The
// decision itself is made on first use, once the route is known. The zero
// Decision keeps everything.
type Decision struct {
	s             *Sampler
	src           RouteSource
	method, route string // when src is nil
	sc            trace.SpanContext
	start         time.Time
	cell          uint32 // of the striped counters, for this request's lines
	state         atomic.Uint32
	rule          atomic.Pointer[ruleState]
	// deciding serialises the first use, so the route is asked and the
	// request counted once when its first lines come from several
	// goroutines at once. It is taken only while the state is undecided.
	deciding sync.Mutex
}

var _ logger.Decision = (*Decision)(nil)

// Begin starts d for a request whose route src will give, with trace
// context sc, arriving at start. It resets d, so a pooled Decision can be
// reused.
func (s *Sampler) Begin(d *Decision, src RouteSource, sc trace.SpanContext, start time.Time) {
	d.s, d.src, d.method, d.route, d.sc, d.start = s, src, "", "", sc, start
	d.cell = rand.Uint32()
	d.state.Store(undecided)
	d.rule.Store(nil)
}

// BeginRoute is [Sampler.Begin] for a request whose route is known at its
// head, as a gRPC call's full method is (method is "" there).
func (s *Sampler) BeginRoute(d *Decision, method, route string, sc trace.SpanContext, start time.Time) {
	s.Begin(d, nil, sc, start)
	d.method, d.route = method, route
}

func (d *Decision) resolve() uint32 {
	st := d.state.Load()
	if st != undecided || d.s == nil {
		return st
	}
	d.deciding.Lock()
	defer d.deciding.Unlock()
	if st := d.state.Load(); st != undecided {
		return st // decided by another goroutine meanwhile
	}
	method, route := d.method, d.route
	if d.src != nil {
		method, route = d.src.Route()
	}
	r, keep := d.s.decide(method, route, d.sc, d.start)
	v := dropped
	if keep {
		v = kept
	}
	d.rule.Store(r) // before the state, which readers load first
	d.state.Store(v)
	return v
}

// Keep reports whether the request's lines below Error are written.
func (d *Decision) Keep() bool {
	if d.s == nil {
		return true
	}
	st := d.resolve()
	return st&^forcedBit == kept || st&forcedBit != 0
}

// Forced reports whether the request was sampled out and then kept by
// [Decision.Force].
func (d *Decision) Forced() bool { return d.state.Load()&forcedBit != 0 }

// Dropped counts a line left out.
func (d *Decision) Dropped() {
	if r := d.rule.Load(); r != nil {
		r.droppedLines.addAt(d.cell, 1)
	}
}

// DropLine reports whether a line below Error is left out, and counts it
// when it is. It is the one call the logger core makes per line.
func (d *Decision) DropLine() bool {
	if d.s == nil {
		return false
	}
	st := d.state.Load()
	if st == undecided {
		st = d.resolve()
	}
	if st != dropped {
		return false
	}
	if r := d.rule.Load(); r != nil {
		r.droppedLines.addAt(d.cell, 1)
	}
	return true
}

// Force keeps the rest of a request's lines (its access line above all)
// although the head decision was to drop them, marked sampled="forced".
// Middleware calls it for server errors, panics and slow requests; it does
// nothing for a request that was kept anyway.
func (d *Decision) Force() {
	for {
		st := d.resolve()
		if st == kept || st&forcedBit != 0 || d.s == nil {
			return
		}
		if d.state.CompareAndSwap(st, st|forcedBit) {
			if r := d.rule.Load(); r != nil {
				r.forcedRequests.Add(1) // it was not dropped after all
			}
			return
		}
	}
}

// Slow reports whether a request that took d counts as slow.
func (s *Sampler) Slow(d time.Duration) bool { return s.cfg.slow > 0 && d >= s.cfg.slow }
