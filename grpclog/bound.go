package grpclog

import (
	"unicode/utf8"

	"github.com/tracelog/tracelog/redact"
)

// maxValueLen bounds every text grpclog writes on a line (the status
// message, the panic value and stack, metadata values): a peer sending
// 256 KiB of metadata or a 256 KiB status message cannot inflate the log.
// Payloads have their own limit ([WithPayloads]).
const maxValueLen = 4096

// truncateMark ends a value cut at maxValueLen.
const truncateMark = "...[truncated]"

// bound returns s cut to maxValueLen bytes on a rune boundary, marked as
// cut. Callers redact first: a cut never leaves part of a secret the
// patterns would no longer recognise.
func bound(s string) string {
	if len(s) <= maxValueLen {
		return s
	}
	cut := maxValueLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + truncateMark
}

// redactBound is bound(r.String(s)): what the value patterns find
// masked, then cut.
func redactBound(r *redact.Redactor, s string) string { return bound(r.String(s)) }
