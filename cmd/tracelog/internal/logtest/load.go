package logtest

import (
	"bufio"
	"io"
	"math/rand/v2"
	"time"
)

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// WriteLoad writes about size bytes of the three services' lines, all
// three interleaved in one stream as a log collector would store them:
// healthy requests of their own traces, and once, about the middle, the
// failing checkout of [NewIDs]([CheckoutN]), whose IDs it returns.
// Output is deterministic for a size.
func WriteLoad(w io.Writer, size int64) (IDs, error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := &countingWriter{w: bw}
	s, err := NewServices(Writers{cw, cw, cw})
	if err != nil {
		return IDs{}, err
	}
	rnd := rand.New(rand.NewPCG(5, 6))
	start := Epoch
	done := false
	for n := uint64(1); cw.n < size; n++ {
		if n == CheckoutN {
			continue
		}
		if !done && cw.n >= size/2 {
			s.Checkout(NewIDs(CheckoutN), start)
			done = true
		} else {
			s.Healthy(NewIDs(n), start, rnd)
		}
		start = start.Add(200 * time.Millisecond)
	}
	if !done {
		s.Checkout(NewIDs(CheckoutN), start)
	}
	return NewIDs(CheckoutN), bw.Flush()
}
