// Package source asks log stores for the lines of a trace, so the tracelog
// command reads a fleet's logs where they live rather than from files.
//
// A [Source] answers a [Request] (a trace, or the access lines that stats
// reads, within a time window and up to a limit) with JSON lines in
// tracelog's keys, the form package tracefind reads: the command then
// prints exactly what it prints for the same lines read from files. [New]
// makes the source of a URL; this build has one kind of store:
//
//	| kind         | URL                                     | query language |
//	|--------------|-----------------------------------------|----------------|
//	| victorialogs | http://HOST:9428 (or victorialogs+URL)  | LogsQL         |
//
// # Errors
//
// A store that cannot be reached, that answers with an HTTP error, whose
// answer is malformed or cut short, or that has more lines than the limit,
// fails the request with an [*Error]: one line saying what went wrong,
// never a partial answer presented as whole.
//
// # Adding a store
//
// A store is one file: a type with the two methods of [Source] and a
// constructor from a URL, and its row in the kinds table of source.go
// (the name that prefixes its URLs, "loki+http://...", and the
// constructor). Its Open turns the request into the store's query (for
// Loki, LogQL over /loki/api/v1/query_range with start, end and limit;
// for Elasticsearch, a bool query of term filters over _search with a
// range on @timestamp and size) and converts each answer row with
// tracefind's OTelRecord.AppendLine, so OpenTelemetry's field names are
// read back as tracelog's. victorialogs.go is the model.
package source
