package errkey_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/errkey"
)

// valueErr is an error of a value type, to see its kind without a star.
type valueErr struct{}

func (valueErr) Error() string { return "value" }

func TestKind(t *testing.T) {
	pathErr := &fs.PathError{Op: "open", Path: "/etc/shop.conf", Err: fs.ErrNotExist}
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"errors.New", errors.New("x"), "*errors.errorString"},
		{"a type of its own", pathErr, "*fs.PathError"},
		{"a value type", valueErr{}, "errkey_test.valueErr"},
		{"wrapped with %w", fmt.Errorf("load config: %w", pathErr), "*fs.PathError"},
		{"wrapped twice", fmt.Errorf("start: %w", fmt.Errorf("load config: %w", pathErr)), "*fs.PathError"},
		{"several %w: the first", fmt.Errorf("%w: %w", valueErr{}, pathErr), "errkey_test.valueErr"},
		{"%v wraps nothing", fmt.Errorf("load config: %v", pathErr), "*errors.errorString"},
		{"errors.Join is a kind of its own", errors.Join(pathErr, valueErr{}), "*errors.joinError"},
		{"a context error", context.DeadlineExceeded, "context.deadlineExceededError"},
	} {
		if got := errkey.Kind(tt.err); got != tt.want {
			t.Errorf("%s: Kind = %q, want %q", tt.name, got, tt.want)
		}
	}
	wrapped := fmt.Errorf("start: %w", fmt.Errorf("load config: %w", pathErr))
	if n := testing.AllocsPerRun(100, func() { _ = errkey.Kind(wrapped) }); n != 0 {
		t.Errorf("Kind allocates %v times", n)
	}
}

func keysOf(fs []zapcore.Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Key)
	}
	return out
}

func TestRename(t *testing.T) {
	pathErr := &fs.PathError{Op: "open", Path: "/x", Err: fs.ErrNotExist}
	r := errkey.For("exception.message", "exception.type")
	for _, tt := range []struct {
		name   string
		fields []zapcore.Field
		want   []string
	}{
		{"no error", []zapcore.Field{zap.Int("n", 1)}, []string{"n"}},
		{"zap.Error", []zapcore.Field{zap.Int("n", 1), zap.Error(pathErr), zap.Bool("b", true)},
			[]string{"n", "exception.message", "exception.type", "b"}},
		{"two", []zapcore.Field{zap.Error(pathErr), zap.Error(errors.New("y"))},
			[]string{"exception.message", "exception.type", "exception.message", "exception.type"}},
		{"a named error is the caller's", []zapcore.Field{zap.NamedError("cause", pathErr)}, []string{"cause"}},
		{"a string under error is the caller's", []zapcore.Field{zap.String("error", "x")}, []string{"error"}},
		{"nested errors stay", []zapcore.Field{zap.Error(pathErr), zap.Namespace("ns"), zap.Error(pathErr)},
			[]string{"exception.message", "exception.type", "ns", "error"}},
	} {
		got := r.Rename(tt.fields)
		if fmt.Sprint(keysOf(got)) != fmt.Sprint(tt.want) {
			t.Errorf("%s: keys %v, want %v", tt.name, keysOf(got), tt.want)
		}
		for i, f := range got {
			if f.Key == "exception.type" && (f.Type != zapcore.StringType || f.String != errkey.Kind(got[i-1].Interface.(error))) {
				t.Errorf("%s: kind field %+v after %+v", tt.name, f, got[i-1])
			}
		}
	}
	// The caller's slice is never changed; a line without an error is
	// returned as is, without allocating.
	in := []zapcore.Field{zap.Error(pathErr)}
	r.Rename(in)
	if in[0].Key != "error" {
		t.Error("the caller's field was renamed in place")
	}
	plain := []zapcore.Field{zap.Int("n", 1), zap.String("s", "x")}
	if n := testing.AllocsPerRun(100, func() { _ = r.Rename(plain) }); n != 0 {
		t.Errorf("a line without an error allocates %v times", n)
	}

	// A profile that keeps zap's key still gets the kind, once, even when
	// two Renamers (the redaction core's and the tracelog core's) see the
	// line in turn.
	keep := errkey.For(errkey.Zap, "error.kind")
	twice := keep.Rename(keep.Rename([]zapcore.Field{zap.Error(pathErr)}))
	if fmt.Sprint(keysOf(twice)) != "[error error.kind]" {
		t.Errorf("zap's key kept: %v", keysOf(twice))
	}
	if got := (errkey.Renamer{}).Rename(in); len(got) != 1 || got[0].Key != "error" {
		t.Errorf("the zero Renamer changed %v", keysOf(got))
	}
}
