package sink

import (
	"io"
	"os"

	"go.uber.org/zap/zapcore"
)

// Writer returns w as a zapcore.WriteSyncer whose writes are serialized
// with a lock. An *os.File that is not a regular file (a terminal, a pipe,
// /dev/null, a socket) syncs as a no-op: fsync on those fails with
// "invalid argument" on Linux and "operation not supported" on macOS,
// though nothing was lost, so `defer log.Sync()` on stdout reports
// nothing. A regular file is fsynced as zap does; a WriteSyncer keeps its
// own Sync; any other writer syncs as a no-op.
func Writer(w io.Writer) zapcore.WriteSyncer {
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
			return zapcore.Lock(unsynced{f})
		}
	}
	return zapcore.Lock(zapcore.AddSync(w))
}

// unsynced writes to a stream that has nothing to flush.
type unsynced struct{ io.Writer }

// Sync has nothing to flush.
func (unsynced) Sync() error { return nil }
