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

// FuzzNeedleSet checks that the set finds the same lines as bytes.Index
// line by line, shared anchor or not.
func FuzzNeedleSet(f *testing.F) {
	f.Add([]byte("4bf92f35"), []byte("1180353"), []byte("a\n{\"t\":\"4bf92f35\"}\nxx1180353\n\n1180353 4bf92f35"), []byte("5"))
	f.Add([]byte("ab"), []byte("ba"), []byte("abababa\nb\na"), []byte(""))
	f.Fuzz(func(t *testing.T, a, b, chunk, sample []byte) {
		if len(a) == 0 || len(b) == 0 || bytes.IndexByte(a, '\n') >= 0 || bytes.IndexByte(b, '\n') >= 0 {
			return // needles are never empty and never span lines
		}
		want := map[int]bool{}
		at := 0
		for _, line := range bytes.SplitAfter(chunk, []byte("\n")) {
			l := bytes.TrimSuffix(line, []byte("\n"))
			if bytes.Contains(l, a) || bytes.Contains(l, b) {
				want[at] = true
			}
			at += len(line)
		}
		for _, counts := range []*[256]int{byteCounts(sample), byteCounts(chunk)} {
			s := newNeedleSet([][]byte{a, b}, counts, len(chunk))
			got := map[int]bool{}
			s.lines(chunk, func(start, end int) { got[start] = true })
			if len(got) != len(want) {
				t.Fatalf("shared %v anchor %q: lines %v, want %v", s.shared, s.anchor, got, want)
			}
			for k := range want {
				if !got[k] {
					t.Fatalf("shared %v anchor %q: lines %v, want %v", s.shared, s.anchor, got, want)
				}
			}
		}
	})
}
