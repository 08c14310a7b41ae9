// Package jsonenc is a zapcore.Encoder that writes what
// zapcore.NewJSONEncoder writes, byte for byte, for less: strings are
// checked for bytes to escape eight at a time (a plain key or value, with
// none, is found so with one branch and copied in one piece), the field
// types most lines have are written without interface calls, the config's
// keys are escaped once, and zap's level and caller encoders are written
// without calling them (the short caller without allocating).
//
// # Equality with zap
//
// A differential fuzz (FuzzEqualsZap) encodes the same entry and fields,
// with the same EncoderConfig, through both encoders and compares the
// bytes: every zapcore.FieldType, nested objects, arrays and namespaces,
// Inline, With fields then line fields, Clone, reflected values, escaping
// and invalid UTF-8, NaN and infinities, complex numbers, every time,
// duration, level, caller and name encoder zap ships, and config variants
// (empty keys, SkipLineEnding, a custom line ending, NewReflectedEncoder).
//
// The methods that only add a key or convert a number are generated from
// one table (gen.go).
package jsonenc

//go:generate go run gen.go
