package logger

import (
	"io"
	"os"

	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/errkey"
	"github.com/tracelog/tracelog/internal/sink"
)

// An Option configures the core built by [NewCore]. Options are sealed: only
// this package's With* functions make them.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// DefaultSpanCacheSize is the number of spans, per core, whose trace fields
// are kept encoded; see [WithSpanCacheSize].
const DefaultSpanCacheSize = 128

// derivedCacheSize bounds the span cache of a core derived with With
// fields: such cores are often made per request, and a small cache keeps
// them cheap (256 bytes once a span logs through one).
const derivedCacheSize = 16

// maxSpanCacheSize caps WithSpanCacheSize: 16 bytes a slot, 1 MiB a core.
const maxSpanCacheSize = 1 << 16

type config struct {
	profiles    []Profile   // the first names every key; the others add trace keys
	trace       []traceKeys // of profiles, resolved once
	errKeys     errkey.Renamer
	tracebacks  bool   // stacks in the shape of a Go traceback (Profile.TracebackStacks)
	sampledKey  string // the first profile's SampledKey
	spanEvents  zapcore.LevelEnabler
	cacheSize   int
	errorOutput zapcore.WriteSyncer
}

func newConfig(opts []Option) *config {
	c := &config{
		profiles:    []Profile{OTel()},
		cacheSize:   DefaultSpanCacheSize,
		errorOutput: sink.Writer(os.Stderr),
	}
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	for _, p := range c.profiles {
		c.trace = append(c.trace, p.traceKeys())
	}
	k := c.profiles[0].Keys()
	c.errKeys = errkey.For(k[ErrorKey], k[ErrorKindKey])
	c.sampledKey = k[SampledKey]
	c.tracebacks = c.profiles[0].TracebackStacks()
	return c
}

// WithProfiles replaces the key profiles (default: [OTel] alone). The
// first names every key of the line (see [Profile]); the others add their
// trace keys beside the first's, for a backend that reads another
// profile's trace keys. A kind named twice keeps the last one. With no
// profiles the default stays.
func WithProfiles(profiles ...Profile) Option {
	return optionFunc(func(c *config) {
		if len(profiles) == 0 {
			return
		}
		c.profiles = dedupeProfiles(profiles)
	})
}

func dedupeProfiles(in []Profile) []Profile {
	out := make([]Profile, 0, len(in))
	for _, p := range in {
		replaced := false
		for i := range out {
			if out[i].kind == p.kind {
				out[i] = p
				replaced = true
			}
		}
		if !replaced {
			out = append(out, p)
		}
	}
	return out
}

// WithSpanEvents copies every line enabled by level onto the line's active,
// recording span as a span event named "log", and sets the span status to
// Error for lines at Error level or above. It is off by default; a nil
// level is ignored. It costs an attribute conversion per copied line.
func WithSpanEvents(level zapcore.LevelEnabler) Option {
	return optionFunc(func(c *config) {
		if level != nil {
			c.spanEvents = level
		}
	})
}

// WithSpanCacheSize sets how many spans per core keep their trace fields
// encoded, so that the second and later lines of a span reuse them
// (default [DefaultSpanCacheSize]). Zero or less turns the cache off: every
// line then encodes its trace fields itself, at about a third more time.
// The size is rounded up to a power of two, and capped at 65536. Cores
// derived with With fields keep at most 16 spans each.
func WithSpanCacheSize(n int) Option {
	return optionFunc(func(c *config) { c.cacheSize = n })
}

// WithErrorOutput replaces where failures of the wrapped core's Write are
// reported (default standard error), as zap's ErrorOutput option does for a
// logger. Writes are serialized with a lock. A nil writer is
// ignored.
func WithErrorOutput(w io.Writer) Option {
	return optionFunc(func(c *config) {
		if w != nil {
			c.errorOutput = sink.Writer(w)
		}
	})
}
