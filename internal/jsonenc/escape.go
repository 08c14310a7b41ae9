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

// load64 reads the first eight bytes of s as a little-endian word (the
// compiler makes it one load).
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// load32 reads the first four bytes of s as a little-endian word.
func load32(s string) uint64 {
	_ = s[3]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
}

// plain reports whether every byte of s is written as is on its own: no
// byte to escape, none of a multi-byte sequence. It is the one test of the
// common case (keys, and nearly every value): s is read eight bytes at a
// time, the last word overlapping the one before, with one branch at the
// end rather than one a word. Bytes that special flags wrongly come only
// after a byte it flags rightly, so the flags of all words are zero
// exactly when s is plain.
func plain(s string) bool {
	n := len(s)
	switch {
	case n >= 8:
		var m uint64
		for i := 0; i+8 < n; i += 8 {
			m |= special(load64(s[i:]))
		}
		return m|special(load64(s[n-8:])) == 0
	case n >= 4:
		// Two overlapping halves make one word.
		return special(load32(s)|load32(s[n-4:])<<32) == 0
	}
	for i := 0; i < n; i++ {
		if escape[s[i]] {
			return false
		}
	}
	return true
}

// appendEscaped appends s to buf as the inside of a JSON string, as zap's
// JSON encoder writes it: '"' and '\\' escaped with a backslash, \n \r \t
// by name, other bytes below 0x20 as \u00XX, each byte of invalid UTF-8 as
// \ufffd, everything else (DEL, U+2028, U+2029, '<', '>', '&') as is.
// A plain s is copied at once; otherwise clean runs are found eight bytes
// at a time and copied at once.
func appendEscaped(buf *buffer.Buffer, s string) {
	if plain(s) {
		buf.AppendString(s)
		return
	}
	appendEscapes(buf, s)
}

// appendEscapes is appendEscaped for an s that is not plain.
func appendEscapes(buf *buffer.Buffer, s string) {
	i := next(s, 0)
	last := 0 // s[:last] is in buf
	for i < len(s) {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				break
			}
			buf.AppendString(s[last:i])
			buf.AppendString(`\ufffd`)
			i++
			last = i
		case !escape[c]:
			i++ // flagged by a borrow in next's word test
		default:
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
		i = next(s, i)
	}
	buf.AppendString(s[last:])
}

// next returns the index of the first byte of s from i on that is not
// written as is on its own (a byte to escape or of a multi-byte sequence),
// or len(s). It may return the index of a clean byte after a byte to
// escape before i (the last, partial word is read overlapping the one
// before it, and a borrow from a byte below i can flag a clean byte).
func next(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if m := special(load64(s[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	switch {
	case i == len(s):
	case len(s) >= 8:
		if m := special(load64(s[len(s)-8:])) >> (8 * (i - (len(s) - 8))); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		return len(s)
	default:
		for ; i < len(s) && !escape[s[i]]; i++ {
		}
	}
	return i
}

// escape[c] tells whether the byte c is not written as is on its own: a
// control character, '"', '\\', or a byte of a multi-byte sequence.
var escape = func() (t [256]bool) {
	for c := range t {
		t[c] = c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\'
	}
	return t
}()

// appendEscapedBytes is appendEscaped for bytes, read in place: s is
// neither changed nor kept.
func appendEscapedBytes(buf *buffer.Buffer, s []byte) {
	appendEscaped(buf, unsafe.String(unsafe.SliceData(s), len(s)))
}
