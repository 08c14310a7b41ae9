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
package corewrite
