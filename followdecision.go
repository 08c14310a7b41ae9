package tracelog

import (
	"context"

	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/ctxfield"
	"github.com/tracelog/tracelog/internal/headsample"
)

// followDecision keeps a core beside the tracelog core (the OpenTelemetry
// Logs export) to the requests' sampling decisions, as the tracelog core
// keeps its output: lines below Error of a sampled-out request are left
// out. It counts nothing; the tracelog core in the same tee counts them.
type followDecision struct {
	zapcore.Core
	level  zapcore.LevelEnabler // the logger's level
	d      headsample.Decision  // bound by With, if any
	errOut zapcore.WriteSyncer
}

var _ zapcore.Core = (*followDecision)(nil)

// Level reports the higher of the logger's level and the wrapped core's.
func (c *followDecision) Level() zapcore.Level {
	return max(zapcore.LevelOf(c.level), zapcore.LevelOf(c.Core))
}

// Enabled is false below the logger's level, and below Error in a
// sampled-out request.
func (c *followDecision) Enabled(l zapcore.Level) bool {
	return c.level.Enabled(l) && !sampledOut(c.d, l) && c.Core.Enabled(l)
}

// With binds the decision of a context field, if any.
func (c *followDecision) With(fields []zapcore.Field) zapcore.Core {
	d := c.d
	if fd := decisionOf(fields); fd != nil {
		d = fd
	}
	return &followDecision{Core: c.Core.With(fields), level: c.level, d: d, errOut: c.errOut}
}

// Check adds this core unless the bound request was sampled out; the
// wrapped core's Check runs in Write, once the line's own context is known.
func (c *followDecision) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.Enabled(ent.Level) {
		return ce.AddCore(ent, c)
	}
	return ce
}

// Write leaves out a line whose own context's request was sampled out,
// and writes the others through the wrapped core.
func (c *followDecision) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	if sampledOut(decisionOf(fields), ent.Level) {
		return nil
	}
	if ce := c.Core.Check(ent, nil); ce != nil {
		ce.ErrorOutput = c.errOut
		ce.Write(fields...)
	}
	return nil
}

// decisionOf returns the decision of the last context field that has one.
func decisionOf(fields []zapcore.Field) headsample.Decision {
	var d headsample.Decision
	for _, f := range fields {
		if ctxfield.Is(f) {
			if fd := headsample.FromContext(f.Interface.(context.Context)); fd != nil {
				d = fd
			}
		}
	}
	return d
}

func sampledOut(d headsample.Decision, l zapcore.Level) bool {
	return d != nil && l < zapcore.ErrorLevel && !d.Keep()
}
