package sampling

import (
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/internal/headsample"
)

// engine is what the middleware sees of a Sampler (through the logger's
// core, see NewCore): the decision for a request and the slow threshold.
// It is a type of its own so that these are no part of Sampler's API.
type engine struct{ s *Sampler }

var _ headsample.Engine = engine{}

// Decide decides for one request without allocating, and returns the
// counters of the rule that decided.
func (e engine) Decide(method, route string, sc trace.SpanContext, start time.Time) (*headsample.Counts, bool) {
	r, keep := e.s.decide(method, route, sc, start)
	return &r.Counts, keep
}

// Slow reports whether a request that took d counts as slow.
func (e engine) Slow(d time.Duration) bool { return e.s.cfg.slow > 0 && d >= e.s.cfg.slow }
