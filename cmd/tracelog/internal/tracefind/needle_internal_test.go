package tracefind

import (
	"bytes"
	"testing"
)

// FuzzNeedle checks the anchored search against bytes.Index, whatever the
// anchor.
func FuzzNeedle(f *testing.F) {
	f.Add([]byte("4bf92f3577b34da6"), []byte(`{"trace_id":"4bf92f3577b34da6"}4bf92f3577b34da6`), []byte("xyz5"))
	f.Add([]byte("aab"), []byte("aaaab"), []byte("b"))
	f.Add([]byte("x"), []byte(""), []byte(""))
	f.Fuzz(func(t *testing.T, text, s, sample []byte) {
		if len(text) == 0 {
			return
		}
		for _, n := range []needle{newNeedle(text, byteCounts(sample)), newNeedle(text, nil)} {
			if got, want := n.index(s), bytes.Index(s, text); got != want {
				t.Fatalf("index(%q in %q, anchor %d) = %d, want %d", text, s, n.anchor, got, want)
			}
		}
	})
}
