package httplog

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tracelog/tracelog/redact"
)

// redactClean returns s with what r's value patterns find masked, then
// cut and escaped as [clean] does: redaction comes first, so that a cut
// never leaves part of a secret the patterns would no longer recognise
// (14 digits of a 16-digit card number).
func redactClean(r *redact.Redactor, s string, max int) string {
	return clean(r.String(s), max)
}

// clean returns s as it may appear in a log line: cut at max bytes (on a
// rune boundary, then [TruncateMark] appended) and with every character
// that is not printable escaped as \xNN, \uNNNN or \UNNNNNNNN, so that CR,
// LF, other control characters, line and paragraph separators, bidi
// overrides and invalid UTF-8 cannot start a forged line or hide text in
// any encoder or terminal. Plain printable ASCII within the limit (nearly
// every value) is returned as is, without allocating.
func clean(s string, max int) string {
	if len(s) <= max && plainASCII(s) {
		return s
	}
	cut := len(s) > max
	if cut {
		s = s[:max]
		// Back off to the start of a rune so as not to split one.
		for i := 0; i < utf8.UTFMax && len(s) > 0; i++ {
			if r, size := utf8.DecodeLastRuneInString(s); r != utf8.RuneError || size != 1 {
				break
			}
			s = s[:len(s)-1]
		}
	}
	var b strings.Builder
	b.Grow(len(s) + len(TruncateMark))
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			writeEscape(&b, `\x`, uint32(c), 2)
		case unicode.IsPrint(r):
			b.WriteString(s[i : i+size])
		case r < 0x100:
			writeEscape(&b, `\x`, uint32(r), 2)
		case r < 0x10000:
			writeEscape(&b, `\u`, uint32(r), 4)
		default:
			writeEscape(&b, `\U`, uint32(r), 8)
		}
		i += size
	}
	if cut {
		b.WriteString(TruncateMark)
	}
	return b.String()
}

func writeEscape(b *strings.Builder, prefix string, v uint32, width int) {
	b.WriteString(prefix)
	var buf [8]byte
	h := strconv.AppendUint(buf[:0], uint64(v), 16)
	for i := len(h); i < width; i++ {
		b.WriteByte('0')
	}
	b.Write(h)
}

// plainASCII reports whether s holds printable ASCII only.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
