package libfield

import "go.uber.org/zap/zapcore"

// A Mark says who wrote a field.
type Mark uint8

const (
	// Trace marks the trace keys written by the tracelog core.
	Trace Mark = iota + 1
	// Line marks the fields of the library's own access lines.
	Line
)

// Of returns the mark of f, or 0.
func Of(f *zapcore.Field) Mark {
	m, _ := f.Interface.(Mark)
	return m
}

// markable reports whether zap's encoders ignore the Interface of a field
// of type t.
func markable(t zapcore.FieldType) bool {
	switch t {
	case zapcore.StringType, zapcore.BoolType, zapcore.DurationType,
		zapcore.Int64Type, zapcore.Int32Type, zapcore.Int16Type, zapcore.Int8Type,
		zapcore.Uint64Type, zapcore.Uint32Type, zapcore.Uint16Type, zapcore.Uint8Type, zapcore.UintptrType,
		zapcore.Float64Type, zapcore.Float32Type:
		return true
	}
	return false
}

// Set marks the fields of fs that can hold a mark (scalars with nothing
// in Interface) with m, in place.
func Set(fs []zapcore.Field, m Mark) {
	for i := range fs {
		if fs[i].Interface == nil && markable(fs[i].Type) {
			fs[i].Interface = m
		}
	}
}

// LibraryLine is implemented by the marshalers of the library's own lines
// (given to zap as zap.Inline): the keys they add are the library's.
type LibraryLine interface {
	zapcore.ObjectMarshaler
	LibraryLine()
}
