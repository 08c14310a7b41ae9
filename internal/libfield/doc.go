// Package libfield marks what the library writes itself, so that package
// redact tells it from a caller's fields that happen to use the same keys:
// a caller's trace_id is checked like any field, the trace_id the tracelog
// core writes is not.
//
//	| mark            | set by                          | redact does                                   |
//	|-----------------|---------------------------------|-----------------------------------------------|
//	| [Trace]         | logger (the trace keys)         | writes the field untouched                    |
//	| [Line]          | grpclog (access line fields)    | lets the key pass allowlists; deny list and   |
//	|                 |                                 | value patterns still apply                    |
//	| [LibraryLine]   | httplog (its line marshaler)    | the same as [Line] for the keys it adds        |
//
// A mark sits in the Interface of a scalar field (string, bool, integer,
// float, duration), which zap's encoders do not read for those types, so
// a marked field encodes exactly as an unmarked one and marking allocates
// nothing.
package libfield
