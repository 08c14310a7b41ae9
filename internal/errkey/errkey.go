// Package errkey renames zap.Error's "error" field to the error key of a
// logger's profile (logger.ErrorKey: exception.message, error.message) and
// adds the error's kind beside it (logger.ErrorKindKey: exception.type,
// error.type, error.kind), for the cores that see a line's fields first:
// the redaction core, which renders errors into text, and the tracelog
// core. One function for both.
package errkey

import (
	"errors"
	"fmt"
	"reflect"

	"go.uber.org/zap/zapcore"
)

// Zap is the key of zap.Error's field.
const Zap = "error"

// A Renamer renames top-level "error" fields and adds their kind. The zero
// Renamer does nothing.
type Renamer struct{ name, kind string }

// For returns the Renamer to name, adding each error's kind under kind:
// it renames nothing when name is "" or zap's own, and adds no kind when
// kind is "".
func For(name, kind string) Renamer {
	if name == Zap {
		name = ""
	}
	return Renamer{name: name, kind: kind}
}

// Rename returns fields with every top-level (before any namespace)
// zap.Error field (an ErrorType field named "error") renamed, followed by
// a string field holding its [Kind]; a field of another type under that
// key is the caller's own. Only the key changes, so zap still encodes the
// error (and adds the key with "Verbose" appended for an error whose %+v
// says more than its Error). A kind field already right after the error
// (another Renamer's, when the error keeps zap's key) is not added twice.
// It returns fields itself, without allocating, when there is no such
// field, and one new slice otherwise. The check is one comparison of a
// field's type, on every line.
func (e Renamer) Rename(fields []zapcore.Field) []zapcore.Field {
	if e.name == "" && e.kind == "" {
		return fields
	}
	first, n := -1, 0
	for i := range fields {
		if t := fields[i].Type; t == zapcore.NamespaceType {
			break // what follows is nested
		} else if t == zapcore.ErrorType && fields[i].Key == Zap {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	if first < 0 {
		return fields
	}
	out := append(make([]zapcore.Field, 0, len(fields)+n), fields[:first]...)
	nested := false
	for i := first; i < len(fields); i++ {
		f := fields[i]
		nested = nested || f.Type == zapcore.NamespaceType
		if nested || f.Type != zapcore.ErrorType || f.Key != Zap {
			out = append(out, f)
			continue
		}
		if e.name != "" {
			f.Key = e.name
		}
		out = append(out, f)
		if e.kind == "" || (i+1 < len(fields) && fields[i+1].Key == e.kind) {
			continue
		}
		if err, _ := f.Interface.(error); err != nil {
			out = append(out, zapcore.Field{Key: e.kind, Type: zapcore.StringType, String: Kind(err)})
		}
	}
	return out
}

// Kind returns the kind of err: its Go type as %T writes it
// ("*fs.PathError"), or "" for a nil err. An error fmt.Errorf made with %w
// says nothing of the failure, only that it was wrapped: it gives the kind
// of the error it wraps (the first one, when it wraps several), as
// OpenTelemetry's error.type allows for Go's wrappers. Other wrappers are
// types of their own, and keep them. It does not allocate.
func Kind(err error) string {
	for range maxUnwrap {
		t := reflect.TypeOf(err)
		var next error
		switch t {
		case nil:
			return ""
		case fmtWrap:
			next = errors.Unwrap(err)
		case fmtWraps:
			if errs := err.(interface{ Unwrap() []error }).Unwrap(); len(errs) > 0 {
				next = errs[0]
			}
		}
		if next == nil {
			return t.String()
		}
		err = next
	}
	return reflect.TypeOf(err).String()
}

// maxUnwrap bounds the wrappers Kind looks through.
const maxUnwrap = 16

// The types of fmt.Errorf's wrappers, of one %w and of several.
var (
	fmtWrap  = reflect.TypeOf(fmt.Errorf("%w", errors.ErrUnsupported))
	fmtWraps = reflect.TypeOf(fmt.Errorf("%w%w", errors.ErrUnsupported, errors.ErrUnsupported))
)
