package logger

import (
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap/zapcore"
)

// EncoderConfig returns ec with the record keys of p (time, level,
// message, logger, caller, stack) and p's formats of levels, durations
// and callers, for the JSON encoder. Only the JSON encoder gets the
// caller's line under a key of its own (or GCP's sourceLocation object);
// others get "file:line" under the caller key. tracelog.New uses it; users
// who build their own encoder can too.
func (p Profile) EncoderConfig(ec zapcore.EncoderConfig) zapcore.EncoderConfig {
	k := p.Keys()
	ec.TimeKey, ec.LevelKey, ec.MessageKey = k[TimeKey], k[LevelKey], k[MessageKey]
	ec.NameKey, ec.CallerKey, ec.StacktraceKey = k[LoggerKey], k[CallerKey], k[StackKey]
	ec.FunctionKey = k[FunctionKey]
	ec.EncodeCaller = splitCaller(k[CallerLineKey]).encode
	switch p.kind {
	case kindGCP:
		ec.EncodeLevel = gcpLevel
		ec.EncodeDuration = SecondsDurationEncoder
		ec.FunctionKey = ""
		ec.EncodeCaller = sourceLocation{line: k[CallerLineKey], function: k[FunctionKey]}.encode
	case kindECS:
		ec.EncodeDuration = zapcore.NanosDurationEncoder
	case kindDatadog:
		ec.EncodeLevel = datadogLevel
		ec.EncodeDuration = zapcore.NanosDurationEncoder
	default:
		ec.EncodeDuration = MillisDurationEncoder
	}
	return ec
}

// MillisDurationEncoder writes a duration as a floating-point number of
// milliseconds (1.5 for 1500µs), the unit of the OTel profile.
func MillisDurationEncoder(d time.Duration, enc zapcore.PrimitiveArrayEncoder) {
	enc.AppendFloat64(float64(d) / float64(time.Millisecond))
}

// SecondsDurationEncoder writes a duration as the JSON form of a protobuf
// Duration, seconds with up to nine decimals and an "s" ("0.042s"), the
// form of Cloud Logging's HttpRequest.latency.
func SecondsDurationEncoder(d time.Duration, enc zapcore.PrimitiveArrayEncoder) {
	var buf [32]byte
	b := buf[:0]
	u := uint64(d)
	if d < 0 {
		b = append(b, '-')
		u = -u
	}
	b = strconv.AppendUint(b, u/1e9, 10)
	if ns := u % 1e9; ns != 0 {
		var frac [10]byte
		f := strconv.AppendUint(frac[:0], 1e9+ns, 10)[1:] // nine digits
		for f[len(f)-1] == '0' {
			f = f[:len(f)-1]
		}
		b = append(append(b, '.'), f...)
	}
	enc.AppendByteString(append(b, 's'))
}

// gcpLevel writes zap's levels as Cloud Logging's LogSeverity names.
func gcpLevel(l zapcore.Level, enc zapcore.PrimitiveArrayEncoder) {
	switch l {
	case zapcore.DebugLevel:
		enc.AppendString("DEBUG")
	case zapcore.InfoLevel:
		enc.AppendString("INFO")
	case zapcore.WarnLevel:
		enc.AppendString("WARNING")
	case zapcore.ErrorLevel:
		enc.AppendString("ERROR")
	case zapcore.DPanicLevel:
		enc.AppendString("CRITICAL")
	case zapcore.PanicLevel:
		enc.AppendString("ALERT")
	case zapcore.FatalLevel:
		enc.AppendString("EMERGENCY")
	default:
		enc.AppendString("DEFAULT")
	}
}

// datadogLevel writes zap's levels as the statuses Datadog's status
// remapper reads: zap's own names, but for dpanic, panic and fatal, whose
// first letters it would take for debug and nothing.
func datadogLevel(l zapcore.Level, enc zapcore.PrimitiveArrayEncoder) {
	switch l {
	case zapcore.DPanicLevel:
		enc.AppendString("critical")
	case zapcore.PanicLevel:
		enc.AppendString("alert")
	case zapcore.FatalLevel:
		enc.AppendString("emergency")
	default:
		enc.AppendString(l.String())
	}
}

// splitCaller writes the caller's file (the last directory and the file
// name, as zap's ShortCallerEncoder) under the caller key and its line
// under a key of its own when it is not "" and the encoder is a JSON
// object; else "file:line".
type splitCaller string

func (lineKey splitCaller) encode(c zapcore.EntryCaller, enc zapcore.PrimitiveArrayEncoder) {
	file := trimmedPath(c.File)
	if oe, ok := enc.(zapcore.ObjectEncoder); ok && lineKey != "" {
		enc.AppendString(file)
		oe.AddInt(string(lineKey), c.Line)
		return
	}
	var buf [128]byte
	b := append(buf[:0], file...)
	b = append(b, ':')
	enc.AppendByteString(strconv.AppendInt(b, int64(c.Line), 10))
}

// sourceLocation writes the caller as Cloud Logging's LogEntrySourceLocation
// object: file, line (an int64, a string in JSON) and function.
type sourceLocation struct{ line, function string }

func (s sourceLocation) encode(c zapcore.EntryCaller, enc zapcore.PrimitiveArrayEncoder) {
	ae, ok := enc.(zapcore.ArrayEncoder)
	if _, isObject := enc.(zapcore.ObjectEncoder); !ok || !isObject {
		splitCaller("").encode(c, enc)
		return
	}
	_ = ae.AppendObject(sourceObject{c: c, s: s})
}

type sourceObject struct {
	c zapcore.EntryCaller
	s sourceLocation
}

func (o sourceObject) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddString("file", trimmedPath(o.c.File))
	if o.s.line != "" {
		var buf [20]byte
		enc.AddByteString(o.s.line, strconv.AppendInt(buf[:0], int64(o.c.Line), 10))
	}
	if o.s.function != "" {
		enc.AddString(o.s.function, o.c.Function)
	}
	return nil
}

// trimmedPath returns the last directory and the file name of path, as
// zap's EntryCaller.TrimmedPath does, without building a string.
func trimmedPath(path string) string {
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return path
	}
	if j := strings.LastIndexByte(path[:i], '/'); j >= 0 {
		return path[j+1:]
	}
	return path
}
