package sampling

import (
	"time"

	"go.opentelemetry.io/otel/metric"
)

// An Option configures a [Sampler].
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// Defaults of a Sampler.
const (
	DefaultSummaryInterval = time.Minute
	DefaultSlowThreshold   = time.Second
)

type config struct {
	def             Rule
	ratio           RatioMethod
	followTrace     bool
	slow            time.Duration
	summaryInterval time.Duration
	meterProvider   metric.MeterProvider
}

func newConfig(opts []Option) *config {
	c := &config{
		def:             KeepAll(DefaultRoute),
		slow:            DefaultSlowThreshold,
		summaryInterval: DefaultSummaryInterval,
	}
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	return c
}

// WithDefault replaces the rule of routes no rule names (default: keep
// all). Its Route is set to [DefaultRoute].
func WithDefault(r Rule) Option {
	return optionFunc(func(c *config) { r.Route = DefaultRoute; c.def = r })
}

// WithRatioMethod replaces how "1 in N" picks the traces it keeps (default
// [DefaultRatioMethod]; see [RatioMethod] for the two and the reason for
// the default). Every service that sees a trace should use the same.
func WithRatioMethod(m RatioMethod) Option {
	return optionFunc(func(c *config) { c.ratio = m })
}

// WithFollowTrace keeps every request whose incoming trace is sampled
// (trace_flags 01), so logs exist for every trace a tracing backend holds.
func WithFollowTrace() Option {
	return optionFunc(func(c *config) { c.followTrace = true })
}

// WithSlowThreshold replaces the duration (default [DefaultSlowThreshold])
// above which a sampled-out request's access line is kept anyway. Zero or
// less turns that off.
func WithSlowThreshold(d time.Duration) Option {
	return optionFunc(func(c *config) { c.slow = d })
}

// WithSummaryInterval replaces how often summary lines are written (default
// [DefaultSummaryInterval]). Zero or less writes them only on Flush and
// Close, and starts no goroutine.
func WithSummaryInterval(d time.Duration) Option {
	return optionFunc(func(c *config) { c.summaryInterval = d })
}

// WithMeterProvider also counts dropped lines and requests in OpenTelemetry
// metrics (asynchronous counters, read at collection, so nothing is added
// per line). For the global provider, pass otel.GetMeterProvider(): it
// forwards to a provider set later with otel.SetMeterProvider. A nil
// provider is ignored.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c *config) {
		if mp != nil {
			c.meterProvider = mp
		}
	})
}
