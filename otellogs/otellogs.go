package otellogs

import (
	"go.opentelemetry.io/contrib/bridges/otelzap"
	"go.opentelemetry.io/otel/log"

	"github.com/tracelog/tracelog"
)

// ScopeName is the instrumentation scope of the records sent.
const ScopeName = "github.com/tracelog/tracelog"

// WithLoggerProvider returns an option of [tracelog.New] that also sends
// every line to lp through the otelzap bridge, as a tee
// ([tracelog.WithTee]). A nil lp gives a nil option, which New ignores.
func WithLoggerProvider(lp log.LoggerProvider) tracelog.Option {
	if lp == nil {
		return nil
	}
	return tracelog.WithTee(millisCore{otelzap.NewCore(ScopeName, otelzap.WithLoggerProvider(lp))})
}
