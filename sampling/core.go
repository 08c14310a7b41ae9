package sampling

import (
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/headsample"
	"github.com/tracelog/tracelog/logger"
)

// NewCore ties s to the logger built on the core it returns, which writes
// through next:
//   - httplog's and grpclog's middleware given that logger (or one derived
//     from it) sample their requests with s, so the sampler is configured in
//     one place;
//   - s writes its summary lines through next, unless New was given a
//     logger for them;
//   - Sync writes s's pending summary lines before syncing next.
//
// tracelog.New does this for its WithSampler option. Install it outermost:
// a core wrapped around it hides s from the middleware. A nil s returns
// next as it is.
func NewCore(next zapcore.Core, s *Sampler) zapcore.Core {
	if s == nil {
		return next
	}
	if !s.ownLog {
		s.setLogger(zap.New(next))
	}
	return &carrierCore{Core: next, s: s}
}

// carrierCore carries a Sampler for the middleware and flushes its
// summaries on Sync.
type carrierCore struct {
	zapcore.Core
	s *Sampler
}

var (
	_ zapcore.Core       = (*carrierCore)(nil)
	_ headsample.Carrier = (*carrierCore)(nil)
)

// Level reports the level of the wrapped core.
func (c *carrierCore) Level() zapcore.Level { return zapcore.LevelOf(c.Core) }

// With keeps the sampler on derived loggers.
func (c *carrierCore) With(fields []zapcore.Field) zapcore.Core {
	return &carrierCore{Core: c.Core.With(fields), s: c.s}
}

// Check adds the wrapped core's own check, so this wrapper costs nothing
// per line.
func (c *carrierCore) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	return c.Core.Check(ent, ce)
}

// Sync writes the sampler's summary, then syncs the wrapped core.
func (c *carrierCore) Sync() error {
	c.s.Flush()
	return c.Core.Sync()
}

// HeadSampler returns the sampler, for the middleware.
func (c *carrierCore) HeadSampler() headsample.Engine { return engine{c.s} }

// Profile returns the profile of the wrapped core (see
// logger.ProfileCarrier), so that the middleware follows it.
func (c *carrierCore) Profile() (logger.Profile, bool) { return logger.ProfileOfCore(c.Core) }
