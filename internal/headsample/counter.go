package headsample

import (
	"math/rand/v2"
	"sync/atomic"
)

// stripes is the number of cells of a Striped counter.
const stripes = 16

// Striped is a counter that many goroutines add to at once without
// fighting over one cache line: each Add lands on a cell picked by the
// runtime's per-thread random source (or by the caller, with AddAt), and
// Load sums the cells.
type Striped struct {
	cells [stripes]struct {
		v atomic.Uint64
		_ [56]byte // one cache line per cell
	}
}

// Add adds n to a random cell.
func (c *Striped) Add(n uint64) { c.cells[rand.Uint32()%stripes].v.Add(n) }

// AddAt adds n to the cell that cell picks; a request keeps one cell for
// all its lines, so its lines do not fight other requests'.
func (c *Striped) AddAt(cell uint32, n uint64) { c.cells[cell%stripes].v.Add(n) }

// Load returns the sum of the cells.
func (c *Striped) Load() uint64 {
	var sum uint64
	for i := range c.cells {
		sum += c.cells[i].v.Load()
	}
	return sum
}

// Counts are the counters of one sampling rule that a request's lines add
// to: the sampler reads them for its summaries and metrics.
type Counts struct {
	DroppedRequests, DroppedLines Striped
	ForcedRequests                atomic.Uint64 // dropped at the head, kept by Force
}
