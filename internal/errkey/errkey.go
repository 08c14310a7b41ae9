// Package errkey renames zap.Error's "error" field to the error key of a
// logger's profile (logger.ErrorKey: exception.message, error.message),
// for the cores that see a line's fields first: the redaction core, which
// renders errors into text, and the tracelog core. One function for both.
package errkey

import "go.uber.org/zap/zapcore"

// Zap is the key of zap.Error's field.
const Zap = "error"

// A Renamer renames top-level "error" fields. The zero Renamer renames
// nothing.
type Renamer struct{ name string }

// For returns the Renamer to name; none when name is "" or zap's own.
func For(name string) Renamer {
	if name == Zap {
		name = ""
	}
	return Renamer{name: name}
}

// Rename returns fields with every top-level (before any namespace)
// zap.Error field (an ErrorType field named "error") renamed; a field of
// another type under that key is the caller's own. Only the key changes,
// so zap still encodes the error (and adds the key with "Verbose" appended
// for an error whose %+v says more than its Error). It returns fields
// itself, without allocating, when there is none. The check is one
// comparison of a field's type, on every line.
func (e Renamer) Rename(fields []zapcore.Field) []zapcore.Field {
	if e.name == "" {
		return fields
	}
	var out []zapcore.Field
	for i := range fields {
		switch fields[i].Type {
		case zapcore.ErrorType:
			if fields[i].Key != Zap {
				continue
			}
		case zapcore.NamespaceType:
			return orFields(out, fields) // what follows is nested
		default:
			continue
		}
		if out == nil {
			out = append(make([]zapcore.Field, 0, len(fields)), fields...)
		}
		out[i].Key = e.name
	}
	return orFields(out, fields)
}

func orFields(out, fields []zapcore.Field) []zapcore.Field {
	if out == nil {
		return fields
	}
	return out
}
