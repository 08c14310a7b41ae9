package logger

import "go.uber.org/zap/zapcore"

// zapErrorKey is the key of zap.Error's field.
const zapErrorKey = "error"

// errorKeys renames zap.Error's "error" field to the profile's [ErrorKey],
// so that a line's error is where its backend looks for it
// (exception.message, error.message). Only the key changes: zap still
// encodes the error, and adds the key with "Verbose" appended for an error
// whose %+v says more than its Error (pkg/errors' stacks).
type errorKeys struct{ name string } // "" when the profile keeps "error"

func newErrorKeys(p Profile) errorKeys {
	if n := p.Name(ErrorKey); n != zapErrorKey {
		return errorKeys{name: n}
	}
	return errorKeys{}
}

// rename returns fields with every top-level (before any namespace) "error" field renamed; fields
// itself, without allocating, when there is none.
func (e errorKeys) rename(fields []zapcore.Field) []zapcore.Field {
	if e.name == "" {
		return fields
	}
	var out []zapcore.Field
	for i := range fields {
		if k := fields[i].Key; len(k) != len(zapErrorKey) || k != zapErrorKey {
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
