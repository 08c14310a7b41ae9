package tracefind

import "runtime"

// An Option configures [Find] and [Stats]. Options are sealed: only this
// package's With* functions make them.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// DefaultMaxRoutes is how many routes [Stats] tracks before it adds the
// rest into one "(other)" bucket.
const DefaultMaxRoutes = 1000

type config struct {
	maxLine   int
	maxRoutes int
	parallel  bool
}

func newConfig(opts []Option) config {
	c := config{maxLine: DefaultMaxLine, maxRoutes: DefaultMaxRoutes, parallel: runtime.GOMAXPROCS(0) > 1}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// minMaxLine is the smallest line limit accepted.
const minMaxLine = 256

// WithMaxLine replaces the line limit (default [DefaultMaxLine]): longer
// lines are skipped and counted. It is also the size of the read buffer.
// Values below 256 bytes are raised to 256.
func WithMaxLine(n int) Option {
	return optionFunc(func(c *config) { c.maxLine = max(n, minMaxLine) })
}

// WithMaxRoutes replaces how many routes [Stats] tracks (default
// [DefaultMaxRoutes]); lines of further routes go to one "(other)" bucket.
// Values below 1 are raised to 1.
func WithMaxRoutes(n int) Option {
	return optionFunc(func(c *config) { c.maxRoutes = max(n, 1) })
}

// WithParallel replaces whether an input is read in a goroutine of its
// own while the caller's goroutine searches it (default: when GOMAXPROCS
// is above 1). On two cores it nearly halves the time of a search of
// uncompressed data held in the page cache, and helps more with gzip.
func WithParallel(on bool) Option {
	return optionFunc(func(c *config) { c.parallel = on })
}
