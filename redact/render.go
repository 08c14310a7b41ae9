package redact

import (
	"fmt"
	"reflect"

	"go.uber.org/zap/zapcore"
)

// What is written is what was checked: a value whose text comes from the
// caller's code (a fmt.Stringer, an error, a marshaler) is rendered once,
// that text is checked, and the checked text replaces the value, so that
// the encoder never calls the caller's code again (a value that changes
// between two calls cannot slip a secret past the rules). The texts are
// those zap writes: an error's Error(), its %+v form under key+"Verbose"
// when that differs, the causes of an error group under key+"Causes", and
// "<nil>" for a nil receiver that panics.

// errorGroup is the interface zap recognises for errors holding several
// (go.uber.org/multierr).
type errorGroup interface{ Errors() []error }

// renderStringer returns the text zap writes for a Stringer value, and the
// key it goes under (key+"Error" when String panics, as zap does).
func renderStringer(key string, v any) (text, under string) {
	defer func() {
		if p := recover(); p != nil {
			text, under = panicText(key, v, p)
		}
	}()
	return v.(fmt.Stringer).String(), key
}

// panicText is what zap writes for a value whose method panicked: "<nil>"
// under key for a nil pointer, else the panic under key+"Error".
func panicText(key string, v any, p any) (text, under string) {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return "<nil>", key
	}
	return fmt.Sprintf("PANIC=%v", p), key + "Error"
}

// A renderedError is an error rendered once, as zap would write it, with
// its texts masked. As an inline marshaler it writes those texts.
type renderedError struct {
	key        string
	text       string
	verbose    string
	hasVerbose bool
	group      bool
	causes     []renderedError
}

var _ zapcore.ObjectMarshaler = (*renderedError)(nil)

// renderError renders err under key, its causes down to depth levels
// (deeper causes are masked whole).
func renderError(key string, err error, depth int) (e renderedError) {
	e.key = key
	defer func() {
		if p := recover(); p != nil {
			text, under := panicText(key, err, p)
			e = renderedError{key: under, text: text}
		}
	}()
	e.text = err.Error()
	switch x := err.(type) {
	case errorGroup:
		e.group = true
		for _, c := range x.Errors() {
			if c == nil {
				continue
			}
			if depth <= 1 {
				e.causes = append(e.causes, renderedError{key: "error", text: Mask})
				continue
			}
			e.causes = append(e.causes, renderError("error", c, depth-1))
		}
	case fmt.Formatter:
		if v := fmt.Sprintf("%+v", x); v != e.text {
			e.verbose, e.hasVerbose = v, true
		}
	}
	return e
}

// maskError masks the texts of e in place, returning how many secrets
// were found. Errors are never dropped: a Drop action masks.
func (r *Redactor) maskError(e *renderedError) int {
	out, n, _ := r.scan(e.text)
	e.text = out
	if e.hasVerbose {
		v, vn, _ := r.scan(e.verbose)
		e.verbose = v
		n += vn
	}
	for i := range e.causes {
		n += r.maskError(&e.causes[i])
	}
	return n
}

// MarshalLogObject writes e's texts at the level of the enclosing object,
// under the keys zap uses.
func (e *renderedError) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddString(e.key, e.text)
	if e.group {
		return enc.AddArray(e.key+"Causes", errorCauses(e.causes))
	}
	if e.hasVerbose {
		enc.AddString(e.key+"Verbose", e.verbose)
	}
	return nil
}

// errorCauses writes the causes of an error group as zap does: an array
// of objects, each with its "error" key.
type errorCauses []renderedError

func (c errorCauses) MarshalLogArray(enc zapcore.ArrayEncoder) error {
	for i := range c {
		if err := enc.AppendObject(&c[i]); err != nil {
			return err
		}
	}
	return nil
}
