package corewrite

import (
	"fmt"
	"io"
	"reflect"

	"go.uber.org/zap/zapcore"
)

// PlainChecker is implemented by cores whose Check adds the core itself
// when Enabled reports the entry's level, and does nothing else: no hook, no
// other core, no state. PlainCheck reports whether that holds for this
// core value (a core may hold only for some of its configurations).
type PlainChecker interface {
	PlainCheck() bool
}

// ioCoreType is the type zapcore.NewCore returns. Its Check adds the core
// when the level is enabled, and nothing else.
var ioCoreType = reflect.TypeOf(zapcore.NewCore(
	zapcore.NewJSONEncoder(zapcore.EncoderConfig{}), zapcore.AddSync(io.Discard), zapcore.DebugLevel))

// Plain reports whether c's Check is known to be plain: zapcore.NewCore's
// cores, and cores that say so through PlainChecker.
func Plain(c zapcore.Core) bool {
	if reflect.TypeOf(c) == ioCoreType {
		return true
	}
	p, ok := c.(PlainChecker)
	return ok && p.PlainCheck()
}

// FieldsReleaser is implemented by cores that can tell whether their
// Write keeps anything of the fields it is given once it returns.
// ReleasesFields reports that it keeps nothing: no slice, no value, no
// bytes a value points to, in this core, in the cores it writes to, and in
// the cores With derives from either. A core wrapping such a core may then
// reuse the memory of the fields it passes down as soon as Write returns.
type FieldsReleaser interface {
	ReleasesFields() bool
}

// Transient reports whether c is known to keep nothing of the fields its
// Write is given once Write returns: zapcore.NewCore's cores, which encode
// the line before they return (their encoders are zap's, which keep no
// field either), and cores that say so through FieldsReleaser. Cores that
// may keep fields, such as zaptest/observer's, tees of them, or any core
// that does not say, are not transient.
func Transient(c zapcore.Core) bool {
	if reflect.TypeOf(c) == ioCoreType {
		return true
	}
	r, ok := c.(FieldsReleaser)
	return ok && r.ReleasesFields()
}

// Write writes ent with fields through next as next.Check(ent, nil)
// followed by the CheckedEntry's Write would: a failed write is reported to
// errOut as a CheckedEntry reports it ("<time> write error: <err>"). When
// plain (see [Plain]), it calls next.Write directly; then, with a nil
// errOut, the write's error is returned instead of reported. Otherwise
// Write returns nil.
func Write(next zapcore.Core, plain bool, ent zapcore.Entry, fields []zapcore.Field, errOut zapcore.WriteSyncer) error {
	if !plain {
		if ce := next.Check(ent, nil); ce != nil {
			ce.ErrorOutput = errOut
			ce.Write(fields...)
		}
		return nil
	}
	if !next.Enabled(ent.Level) {
		return nil
	}
	err := next.Write(ent, fields)
	if err == nil || errOut == nil {
		return err
	}
	_, _ = fmt.Fprintf(errOut, "%v write error: %v\n", ent.Time, err)
	_ = errOut.Sync()
	return nil
}
