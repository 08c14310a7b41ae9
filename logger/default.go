package logger

import (
	"os"
	"sync"
	"sync/atomic"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// fallback is the logger SetDefault stored; nil until a call.
var fallback atomic.Pointer[zap.Logger]

// SetDefault makes l the logger of code that has none: [FromContext] on a
// context that stores no logger, and the middleware of httplog and grpclog
// given a nil logger. tracelog.New calls it with the logger it builds
// (unless told not to), so a line logged from a goroutine of
// context.Background(), a cron job or main is written, not lost. The last
// call wins; a nil l forgets the logger set before. Safe for concurrent use.
func SetDefault(l *zap.Logger) { fallback.Store(l) }

// Default returns the logger of code that has none, never a logger that
// writes nothing unless asked to: the one [SetDefault] stored; else [zap.L]
// when the program replaced zap's globals; else a logger that writes JSON
// lines of Info and above, with their trace keys, to standard error (built
// once).
func Default() *zap.Logger {
	if l := fallback.Load(); l != nil {
		return l
	}
	if l := zap.L(); l.Core() != zapcore.NewNopCore() {
		return l
	}
	return stderrLogger()
}

// stderrLogger is the last resort of Default: zap's production encoder,
// over a tracelog core, to standard error.
var stderrLogger = sync.OnceValue(func() *zap.Logger {
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	core := zapcore.NewCore(enc, zapcore.Lock(os.Stderr), zapcore.InfoLevel)
	return zap.New(NewCore(core), zap.AddCaller(), zap.AddStacktrace(zapcore.ErrorLevel))
})
