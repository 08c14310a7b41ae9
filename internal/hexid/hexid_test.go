package hexid_test

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/internal/hexid"
)

// TestAppendIsEncodingHex: Append writes what encoding/hex writes, after
// what b held, whatever b's capacity.
func TestAppendIsEncodingHex(t *testing.T) {
	src := make([]byte, 256)
	for i := range src {
		src[i] = byte(i)
	}
	for _, n := range []int{0, 1, 8, 16, 256} {
		for _, prefix := range [][]byte{nil, []byte("x-"), make([]byte, 2, 600)} {
			got := hexid.Append(bytes.Clone(prefix), src[:n])
			want := append(bytes.Clone(prefix), hex.EncodeToString(src[:n])...)
			if !bytes.Equal(got, want) {
				t.Fatalf("Append(%q, %d bytes) = %q, want %q", prefix, n, got, want)
			}
		}
	}
	for v := range 256 {
		if got, want := string(hexid.AppendByte(nil, byte(v))), hex.EncodeToString([]byte{byte(v)}); got != want {
			t.Fatalf("AppendByte(%d) = %q, want %q", v, got, want)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string // hex of the bytes, "" for an error
	}{
		{"4bf92f3577b34da6a3ce929d0e0e4736", 16, "4bf92f3577b34da6a3ce929d0e0e4736"},
		{"00f067aa0ba902b7", 8, "00f067aa0ba902b7"},
		{"ff", 1, "ff"},
		{"", 0, ""},
		{"4BF92F3577B34DA6", 8, ""}, // uppercase is not W3C hex
		{"00f067aa0ba902b", 8, ""},  // short
		{"00f067aa0ba902b70", 8, ""},
		{"00f067aa0ba902bg", 8, ""},
		{"00f067aa0ba902b\x00", 8, ""},
		{"-0f067aa0ba902b7", 8, ""},
	} {
		dst := make([]byte, tc.n)
		ok := hexid.Decode(dst, tc.s)
		if ok != (tc.want != "" || tc.n == 0 && tc.s == "") {
			t.Errorf("Decode(%q) ok = %v", tc.s, ok)
			continue
		}
		if ok && hex.EncodeToString(dst) != tc.want {
			t.Errorf("Decode(%q) = %x", tc.s, dst)
		}
	}
}

// FuzzDecode holds Decode to encoding/hex on lowercase input: it accepts
// what hex.DecodeString accepts when s has no uppercase letter and the
// length is right, and decodes it alike.
func FuzzDecode(f *testing.F) {
	f.Add("4bf92f3577b34da6a3ce929d0e0e4736")
	f.Add("00f067aa0ba902bG")
	f.Fuzz(func(t *testing.T, s string) {
		dst := make([]byte, len(s)/2)
		ok := hexid.Decode(dst, s)
		ref, err := hex.DecodeString(s)
		want := err == nil && strings.ToLower(s) == s
		if ok != want {
			t.Fatalf("Decode(%q) = %v, encoding/hex and case say %v", s, ok, want)
		}
		if ok && !bytes.Equal(dst, ref) {
			t.Fatalf("Decode(%q) = %x, want %x", s, dst, ref)
		}
		if ok && string(hexid.Append(nil, dst)) != s {
			t.Fatalf("Append(Decode(%q)) differs", s)
		}
	})
}

var benchHex = "4bf92f3577b34da6a3ce929d0e0e4736"

func BenchmarkDecode16(b *testing.B) {
	var id [16]byte
	for range b.N {
		if !hexid.Decode(id[:], benchHex) {
			b.Fatal("invalid")
		}
	}
}

var benchID = []byte{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36}

func BenchmarkAppend16(b *testing.B) {
	buf := make([]byte, 0, 64)
	for range b.N {
		buf = hexid.Append(buf[:0], benchID)
	}
}
