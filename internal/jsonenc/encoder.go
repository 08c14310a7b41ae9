package jsonenc

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"math"
	"reflect"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap/buffer"
	"go.uber.org/zap/zapcore"
)

// New returns a JSON encoder that writes what zapcore.NewJSONEncoder(cfg)
// writes, byte for byte, for any entry and fields. The config is read
// once: its keys are escaped ahead, and the level and caller encoders zap
// ships are written without calling them.
func New(cfg zapcore.EncoderConfig) zapcore.Encoder {
	return &encoder{cfg: newConfig(cfg), buf: buffers.Get()}
}

var (
	_ zapcore.Encoder               = (*encoder)(nil)
	_ zapcore.PrimitiveArrayEncoder = (*encoder)(nil)
)

// config is an EncoderConfig as zap's JSON encoder reads it, with what
// every line needs computed once. It is shared by an encoder and its
// clones, and never changed.
type config struct {
	zapcore.EncoderConfig

	// The keys of EncodeEntry as `"key":`, escaped.
	levelKey, timeKey, nameKey, callerKey, functionKey, messageKey, stacktraceKey string

	// levels holds the quoted text of the levels from DebugLevel to
	// FatalLevel when EncodeLevel is one of zap's (which write a fixed
	// text for a level), else nil.
	levels []string
	caller callerForm
	// fullName is set when the name is written as is (EncodeName nil or
	// zapcore.FullNameEncoder).
	fullName bool
}

// callerForm says how a caller is written without calling EncodeCaller.
type callerForm uint8

const (
	callerCall  callerForm = iota // call EncodeCaller
	callerShort                   // zapcore.ShortCallerEncoder
	callerFull                    // zapcore.FullCallerEncoder
)

func newConfig(ec zapcore.EncoderConfig) *config {
	// Defaults as zap's JSON encoder sets them.
	if ec.SkipLineEnding {
		ec.LineEnding = ""
	} else if ec.LineEnding == "" {
		ec.LineEnding = zapcore.DefaultLineEnding
	}
	if ec.NewReflectedEncoder == nil {
		ec.NewReflectedEncoder = jsonReflected
	}
	c := &config{
		EncoderConfig: ec,
		levelKey:      quotedKey(ec.LevelKey),
		timeKey:       quotedKey(ec.TimeKey),
		nameKey:       quotedKey(ec.NameKey),
		callerKey:     quotedKey(ec.CallerKey),
		functionKey:   quotedKey(ec.FunctionKey),
		messageKey:    quotedKey(ec.MessageKey),
		stacktraceKey: quotedKey(ec.StacktraceKey),
		fullName:      ec.EncodeName == nil || sameFunc(ec.EncodeName, zapcore.FullNameEncoder),
	}
	for _, f := range []zapcore.LevelEncoder{zapcore.LowercaseLevelEncoder, zapcore.CapitalLevelEncoder,
		zapcore.LowercaseColorLevelEncoder, zapcore.CapitalColorLevelEncoder} {
		if ec.EncodeLevel != nil && sameFunc(ec.EncodeLevel, f) {
			for l := zapcore.DebugLevel; l <= zapcore.FatalLevel; l++ {
				e := &encoder{cfg: c, buf: buffers.Get()}
				f(l, e)
				c.levels = append(c.levels, e.buf.String())
				e.buf.Free()
			}
		}
	}
	switch {
	case ec.EncodeCaller == nil:
	case sameFunc(ec.EncodeCaller, zapcore.ShortCallerEncoder):
		c.caller = callerShort
	case sameFunc(ec.EncodeCaller, zapcore.FullCallerEncoder):
		c.caller = callerFull
	}
	return c
}

// sameFunc reports whether f and g are the same top-level function.
func sameFunc[F any](f, g F) bool {
	return reflect.ValueOf(f).Pointer() == reflect.ValueOf(g).Pointer()
}

func quotedKey(k string) string {
	b := buffers.Get()
	defer b.Free()
	b.AppendByte('"')
	appendEscaped(b, k)
	b.AppendString(`":`)
	return b.String()
}

// jsonReflected is zap's default reflected encoder: encoding/json without
// HTML escaping.
func jsonReflected(w io.Writer) zapcore.ReflectedEncoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

var (
	buffers  = buffer.NewPool()
	encoders = sync.Pool{New: func() any { return new(encoder) }}
)

// encoder is the zapcore.Encoder of New. A separator is written before a
// key or an element unless the buffer is empty or ends in '{', '[', ':',
// ',' or ' ' (so the context of With, which starts with no separator, can
// be copied after any key).
type encoder struct {
	cfg *config
	buf *buffer.Buffer
	// open counts the namespaces opened in the current object, closed when
	// it ends.
	open int

	reflectBuf *buffer.Buffer
	reflectEnc zapcore.ReflectedEncoder
}

func (e *encoder) put() {
	if e.reflectBuf != nil {
		e.reflectBuf.Free()
	}
	*e = encoder{}
	encoders.Put(e)
}

func (e *encoder) sep() {
	if n := e.buf.Len(); n > 0 && !noSep[e.buf.Bytes()[n-1]] {
		e.buf.AppendByte(',')
	}
}

// noSep[c] tells whether no separator is written after the byte c.
var noSep = [256]bool{'{': true, '[': true, ':': true, ',': true, ' ': true}

// addKey writes a key: a plain one (nearly all) is copied in one piece.
func (e *encoder) addKey(k string) {
	e.sep()
	e.buf.AppendByte('"')
	if plain(k) {
		e.buf.AppendString(k)
	} else {
		appendEscapes(e.buf, k)
	}
	e.buf.AppendString(`":`)
}

// addQuotedKey writes a key of the config, escaped ahead.
func (e *encoder) addQuotedKey(k string) {
	e.sep()
	e.buf.AppendString(k)
}

func (e *encoder) clone() *encoder {
	c := encoders.Get().(*encoder)
	c.cfg = e.cfg
	c.open = e.open
	c.buf = buffers.Get()
	return c
}

// Clone copies the encoder with its fields.
func (e *encoder) Clone() zapcore.Encoder {
	c := e.clone()
	c.buf.AppendBytes(e.buf.Bytes())
	return c
}

// EncodeEntry writes a line: level, time, logger name, caller, function,
// message, the fields of the encoder, fields, stack trace, in zap's order
// and with zap's fallbacks.
func (e *encoder) EncodeEntry(ent zapcore.Entry, fields []zapcore.Field) (*buffer.Buffer, error) {
	cfg := e.cfg
	f := e.clone()
	f.buf.AppendByte('{')
	if cfg.LevelKey != "" && cfg.EncodeLevel != nil {
		f.addQuotedKey(cfg.levelKey)
		if i := int(ent.Level - zapcore.DebugLevel); cfg.levels != nil && i >= 0 && i < len(cfg.levels) {
			f.buf.AppendString(cfg.levels[i])
		} else {
			n := f.buf.Len()
			cfg.EncodeLevel(ent.Level, f)
			if n == f.buf.Len() {
				f.AppendString(ent.Level.String())
			}
		}
	}
	if cfg.TimeKey != "" && !ent.Time.IsZero() {
		f.addQuotedKey(cfg.timeKey)
		f.AppendTime(ent.Time)
	}
	if ent.LoggerName != "" && cfg.NameKey != "" {
		f.addQuotedKey(cfg.nameKey)
		if cfg.fullName {
			f.AppendString(ent.LoggerName)
		} else {
			n := f.buf.Len()
			cfg.EncodeName(ent.LoggerName, f)
			if n == f.buf.Len() {
				f.AppendString(ent.LoggerName)
			}
		}
	}
	if ent.Caller.Defined {
		if cfg.CallerKey != "" {
			f.addQuotedKey(cfg.callerKey)
			f.appendCaller(ent.Caller)
		}
		if cfg.FunctionKey != "" {
			f.addQuotedKey(cfg.functionKey)
			f.AppendString(ent.Caller.Function)
		}
	}
	if cfg.MessageKey != "" {
		f.addQuotedKey(cfg.messageKey)
		f.AppendString(ent.Message)
	}
	if e.buf.Len() > 0 {
		f.sep()
		f.buf.AppendBytes(e.buf.Bytes())
	}
	for i := range fields {
		f.addField(&fields[i])
	}
	f.closeNamespaces()
	if ent.Stack != "" && cfg.StacktraceKey != "" {
		f.addQuotedKey(cfg.stacktraceKey)
		f.AppendString(ent.Stack)
	}
	f.buf.AppendByte('}')
	f.buf.AppendString(cfg.LineEnding)
	buf := f.buf
	f.put()
	return buf, nil
}

// appendCaller writes a defined caller as cfg.EncodeCaller does.
func (e *encoder) appendCaller(c zapcore.EntryCaller) {
	file := c.File
	switch e.cfg.caller {
	case callerShort:
		// The file from the penultimate '/' on, if there are two.
		if i := strings.LastIndexByte(file, '/'); i >= 0 {
			if j := strings.LastIndexByte(file[:i], '/'); j >= 0 {
				file = file[j+1:]
			}
		}
	case callerFull:
	default:
		n := e.buf.Len()
		e.cfg.EncodeCaller(c, e)
		if n == e.buf.Len() {
			e.AppendString(c.String())
		}
		return
	}
	e.sep()
	e.buf.AppendByte('"')
	appendEscaped(e.buf, file)
	e.buf.AppendByte(':')
	e.buf.AppendInt(int64(c.Line))
	e.buf.AppendByte('"')
}

// addField adds a field as f.AddTo(e) does, without the interface calls
// for the types most lines have.
func (e *encoder) addField(f *zapcore.Field) {
	switch f.Type {
	case zapcore.StringType:
		e.addKey(f.Key)
		e.buf.AppendByte('"')
		appendEscaped(e.buf, f.String)
		e.buf.AppendByte('"')
	case zapcore.Int64Type:
		e.addKey(f.Key)
		e.buf.AppendInt(f.Integer)
	case zapcore.Int32Type:
		e.addKey(f.Key)
		e.buf.AppendInt(int64(int32(f.Integer)))
	case zapcore.Uint64Type:
		e.addKey(f.Key)
		e.buf.AppendUint(uint64(f.Integer))
	case zapcore.BoolType:
		e.addKey(f.Key)
		e.buf.AppendBool(f.Integer == 1)
	case zapcore.Float64Type:
		e.addKey(f.Key)
		e.appendFloat(math.Float64frombits(uint64(f.Integer)), 64)
	case zapcore.DurationType:
		e.addKey(f.Key)
		e.AppendDuration(time.Duration(f.Integer))
	default:
		f.AddTo(e)
	}
}

func (e *encoder) closeNamespaces() {
	for ; e.open > 0; e.open-- {
		e.buf.AppendByte('}')
	}
}

// OpenNamespace opens an object under key; the fields added after it go
// in it, until the enclosing object ends.
func (e *encoder) OpenNamespace(key string) {
	e.addKey(key)
	e.buf.AppendByte('{')
	e.open++
}

// AppendArray writes an array of what arr appends.
func (e *encoder) AppendArray(arr zapcore.ArrayMarshaler) error {
	e.sep()
	e.buf.AppendByte('[')
	err := arr.MarshalLogArray(e)
	e.buf.AppendByte(']')
	return err
}

// AppendObject writes an object of what obj adds, closing the namespaces
// obj opens.
func (e *encoder) AppendObject(obj zapcore.ObjectMarshaler) error {
	outer := e.open
	e.open = 0
	e.sep()
	e.buf.AppendByte('{')
	err := obj.MarshalLogObject(e)
	e.buf.AppendByte('}')
	e.closeNamespaces()
	e.open = outer
	return err
}

// AppendReflected writes v with the config's NewReflectedEncoder (JSON by
// default), or nothing when that fails.
func (e *encoder) AppendReflected(v any) error {
	b, err := e.reflect(v)
	if err != nil {
		return err
	}
	e.sep()
	e.buf.AppendBytes(b)
	return nil
}

// AddReflected is AppendReflected under key; neither is written when the
// value cannot be encoded.
func (e *encoder) AddReflected(key string, v any) error {
	b, err := e.reflect(v)
	if err != nil {
		return err
	}
	e.addKey(key)
	e.buf.AppendBytes(b)
	return nil
}

var null = []byte("null")

// reflect encodes v, without its trailing newline, into a buffer the
// encoder keeps.
func (e *encoder) reflect(v any) ([]byte, error) {
	if v == nil {
		return null, nil
	}
	if e.reflectBuf == nil {
		e.reflectBuf = buffers.Get()
		e.reflectEnc = e.cfg.NewReflectedEncoder(e.reflectBuf)
	} else {
		e.reflectBuf.Reset()
	}
	if err := e.reflectEnc.Encode(v); err != nil {
		return nil, err
	}
	e.reflectBuf.TrimNewline()
	return e.reflectBuf.Bytes(), nil
}

// AppendString writes s quoted and escaped.
func (e *encoder) AppendString(s string) {
	e.sep()
	e.buf.AppendByte('"')
	appendEscaped(e.buf, s)
	e.buf.AppendByte('"')
}

// AppendByteString writes the bytes b as AppendString writes a string.
func (e *encoder) AppendByteString(b []byte) {
	e.sep()
	e.buf.AppendByte('"')
	appendEscapedBytes(e.buf, b)
	e.buf.AppendByte('"')
}

// AddBinary writes b in standard base64 (this allocates, as in zap).
func (e *encoder) AddBinary(key string, b []byte) {
	e.AddString(key, base64.StdEncoding.EncodeToString(b))
}

// AppendBool writes true or false.
func (e *encoder) AppendBool(v bool) {
	e.sep()
	e.buf.AppendBool(v)
}

// AppendInt64 writes v in decimal.
func (e *encoder) AppendInt64(v int64) {
	e.sep()
	e.buf.AppendInt(v)
}

// AppendUint64 writes v in decimal.
func (e *encoder) AppendUint64(v uint64) {
	e.sep()
	e.buf.AppendUint(v)
}

// appendFloat writes v in the shortest decimal that reads back as v at
// bits, without exponent; NaN and the infinities as strings.
func (e *encoder) appendFloat(v float64, bits int) {
	e.sep()
	switch {
	case math.IsNaN(v):
		e.buf.AppendString(`"NaN"`)
	case math.IsInf(v, 1):
		e.buf.AppendString(`"+Inf"`)
	case math.IsInf(v, -1):
		e.buf.AppendString(`"-Inf"`)
	case bits == 64:
		appendFloat64(e.buf, v)
	default:
		e.buf.AppendFloat(v, bits)
	}
}

// appendComplex writes v as a string, "1+2i", each part at bits.
func (e *encoder) appendComplex(v complex128, bits int) {
	e.sep()
	re, im := real(v), imag(v)
	e.buf.AppendByte('"')
	e.buf.AppendFloat(re, bits)
	if im >= 0 {
		e.buf.AppendByte('+')
	}
	e.buf.AppendFloat(im, bits)
	e.buf.AppendString(`i"`)
}

// AppendDuration writes d with the config's EncodeDuration, or as
// nanoseconds when that writes nothing.
func (e *encoder) AppendDuration(d time.Duration) {
	n := e.buf.Len()
	if enc := e.cfg.EncodeDuration; enc != nil {
		enc(d, e)
	}
	if n == e.buf.Len() {
		e.AppendInt64(int64(d))
	}
}

// AppendTime writes t with the config's EncodeTime, or as nanoseconds
// since the epoch when that writes nothing.
func (e *encoder) AppendTime(t time.Time) {
	n := e.buf.Len()
	if enc := e.cfg.EncodeTime; enc != nil {
		enc(t, e)
	}
	if n == e.buf.Len() {
		e.AppendInt64(t.UnixNano())
	}
}

// AppendTimeLayout writes t formatted with layout, quoted but not
// escaped (as zap's encoder does); zap's time encoders use it.
func (e *encoder) AppendTimeLayout(t time.Time, layout string) {
	e.sep()
	e.buf.AppendByte('"')
	e.buf.AppendTime(t, layout)
	e.buf.AppendByte('"')
}
