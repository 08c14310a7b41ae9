package jsonenc_test

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/internal/jsonenc"
	"github.com/tracelog/tracelog/logger"
)

// FuzzEqualsZap encodes an entry and fields built from the input through
// zapcore.NewJSONEncoder and jsonenc.New with the same config, With fields
// first when the input asks, and wants the same bytes (or a panic from
// both).
func FuzzEqualsZap(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compare(t, data)
	})
}

// seeds reach every branch of the generator at least once.
var seeds = [][]byte{
	nil,
	[]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"),
	[]byte("hello \"world\" \\ \n\r\t\x01\x7f <>&\u2028\u2029 \xff\xfe ok"),
	[]byte("\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x20\x21\x22\x23\x24\x25\x26\x27\x28\x29\x2a"),
	[]byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"),
	[]byte("\x05\x05\x05\x05\x05\x1f\x1e\x1d\x1c\x1b\x1a\x19\x18\x17\x16\x15\x14\x13\x12\x11\x10\x0f\x0e"),
}

// TestEqualsZap runs the fuzz seeds and the committed corpus, plus inputs
// from a fixed pseudo-random sequence.
func TestEqualsZap(t *testing.T) {
	x := uint64(1)
	for i := 0; i < 3000; i++ {
		b := make([]byte, 16+i%200)
		for j := range b {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			b[j] = byte(x)
		}
		compare(t, b)
	}
}

func compare(t *testing.T, data []byte) {
	t.Helper()
	want, wantPanic := run(data, zapcore.NewJSONEncoder)
	got, gotPanic := run(data, jsonenc.New)
	if (wantPanic == nil) != (gotPanic == nil) {
		t.Fatalf("input %q: zap panicked: %v; jsonenc panicked: %v", data, wantPanic, gotPanic)
	}
	if want != got {
		t.Fatalf("input %q:\nzap:     %q\njsonenc: %q", data, want, got)
	}
}

// run builds the config, the With fields, the entry and the line fields
// from data and encodes them with the encoder newEnc makes.
func run(data []byte, newEnc func(zapcore.EncoderConfig) zapcore.Encoder) (out string, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	g := &gen{data: data}
	enc := newEnc(g.config())
	var lines []string
	for range 1 + g.n(3) {
		e := enc
		if g.bool() {
			e = enc.Clone()
			for _, f := range g.fields(0) {
				f.AddTo(e)
			}
			if g.bool() {
				e = e.Clone()
				for _, f := range g.fields(0) {
					f.AddTo(e)
				}
			}
		}
		buf, err := e.EncodeEntry(g.entry(), g.fields(0))
		if err != nil {
			lines = append(lines, "error: "+err.Error())
			continue
		}
		lines = append(lines, buf.String())
		buf.Free()
	}
	return strings.Join(lines, "|"), nil
}

// gen reads choices from data; past its end every choice is 0.
type gen struct {
	data []byte
	i    int
}

func (g *gen) byte() byte {
	if g.i >= len(g.data) {
		return 0
	}
	g.i++
	return g.data[g.i-1]
}

func (g *gen) n(k int) int { return int(g.byte()) % k }

func (g *gen) bool() bool { return g.byte()&1 == 1 }

func (g *gen) u64() uint64 {
	var x uint64
	for range 8 {
		x = x<<8 | uint64(g.byte())
	}
	return x
}

// interesting strings; bytes taken from the input add the rest.
var texts = []string{
	"", "msg", "a\"b\\c", "line\nbreak\r\ttab", "\x00\x01\x1f\x7f", "<b>&amp;</b>", "\u2028\u2029",
	"\xff", "bad\xc3(utf8", "\xed\xa0\x80 surrogate", "\xef\xbf\xbd replacement", "日本語のテキスト", "😀 emoji",
	"exactly8", "sixteen bytes!!!", "a long clean ascii string that spans several words of eight bytes",
	"long then \"quote\" then more clean text after it \\ and a backslash", "\xf0\x9f\x98", "trailing\\",
}

func (g *gen) str() string {
	if g.bool() {
		return texts[g.n(len(texts))]
	}
	n := g.n(40)
	var b []byte
	for range n {
		b = append(b, g.byte())
	}
	return string(b)
}

func (g *gen) key() string {
	switch g.n(4) {
	case 0:
		return "k"
	case 1:
		return "key.with.dots"
	case 2:
		return ""
	}
	return g.str()
}

var (
	profiles      = []logger.Profile{logger.OTel(), logger.ECS(), logger.GCP("p"), logger.Datadog()}
	levelEncoders = []zapcore.LevelEncoder{nil, zapcore.LowercaseLevelEncoder, zapcore.CapitalLevelEncoder,
		zapcore.LowercaseColorLevelEncoder, zapcore.CapitalColorLevelEncoder,
		func(zapcore.Level, zapcore.PrimitiveArrayEncoder) {},
		func(l zapcore.Level, e zapcore.PrimitiveArrayEncoder) { e.AppendInt8(int8(l)) }}
	timeEncoders = []zapcore.TimeEncoder{nil, zapcore.EpochTimeEncoder, zapcore.EpochMillisTimeEncoder,
		zapcore.EpochNanosTimeEncoder, zapcore.ISO8601TimeEncoder, zapcore.RFC3339TimeEncoder,
		zapcore.RFC3339NanoTimeEncoder, zapcore.TimeEncoderOfLayout(`"2006" \ Jan`),
		tracelog.EncoderConfig(tracelog.EncodingJSON).EncodeTime,
		func(time.Time, zapcore.PrimitiveArrayEncoder) {},
		func(t time.Time, e zapcore.PrimitiveArrayEncoder) { e.AppendString(t.Location().String()) }}
	durationEncoders = []zapcore.DurationEncoder{nil, zapcore.SecondsDurationEncoder, zapcore.NanosDurationEncoder,
		zapcore.MillisDurationEncoder, zapcore.StringDurationEncoder, tracelog.FloatMillisDurationEncoder,
		func(time.Duration, zapcore.PrimitiveArrayEncoder) {}}
	callerEncoders = []zapcore.CallerEncoder{zapcore.ShortCallerEncoder, zapcore.FullCallerEncoder,
		func(zapcore.EntryCaller, zapcore.PrimitiveArrayEncoder) {},
		func(c zapcore.EntryCaller, e zapcore.PrimitiveArrayEncoder) { e.AppendInt(c.Line) }, nil}
	nameEncoders = []zapcore.NameEncoder{nil, zapcore.FullNameEncoder,
		func(string, zapcore.PrimitiveArrayEncoder) {},
		func(n string, e zapcore.PrimitiveArrayEncoder) { e.AppendInt(len(n)) }}
	reflectedEncoders = []func(io.Writer) zapcore.ReflectedEncoder{nil,
		func(w io.Writer) zapcore.ReflectedEncoder { return spacedEncoder{w, " ,\n"} },
		func(w io.Writer) zapcore.ReflectedEncoder { return spacedEncoder{w, " \n"} },
		func(w io.Writer) zapcore.ReflectedEncoder { return spacedEncoder{w, "{"} }}
)

// spacedEncoder writes values with %v and a suffix ending in a byte
// after which no separator is written, to pin the separator rule.
type spacedEncoder struct {
	w      io.Writer
	suffix string
}

func (s spacedEncoder) Encode(v any) error {
	if _, ok := v.(chan int); ok {
		_, _ = io.WriteString(s.w, "partial")
		return errors.New("no channels")
	}
	_, err := fmt.Fprintf(s.w, "%v%s", v, s.suffix)
	return err
}

func (g *gen) config() zapcore.EncoderConfig {
	ec := tracelog.EncoderConfig(tracelog.EncodingJSON)
	switch g.n(8) {
	case 0, 1:
		return ec // the config tracelog.New uses
	case 2, 3:
		// A built-in key profile's config, with its level, caller and
		// duration encoders (GCP's sourceLocation object among them).
		return profiles[g.n(len(profiles))].EncoderConfig(ec)
	}
	keys := []*string{&ec.MessageKey, &ec.LevelKey, &ec.TimeKey, &ec.NameKey, &ec.CallerKey, &ec.FunctionKey, &ec.StacktraceKey}
	for _, k := range keys {
		switch g.n(4) {
		case 0:
			*k = ""
		case 1:
			*k = g.str()
		}
	}
	ec.EncodeLevel = levelEncoders[g.n(len(levelEncoders))]
	ec.EncodeTime = timeEncoders[g.n(len(timeEncoders))]
	ec.EncodeDuration = durationEncoders[g.n(len(durationEncoders))]
	ec.EncodeCaller = callerEncoders[g.n(len(callerEncoders))]
	ec.EncodeName = nameEncoders[g.n(len(nameEncoders))]
	ec.NewReflectedEncoder = reflectedEncoders[g.n(len(reflectedEncoders))]
	switch g.n(4) {
	case 0:
		ec.LineEnding = ""
	case 1:
		ec.LineEnding = "\r\n"
	case 2:
		ec.SkipLineEnding = true
	}
	return ec
}

var locations = []*time.Location{time.UTC, time.FixedZone("odd\"zone", -(3*3600 + 30*60)), time.FixedZone("", 5*3600)}

func (g *gen) time() time.Time {
	switch g.n(5) {
	case 0:
		return time.Time{}
	case 1:
		return time.Date(2026, 12, 4, 8, 30, 1, 123456789, time.UTC)
	case 2:
		return time.Date(-5+g.n(3)*20000, 1, 2, 3, 4, 5, 6, time.UTC) // outside 0..9999
	}
	return time.Unix(0, int64(g.u64())).In(locations[g.n(len(locations))])
}

func (g *gen) entry() zapcore.Entry {
	ent := zapcore.Entry{
		Level:   zapcore.Level(int8(g.n(12)) - 3),
		Time:    g.time(),
		Message: g.str(),
	}
	if g.bool() {
		ent.LoggerName = g.str()
	}
	if g.bool() {
		files := []string{"main.go", "pkg/file.go", "/home/u/go/src/x/pkg/file.go", "a/b\"c/d\n.go", g.str()}
		ent.Caller = zapcore.EntryCaller{Defined: g.n(4) != 0, File: files[g.n(len(files))], Line: int(g.byte()) - 10, Function: g.str()}
	}
	if g.bool() {
		ent.Stack = g.str()
	}
	return ent
}

func (g *gen) fields(depth int) []zapcore.Field {
	fs := make([]zapcore.Field, g.n(6))
	for i := range fs {
		fs[i] = g.field(depth)
	}
	return fs
}

func (g *gen) float() float64 {
	switch g.n(7) {
	case 0:
		return math.NaN()
	case 1:
		return math.Inf(1)
	case 2:
		return math.Inf(-1)
	case 3:
		return 1.5
	case 4:
		// A decimal of a few places, or a neighbour of one.
		v := float64(int64(g.u64())>>(8*g.n(8)+g.n(8))) / math.Pow10(g.n(9))
		switch g.n(4) {
		case 0:
			return math.Nextafter(v, math.Inf(1))
		case 1:
			return math.Nextafter(v, math.Inf(-1))
		}
		return v
	}
	return math.Float64frombits(g.u64())
}

func (g *gen) bytes() []byte {
	if g.n(5) == 0 {
		return nil
	}
	return []byte(g.str())
}

func (g *gen) field(depth int) zapcore.Field {
	key := g.key()
	t := zapcore.FieldType(g.n(int(zapcore.InlineMarshalerType) + 1))
	f := zapcore.Field{Key: key, Type: t}
	switch t {
	case zapcore.ArrayMarshalerType:
		f.Interface = g.array(depth + 1)
	case zapcore.ObjectMarshalerType, zapcore.InlineMarshalerType:
		f.Interface = g.object(depth + 1)
	case zapcore.BinaryType, zapcore.ByteStringType:
		f.Interface = g.bytes()
	case zapcore.Complex128Type:
		f.Interface = complex(g.float(), g.float())
	case zapcore.Complex64Type:
		f.Interface = complex(float32(g.float()), float32(g.float()))
	case zapcore.Float64Type:
		f.Integer = int64(math.Float64bits(g.float()))
	case zapcore.Float32Type:
		f.Integer = int64(math.Float32bits(float32(g.float())))
	case zapcore.StringType:
		f.String = g.str()
	case zapcore.TimeType:
		f.Integer = int64(g.u64())
		if g.bool() {
			f.Interface = locations[g.n(len(locations))]
		}
	case zapcore.TimeFullType:
		f.Interface = g.time()
	case zapcore.ReflectType:
		f.Interface = g.reflected()
	case zapcore.StringerType:
		f.Interface = g.stringer()
	case zapcore.ErrorType:
		f.Interface = g.error()
	case zapcore.UnknownType:
		f.Type = zapcore.SkipType
	default: // integers, bool, duration, namespace, skip
		f.Integer = int64(g.u64() >> (8 * g.n(8)))
		if g.bool() {
			f.Integer = -f.Integer
		}
		if t == zapcore.BoolType && g.bool() {
			f.Integer = int64(g.n(3))
		}
	}
	return f
}

type point struct {
	X, Y int
	Tag  string `json:"tag,omitempty"`
}

func (g *gen) reflected() any {
	switch g.n(9) {
	case 0:
		return nil
	case 1:
		return map[string]any{"html": "<a href=\"x\">&</a>", "n": 1.5, "bad": "\xff"}
	case 2:
		return point{X: g.n(100), Y: -3, Tag: g.str()}
	case 3:
		return make(chan int) // encoding/json fails
	case 4:
		return (*point)(nil)
	case 5:
		return []any{1, "two", nil, math.MaxInt64}
	case 6:
		return g.str()
	case 7:
		return math.NaN() // encoding/json fails
	}
	return json(g.str())
}

// json marshals to invalid JSON text.
type json string

func (j json) MarshalJSON() ([]byte, error) { return []byte(`"` + string(j) + `"`), nil }

type stringer struct{ s string }

func (s *stringer) String() string { return s.s }

type panicky struct{}

func (panicky) String() string { panic("stringer panics") }
func (panicky) Error() string  { panic("error panics") }

type verbose struct{ msg string }

func (v verbose) Error() string { return v.msg }
func (v verbose) Format(s fmt.State, verb rune) {
	_, _ = io.WriteString(s, v.msg)
	if s.Flag('+') {
		_, _ = io.WriteString(s, "\n\tat stack\"frame")
	}
}

func (g *gen) stringer() fmt.Stringer {
	switch g.n(4) {
	case 0:
		return (*stringer)(nil)
	case 1:
		return panicky{}
	case 2:
		return time.Duration(g.u64())
	}
	return &stringer{g.str()}
}

type multi []error

func (m multi) Error() string   { return fmt.Sprint(len(m), " errors") }
func (m multi) Errors() []error { return m }

func (g *gen) error() error {
	switch g.n(7) {
	case 0:
		return errors.New(g.str())
	case 1:
		return fmt.Errorf("wrapped: %w", errors.New(g.str()))
	case 2:
		return panicky{}
	case 3:
		return (*nilErr)(nil)
	case 4:
		return verbose{g.str()}
	case 5:
		return multi{errors.New("a"), nil, verbose{g.str()}, errors.New("\x00")}
	}
	return errors.Join(errors.New(g.str()), errors.New("b"))
}

type nilErr struct{ msg string }

func (e *nilErr) Error() string { return e.msg }

func (g *gen) object(depth int) zapcore.ObjectMarshaler {
	var fields []zapcore.Field
	if depth < 4 {
		fields = g.fields(depth)
	}
	fail := g.n(5) == 0
	return zapcore.ObjectMarshalerFunc(func(enc zapcore.ObjectEncoder) error {
		for _, f := range fields {
			f.AddTo(enc)
		}
		if fail {
			return errors.New("object \"failed\"")
		}
		return nil
	})
}

// array returns an array of elements, each appended with one of the
// methods of zapcore.ArrayEncoder.
func (g *gen) array(depth int) zapcore.ArrayMarshaler {
	var appends []func(zapcore.ArrayEncoder) error
	if depth < 4 {
		for range g.n(6) {
			appends = append(appends, g.element(depth))
		}
	}
	fail := g.n(5) == 0
	return zapcore.ArrayMarshalerFunc(func(enc zapcore.ArrayEncoder) error {
		for _, a := range appends {
			if err := a(enc); err != nil && fail {
				return err
			}
		}
		if fail {
			return errors.New("array failed")
		}
		return nil
	})
}

// value is what an array element is made of.
type value struct {
	u  uint64
	s  string
	fl float64
	b  []byte
	tm time.Time
}

// primitives append a value with each method of
// zapcore.PrimitiveArrayEncoder, AppendDuration and AppendTime.
var primitives = []func(zapcore.ArrayEncoder, value){
	func(e zapcore.ArrayEncoder, v value) { e.AppendBool(v.u&1 == 1) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendByteString(v.b) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendComplex128(complex(v.fl, -v.fl)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendComplex64(complex(float32(v.fl), 2)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendFloat64(v.fl) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendFloat32(float32(v.fl)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendInt(int(v.u)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendInt64(int64(v.u)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendInt32(int32(v.u)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendInt16(int16(v.u)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendInt8(int8(v.u)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendString(v.s) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendUint(uint(v.u)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendUint64(v.u) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendUint32(uint32(v.u)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendUint16(uint16(v.u)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendUint8(uint8(v.u)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendUintptr(uintptr(v.u)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendDuration(time.Duration(v.u)) },
	func(e zapcore.ArrayEncoder, v value) { e.AppendTime(v.tm) },
}

// element returns an append of a primitive, an array, an object or a
// reflected value.
func (g *gen) element(depth int) func(zapcore.ArrayEncoder) error {
	v := value{g.u64(), g.str(), g.float(), g.bytes(), g.time()}
	switch i := g.n(len(primitives) + 4); {
	case i < len(primitives):
		return func(e zapcore.ArrayEncoder) error { primitives[i](e, v); return nil }
	case i == len(primitives):
		a := g.array(depth + 1)
		return func(e zapcore.ArrayEncoder) error { return e.AppendArray(a) }
	case i == len(primitives)+1:
		o := g.object(depth + 1)
		return func(e zapcore.ArrayEncoder) error { return e.AppendObject(o) }
	}
	r := g.reflected()
	return func(e zapcore.ArrayEncoder) error { return e.AppendReflected(r) }
}

// TestEscapeEachByte puts every byte, and a three-byte rune, at every
// position of strings of 1 to 33 bytes (the two half words of strings of
// 4 to 7 bytes, across the eight-byte words and the overlapping last
// word), as a key and as a value, and wants zap's bytes.
func TestEscapeEachByte(t *testing.T) {
	ec := zapcore.EncoderConfig{MessageKey: "m"}
	zapEnc, enc := zapcore.NewJSONEncoder(ec), jsonenc.New(ec)
	line := func(e zapcore.Encoder, s string) string {
		buf, err := e.EncodeEntry(zapcore.Entry{Message: s}, []zapcore.Field{{Key: s, Type: zapcore.ByteStringType, Interface: []byte(s)}})
		if err != nil {
			t.Fatal(err)
		}
		defer buf.Free()
		return buf.String()
	}
	for n := 1; n <= 33; n++ {
		for p := 0; p < n; p++ {
			b := []byte(strings.Repeat("a", n))
			for c := 0; c < 256; c++ {
				b[p] = byte(c)
				if want, got := line(zapEnc, string(b)), line(enc, string(b)); want != got {
					t.Fatalf("%q: zap %q, jsonenc %q", b, want, got)
				}
			}
			s := string(b[:p]) + "\u2028" + string(b[p:])
			if want, got := line(zapEnc, s), line(enc, s); want != got {
				t.Fatalf("%q: zap %q, jsonenc %q", s, want, got)
			}
		}
	}
}
