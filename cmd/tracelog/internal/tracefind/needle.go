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
