// Package corewrite writes an entry through a wrapped zapcore.Core the way
// a wrapping core must (the wrapped core's Check decides, then the
// resulting CheckedEntry writes), skipping the CheckedEntry when the
// wrapped core's Check is known to do nothing but add the core itself.
//
// The tracelog cores (logger's and redact's) re-check their wrapped core in
// Write, so that samplers and tees below see every entry. For the common
// stack, where the core below is the one zapcore.NewCore returns or another
// tracelog core, that second Check only fetches a pooled CheckedEntry, adds
// the core and writes it: calling Write directly does the same for less.
//
// [Transient] tells a wrapping core whether the cores below keep the
// fields of a line after Write returns. When they do not, the wrapping
// core may take the memory for the fields it adds from a pool and give it
// back after the write, instead of allocating it for every line.
package corewrite
