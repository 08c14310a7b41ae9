// Package hexid writes and reads the lowercase hex of trace and span IDs
// (W3C trace context, and every profile that writes IDs in hex): the one
// implementation the library's packages share.
//
// Writing works a machine word at a time (four bytes become eight digits
// in a few arithmetic steps on every byte of the word at once); reading
// looks each digit up in a table and checks them all once at the end.
package hexid

import "encoding/binary"

// Constants of the word-at-a-time steps.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
	nibs  = 0x0f0f0f0f0f0f0f0f
)

// pairs[v] holds the two lowercase hex digits of v, the first in the low
// byte (so that a little-endian store writes them in order).
var pairs = func() (t [256]uint16) {
	const digits = "0123456789abcdef"
	for v := range t {
		t[v] = uint16(digits[v>>4]) | uint16(digits[v&0x0f])<<8
	}
	return t
}()

// values[c] is the value of the lowercase hex digit c, and 0xff for any
// other byte (uppercase digits included: W3C trace context allows only
// lowercase).
var values = func() (t [256]byte) {
	for c := range t {
		t[c] = 0xff
	}
	for i := byte(0); i < 10; i++ {
		t['0'+i] = i
	}
	for i := byte(0); i < 6; i++ {
		t['a'+i] = 10 + i
	}
	return t
}()

// encode4 returns the eight lowercase hex digits of the four bytes of x
// (the first byte in the low bits), the first digit in the low byte.
func encode4(x uint32) uint64 {
	t := uint64(x)
	t = (t | t<<16) & 0x0000ffff0000ffff
	t = (t | t<<8) & 0x00ff00ff00ff00ff // byte 2k holds input byte k
	n := (t>>4)&nibs | (t&nibs)<<8      // byte 2k its high nibble, 2k+1 its low
	letters := ((n + 0x76*ones) & highs) >> 7
	return n + '0'*ones + letters*('a'-'0'-10)
}

// Append appends the lowercase hex of src (two digits a byte) to b.
func Append(b, src []byte) []byte {
	for ; len(src) >= 4; src = src[4:] {
		b = binary.LittleEndian.AppendUint64(b, encode4(binary.LittleEndian.Uint32(src)))
	}
	for _, v := range src {
		p := pairs[v]
		b = append(b, byte(p), byte(p>>8))
	}
	return b
}

// AppendByte appends the two lowercase hex digits of v to b.
func AppendByte(b []byte, v byte) []byte {
	p := pairs[v]
	return append(b, byte(p), byte(p>>8))
}

// Decode decodes s, lowercase hex digits only, into dst, and reports
// whether s is exactly the hex of len(dst) bytes. When it is not, dst
// holds garbage.
func Decode(dst []byte, s string) bool {
	if len(s) != 2*len(dst) {
		return false
	}
	var bad byte
	for i := range dst {
		hi, lo := values[s[2*i]], values[s[2*i+1]]
		bad |= hi | lo
		dst[i] = hi<<4 | lo
	}
	return bad <= 0x0f
}
