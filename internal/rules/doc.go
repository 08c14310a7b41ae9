// Package rules is the redaction rule engine, with no knowledge of zap:
// it owns the key deny list, key paths, the allowlist, the value patterns,
// the actions, and a bounded verdict cache keyed by content. Package
// redact builds an [Engine] from its options and asks it one question per
// key and per value; its zap adapter (the core and the walkers of nested
// values) and its plain functions go through the Engine.
//
//	| question                     | method                                        |
//	|------------------------------|-----------------------------------------------|
//	| does this key pass?          | [Engine.Judge] (a caller's key)               |
//	|                              | [Engine.JudgeLibrary] (a key the library wrote)|
//	|                              | [Engine.CachedPass] (quick, may say no)       |
//	| is this value clean?         | [Engine.CannotMatch] (quick, may say no)      |
//	| what is written for it?      | [Engine.Scan], [Engine.ScanBytes],            |
//	|                              | [Engine.ScanFloat], [Engine.ScanEncoded]      |
//	| how is this key written?     | [Engine.WrittenKey]                           |
//	| a header, query, metadata    | [Engine.Header], [Engine.Query],              |
//	|                              | [Engine.Metadata], [Engine.String]            |
//
// # Patterns
//
// Each built-in pattern is one row of the table in patterns.go: its name,
// whether it is on by default, the shortest text it matches, its trigger
// bytes, a look at a trigger byte, an optional confirm step, and its
// finder. The scanner's tables (which bytes trigger which patterns, the
// weights of the one-pass clean check, the minimum lengths, the default
// set) are derived from the rows. Adding a pattern is adding an ID, a row
// and a finder; a test fails until redact's doc.go lists it.
//
// Text is scanned as written and, when it holds percent- or
// form-encoding, as decoded too (up to three layers), the spans found in
// the decoded text being mapped back to the written one.
//
// # Verdict cache
//
// Key verdicts are cached in numSets sets of verdictWays slots, a key's
// set chosen by a hash of its length and first and last words. Entries
// hold copies of keys of at most maxCachedKey bytes, never the caller's
// memory; a key not found is judged and stored in the first slot of its
// set, the last falling out, so keys from data never fill the cache for
// good.
package rules
