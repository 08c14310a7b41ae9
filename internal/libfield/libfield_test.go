package libfield_test

import (
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/libfield"
)

func TestMarkedFieldsEncodeAlike(t *testing.T) {
	plain := []zapcore.Field{zap.String("s", "v"), zap.Int("i", 3), zap.Bool("b", true), zap.Duration("d", time.Second),
		zap.Float64("f", 1.5), zap.Binary("bin", []byte{1}), zap.Time("t", time.Unix(0, 0).UTC())}
	marked := append([]zapcore.Field(nil), plain...)
	libfield.Set(marked, libfield.Line)
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{})
	a, err := enc.EncodeEntry(zapcore.Entry{}, plain)
	if err != nil {
		t.Fatal(err)
	}
	want := a.String()
	b, err := enc.EncodeEntry(zapcore.Entry{}, marked)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("marked %s, plain %s", got, want)
	}
	for i := range marked {
		m := libfield.Of(&marked[i])
		switch marked[i].Type {
		case zapcore.BinaryType, zapcore.TimeType:
			if m != 0 {
				t.Errorf("%s marked: its Interface is zap's", marked[i].Key)
			}
		default:
			if m != libfield.Line {
				t.Errorf("%s not marked", marked[i].Key)
			}
		}
	}
	fresh := plain[:2]
	if n := testing.AllocsPerRun(100, func() {
		fresh[0].Interface, fresh[1].Interface = nil, nil
		libfield.Set(fresh, libfield.Trace)
	}); n != 0 {
		t.Errorf("Set allocates %v times", n)
	}
}
