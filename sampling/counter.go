package sampling

import (
	"math/rand/v2"
	"sync/atomic"
)

// stripes is the number of cells of a stripedCounter.
const stripes = 16

// stripedCounter is a counter that many goroutines add to at once without
// fighting over one cache line: each Add lands on a cell picked by the
// runtime's per-thread random source, and Load sums the cells.
type stripedCounter struct {
	cells [stripes]struct {
		v atomic.Uint64
		_ [56]byte // one cache line per cell
	}
}

func (c *stripedCounter) Add(n uint64) { c.cells[rand.Uint32()%stripes].v.Add(n) }

// addAt adds n to the cell that cell picks; a request keeps one cell for
// all its lines, so its lines do not fight other requests'.
func (c *stripedCounter) addAt(cell uint32, n uint64) { c.cells[cell%stripes].v.Add(n) }

func (c *stripedCounter) Load() uint64 {
	var sum uint64
	for i := range c.cells {
		sum += c.cells[i].v.Load()
	}
	return sum
}
