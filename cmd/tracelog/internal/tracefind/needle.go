package tracefind

import "bytes"

// A needle is a text to search for, anchored on its rarest byte: the
// search runs bytes.IndexByte (vectorized) for that byte and compares the
// whole needle only where it occurs. Trace IDs are hex or decimal digits,
// which JSON logs are full of; anchoring on the rarest of them skips far
// more text per step than bytes.Index, which anchors on the first byte.
type needle struct {
	text   []byte
	anchor int // index in text of the byte searched for
	// plain says to use bytes.Index: the anchor is no rarer than the
	// first byte.
	plain bool
}

// newNeedle picks the anchor of text by the byte counts of a sample of
// the input (nil: by a fixed guess).
func newNeedle(text []byte, sample *[256]int) needle {
	n := needle{text: text}
	if sample == nil {
		n.plain = true
		return n
	}
	for i := range text {
		if sample[text[i]] < sample[text[n.anchor]] {
			n.anchor = i
		}
	}
	n.plain = n.anchor == 0
	return n
}

// byteCounts counts the bytes of a sample.
func byteCounts(sample []byte) *[256]int {
	var c [256]int
	for _, b := range sample {
		c[b]++
	}
	return &c
}

// index returns the offset of the first occurrence of the needle in s, or
// -1.
func (n *needle) index(s []byte) int {
	if n.plain {
		return bytes.Index(s, n.text)
	}
	c, k, m := n.text[n.anchor], n.anchor, len(n.text)
	for at := k; at < len(s); {
		i := bytes.IndexByte(s[at:], c)
		if i < 0 {
			return -1
		}
		p := at + i - k
		if p+m > len(s) {
			return -1
		}
		if bytes.Equal(s[p:p+m], n.text) {
			return p
		}
		at += i + 1
	}
	return -1
}

// A needleSet finds lines that hold any of several needles. When one byte
// is in every needle and is rare enough, it makes a single pass anchored
// on that byte, checking each needle where the byte could sit in it;
// otherwise it makes one pass per needle.
type needleSet struct {
	needles []needle
	shared  bool
	anchor  byte
	// at[i] lists the offsets of anchor in needles[i].text.
	at [][]int
}

// Costs, in cycles, of the estimate that chooses between one pass and
// several: a vectorized pass over the sample, and each stop at an anchor.
const (
	bytesPerCycle = 16
	stopCycles    = 20
)

func newNeedleSet(texts [][]byte, counts *[256]int, sampleLen int) needleSet {
	var s needleSet
	separate := 0
	for _, t := range texts {
		n := newNeedle(t, counts)
		s.needles = append(s.needles, n)
		separate += sampleLen/bytesPerCycle + stopCycles*counts[t[n.anchor]]
	}
	if len(texts) < 2 {
		return s
	}
	best, bestCost := -1, separate
	for c := 0; c < 256; c++ {
		occurrences := 0
		for _, t := range texts {
			k := bytes.Count(t, []byte{byte(c)})
			if k == 0 {
				occurrences = -1
				break
			}
			occurrences += k
		}
		if occurrences < 0 {
			continue
		}
		cost := sampleLen/bytesPerCycle + stopCycles*counts[c]*occurrences
		if cost < bestCost {
			best, bestCost = c, cost
		}
	}
	if best < 0 {
		return s
	}
	s.shared, s.anchor = true, byte(best)
	for _, t := range texts {
		var offs []int
		for i, c := range t {
			if c == s.anchor {
				offs = append(offs, i)
			}
		}
		s.at = append(s.at, offs)
	}
	return s
}

// lines calls fn with the bounds of each line of chunk that holds a
// needle, once per line, in order when the set is shared (else needle by
// needle).
func (s *needleSet) lines(chunk []byte, fn func(start, end int)) {
	if !s.shared {
		for k := range s.needles {
			nd := &s.needles[k]
			for at := 0; at < len(chunk); {
				i := nd.index(chunk[at:])
				if i < 0 {
					break
				}
				start, end := lineAround(chunk, at+i)
				fn(start, end)
				at = end + 1
			}
		}
		return
	}
	for at := 0; at < len(chunk); {
		i := bytes.IndexByte(chunk[at:], s.anchor)
		if i < 0 {
			return
		}
		i += at
		at = i + 1
	check:
		for k, offs := range s.at {
			t := s.needles[k].text
			for _, off := range offs {
				p := i - off
				if p >= 0 && p+len(t) <= len(chunk) && bytes.Equal(chunk[p:p+len(t)], t) {
					start, end := lineAround(chunk, p)
					fn(start, end)
					at = end + 1
					break check
				}
			}
		}
	}
}
