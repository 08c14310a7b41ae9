package redact_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// flip returns a clean text on its first call and a secret on every later
// one: a value that would slip past a check made on a first rendering
// when the encoder renders it again.
type flip struct{ calls int }

const flipSecret = "password=hunter2 AKIAIOSFODNN7EXAMPLE"

func (f *flip) next() string {
	f.calls++
	if f.calls == 1 {
		return "fine"
	}
	return flipSecret
}

type flipStringer struct{ flip }

func (f *flipStringer) String() string { return f.next() }

type flipError struct{ flip }

func (f *flipError) Error() string { return f.next() }

type flipText struct{ flip }

func (f *flipText) MarshalText() ([]byte, error) { return []byte(f.next()), nil }

type flipJSON struct{ flip }

func (f *flipJSON) MarshalJSON() ([]byte, error) { return []byte(`{"note":"` + f.next() + `"}`), nil }

// flipGroup is an error group (zap writes its causes) whose text flips.
type flipGroup struct{ flip }

func (f *flipGroup) Error() string   { return f.next() }
func (f *flipGroup) Errors() []error { return []error{errors.New("a"), &flipError{}} }

// flipVerbose is an error whose %+v form flips.
type flipVerbose struct{ flip }

func (f *flipVerbose) Error() string { return "base" }
func (f *flipVerbose) Format(s fmt.State, verb rune) {
	if verb == 'v' && s.Flag('+') {
		fmt.Fprint(s, "base\n"+f.next())
		return
	}
	fmt.Fprint(s, "base")
}

func TestRenderOnce(t *testing.T) {
	tests := []struct {
		name  string
		field func() (zap.Field, *flip)
		want  string
	}{
		{"stringer", func() (zap.Field, *flip) { v := &flipStringer{}; return zap.Stringer("s", v), &v.flip }, `"s":"fine"`},
		{"error", func() (zap.Field, *flip) { v := &flipError{}; return zap.Error(v), &v.flip }, `"error":"fine"`},
		{"error group", func() (zap.Field, *flip) { v := &flipGroup{}; return zap.Error(v), &v.flip },
			`"error":"fine","errorCauses":[{"error":"a"},{"error":"fine"}]`},
		{"verbose error", func() (zap.Field, *flip) { v := &flipVerbose{}; return zap.Error(v), &v.flip },
			`"error":"base","errorVerbose":"base\nfine"`},
		{"text marshaler", func() (zap.Field, *flip) { v := &flipText{}; return zap.Any("t", v), &v.flip }, `"t":"fine"`},
		{"json marshaler", func() (zap.Field, *flip) { v := &flipJSON{}; return zap.Any("j", v), &v.flip }, `"j":{"note":"fine"}`},
		{"text marshaler in a map", func() (zap.Field, *flip) {
			v := &flipText{}
			return zap.Any("m", map[string]any{"t": v}), &v.flip
		}, `"m":{"t":"fine"}`},
		{"json marshaler in a slice", func() (zap.Field, *flip) {
			v := &flipJSON{}
			return zap.Any("a", []any{v}), &v.flip
		}, `"a":[{"note":"fine"}]`},
		{"reflected in an object", func() (zap.Field, *flip) {
			v := &flipJSON{}
			return zap.Object("o", zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
				return e.AddReflected("j", v)
			})), &v.flip
		}, `"o":{"j":{"note":"fine"}}`},
		{"stringer in a With", func() (zap.Field, *flip) { v := &flipStringer{}; return zap.Stringer("s", v), &v.flip }, `"s":"fine"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := newLogger(t, mustNew(t))
			f, fl := tt.field()
			if strings.Contains(tt.name, "With") {
				// Rendered once, when With is called.
				l := log.With(f)
				l.Info("m")
				l.Info("m")
			} else {
				log.Info("m", f)
			}
			out := buf.String()
			if strings.Contains(out, "hunter2") || strings.Contains(out, "AKIA") {
				t.Fatalf("a second rendering reached the output: %s", out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("got  %swant %s", out, tt.want)
			}
			if fl.calls != 1 {
				t.Errorf("rendered %d times, want once", fl.calls)
			}
		})
	}
}
