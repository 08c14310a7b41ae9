package tracelog

import (
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// millisDurations returns fields with each duration replaced by a float of
// milliseconds under the same key, the unit tracelog's JSON lines write
// (see [FloatMillisDurationEncoder]). The OpenTelemetry export gets it, so
// an exported record carries the same number as its stdout line: the
// otelzap bridge would otherwise export an integer of nanoseconds, whose
// unit a log store cannot tell. fields is never modified; it is returned
// as it is when it holds no duration. Durations inside objects and arrays
// are left to their marshalers.
func millisDurations(fields []zapcore.Field) []zapcore.Field {
	i := 0
	for i < len(fields) && fields[i].Type != zapcore.DurationType {
		i++
	}
	if i == len(fields) {
		return fields
	}
	out := make([]zapcore.Field, len(fields))
	copy(out, fields)
	for ; i < len(out); i++ {
		if f := out[i]; f.Type == zapcore.DurationType {
			out[i] = zap.Float64(f.Key, float64(time.Duration(f.Integer))/float64(time.Millisecond))
		}
	}
	return out
}
