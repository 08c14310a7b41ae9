package tracefind

import (
	"math"
	"slices"
	"time"
)

// A sketch estimates quantiles of durations in bounded memory. It keeps
// the first exactLimit values as they are (so small routes get exact
// quantiles) and then switches to logarithmic buckets, whose estimates are
// within 1% of the true value (relative error (γ-1)/(γ+1) with γ = 1.02),
// in at most sketchBuckets counters.
type sketch struct {
	n      int64
	exact  []time.Duration // nil once bucketed
	counts []uint32        // nil until bucketed
	nonpos int64           // durations <= 0
}

const (
	exactLimit = 256
	gamma      = 1.02
	// sketchBuckets covers 1ns to about 10 days with γ = 1.02.
	sketchBuckets = 1 + 1700
)

var logGamma = math.Log(gamma)

func (s *sketch) add(d time.Duration) {
	s.n++
	if s.counts == nil {
		if len(s.exact) < exactLimit {
			s.exact = append(s.exact, d)
			return
		}
		s.counts = make([]uint32, sketchBuckets)
		for _, v := range s.exact {
			s.bucket(v)
		}
		s.exact = nil
	}
	s.bucket(d)
}

func (s *sketch) bucket(d time.Duration) {
	if d <= 0 {
		s.nonpos++
		return
	}
	i := int(math.Ceil(math.Log(float64(d)) / logGamma))
	i = min(max(i, 0), sketchBuckets-1)
	if s.counts[i] < math.MaxUint32 {
		s.counts[i]++
	}
}

// quantile returns the nearest-rank q-quantile (0 < q <= 1): the smallest
// value with at least ⌈q·n⌉ values at or below it.
func (s *sketch) quantile(q float64) time.Duration {
	if s.n == 0 {
		return 0
	}
	rank := max(int64(math.Ceil(q*float64(s.n))), 1)
	if s.counts == nil {
		sorted := slices.Clone(s.exact)
		slices.Sort(sorted)
		return sorted[rank-1]
	}
	seen := s.nonpos
	if seen >= rank {
		return 0
	}
	for i, c := range s.counts {
		seen += int64(c)
		if seen >= rank {
			// The bucket holds (γ^(i-1), γ^i]; this estimate is within
			// (γ-1)/(γ+1) of any value in it.
			return time.Duration(math.Round(2 * math.Pow(gamma, float64(i)) / (gamma + 1)))
		}
	}
	return time.Duration(math.Round(math.Pow(gamma, sketchBuckets-1)))
}
