// Package sink turns the io.Writers users give tracelog into the
// zapcore.WriteSyncers zap writes to: one lock per writer, and a Sync that
// is an error only where syncing means something.
package sink
