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
// "error" field renamed: only the key changes, so zap still encodes the
// error (and adds the key with "Verbose" appended for an error whose %+v
// says more than its Error). It returns fields itself, without
// allocating, when there is none.
func (e Renamer) Rename(fields []zapcore.Field) []zapcore.Field {
	if e.name == "" {
		return fields
	}
	var out []zapcore.Field
	for i := range fields {
		if k := fields[i].Key; len(k) != len(Zap) || k != Zap {
			if fields[i].Type == zapcore.NamespaceType {
				break // what follows is nested
			}
			continue
		}
		if fields[i].Type == zapcore.NamespaceType {
			break
		}
		if out == nil {
			out = append(make([]zapcore.Field, 0, len(fields)), fields...)
		}
		out[i].Key = e.name
	}
	if out == nil {
		return fields
	}
	return out
}
