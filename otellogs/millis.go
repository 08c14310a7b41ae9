package otellogs

import (
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// millisCore passes lines to the bridge with their durations as floats of
// milliseconds, the unit tracelog's JSON lines write
// ([tracelog.FloatMillisDurationEncoder]), so a record carries the same
// number as its stdout line: the bridge alone would export an integer of
// nanoseconds, whose unit a log store cannot tell.
type millisCore struct{ zapcore.Core }

var _ zapcore.Core = millisCore{}

// Level reports the level of the wrapped core.
func (c millisCore) Level() zapcore.Level { return zapcore.LevelOf(c.Core) }

// With converts the durations among fields.
func (c millisCore) With(fields []zapcore.Field) zapcore.Core {
	return millisCore{c.Core.With(millisDurations(fields))}
}

// Check adds this core, so that Write converts the line's fields.
func (c millisCore) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.Enabled(ent.Level) {
		return ce.AddCore(ent, c)
	}
	return ce
}

// Write converts the durations among fields and writes the line.
func (c millisCore) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	return c.Core.Write(ent, millisDurations(fields))
}

// millisDurations returns fields with each duration replaced by a float of
// milliseconds under the same key, the unit tracelog's JSON lines write
// (see [FloatMillisDurationEncoder]); durations that objects (such as the
// access lines of httplog and grpclog, inlined) add are converted too. The
// OpenTelemetry export gets it, so an exported record carries the same
// number as its stdout line: the otelzap bridge would otherwise export an
// integer of nanoseconds, whose unit a log store cannot tell. fields is
// never modified; it is returned as it is when it holds neither a
// duration nor an object. Durations inside arrays are left as they are.
func millisDurations(fields []zapcore.Field) []zapcore.Field {
	i := 0
	for i < len(fields) && !convertible(fields[i]) {
		i++
	}
	if i == len(fields) {
		return fields
	}
	out := make([]zapcore.Field, len(fields))
	copy(out, fields)
	for ; i < len(out); i++ {
		f := out[i]
		switch f.Type {
		case zapcore.DurationType:
			out[i] = zap.Float64(f.Key, millis(time.Duration(f.Integer)))
		case zapcore.ObjectMarshalerType, zapcore.InlineMarshalerType:
			if m, ok := f.Interface.(zapcore.ObjectMarshaler); ok {
				out[i].Interface = millisObject{m}
			}
		}
	}
	return out
}

func convertible(f zapcore.Field) bool {
	switch f.Type {
	case zapcore.DurationType, zapcore.ObjectMarshalerType, zapcore.InlineMarshalerType:
		return true
	}
	return false
}

func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// millisObject marshals an object through an encoder that writes its
// durations (and those of the objects within it) as milliseconds.
type millisObject struct{ m zapcore.ObjectMarshaler }

var _ zapcore.ObjectMarshaler = millisObject{}

// MarshalLogObject marshals the wrapped object.
func (o millisObject) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	return o.m.MarshalLogObject(millisEncoder{enc})
}

// millisEncoder writes durations as floats of milliseconds.
type millisEncoder struct{ zapcore.ObjectEncoder }

func (e millisEncoder) AddDuration(key string, d time.Duration) {
	e.ObjectEncoder.AddFloat64(key, millis(d))
}

func (e millisEncoder) AddObject(key string, m zapcore.ObjectMarshaler) error {
	return e.ObjectEncoder.AddObject(key, millisObject{m})
}
