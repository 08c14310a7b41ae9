package headsample

import "go.uber.org/zap"

// A Carrier is a core that carries the head sampler of the logger built
// on it (package sampling's core does).
type Carrier interface {
	HeadSampler() Engine
}

// FromLogger returns the head sampler of log's core, or nil when log is
// nil or its core carries none.
func FromLogger(log *zap.Logger) Engine {
	if log == nil {
		return nil
	}
	if c, ok := log.Core().(Carrier); ok {
		return c.HeadSampler()
	}
	return nil
}
