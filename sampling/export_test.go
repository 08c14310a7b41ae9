package sampling

import (
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/internal/headsample"
)

// What the middleware reaches through headsample, for this package's
// black-box tests.

type (
	Decision    = headsample.Request
	RouteSource = headsample.RouteSource
)

func (s *Sampler) Decide(method, route string, sc trace.SpanContext, now time.Time) bool {
	_, keep := engine{s}.Decide(method, route, sc, now)
	return keep
}

func (s *Sampler) Begin(d *Decision, src RouteSource, sc trace.SpanContext, start time.Time) {
	d.Begin(engine{s}, src, sc, start)
}

func (s *Sampler) Slow(d time.Duration) bool { return engine{s}.Slow(d) }

func (s *Sampler) SlowThreshold() time.Duration { return s.cfg.slow }
