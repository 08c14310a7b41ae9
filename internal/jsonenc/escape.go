package jsonenc

import (
	"math/bits"
	"unicode/utf8"
	"unsafe"

	"go.uber.org/zap/buffer"
)

const hexDigits = "0123456789abcdef"

// Constants of the word-at-a-time test: each byte of a word compared at
// once.
const (
	ones   = 0x0101010101010101
	highs  = 0x8080808080808080
	spaces = 0x20 * ones // bytes below are control characters
	quotes = '"' * ones
	slashs = '\\' * ones
)

// special returns a word with the high bit set in the byte of x that needs
// a closer look (a control character, '"', '\\', or a byte of a multi-byte
// sequence), for bytes in memory order (x read little-endian). Bytes above
// the first such byte may be flagged too (borrows of the subtractions
// carry upwards), the first flagged byte never wrongly: below it no
// subtraction borrows.
func special(x uint64) uint64 {
	return ((x - spaces) | ((x ^ quotes) - ones) | ((x ^ slashs) - ones) | x) & highs
}

// load64 reads the eight bytes of s from i on as a little-endian word
// (the compiler makes it one load).
func load64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// appendEscaped appends s to buf as the inside of a JSON string, as zap's
// JSON encoder writes it: '"' and '\\' escaped with a backslash, \n \r \t
// by name, other bytes below 0x20 as \u00XX, each byte of invalid UTF-8 as
// \ufffd, everything else (DEL, U+2028, U+2029, '<', '>', '&') as is.
// Eight bytes are checked at a time; clean runs are copied at once.
func appendEscaped(buf *buffer.Buffer, s string) {
	last := 0 // s[:last] is in buf
	i := 0
	for i < len(s) {
		// Skip clean words, then clean bytes up to the first to look at.
		for i+8 <= len(s) {
			m := special(load64(s, i))
			if m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		for i < len(s) && clean(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			buf.AppendString(s[last:i])
			buf.AppendString(`\ufffd`)
			i++
			last = i
			continue
		}
		buf.AppendString(s[last:i])
		switch c {
		case '"', '\\':
			buf.AppendByte('\\')
			buf.AppendByte(c)
		case '\n':
			buf.AppendString(`\n`)
		case '\r':
			buf.AppendString(`\r`)
		case '\t':
			buf.AppendString(`\t`)
		default:
			buf.AppendString(`\u00`)
			buf.AppendByte(hexDigits[c>>4])
			buf.AppendByte(hexDigits[c&0xf])
		}
		i++
		last = i
	}
	buf.AppendString(s[last:])
}

// clean reports whether the byte c is written as is on its own.
func clean(c byte) bool { return c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\' }

// appendEscapedBytes is appendEscaped for bytes, read in place: s is
// neither changed nor kept.
func appendEscapedBytes(buf *buffer.Buffer, s []byte) {
	appendEscaped(buf, unsafe.String(unsafe.SliceData(s), len(s)))
}
