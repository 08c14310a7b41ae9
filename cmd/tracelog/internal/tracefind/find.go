package tracefind

import (
	"slices"
	"time"
)

// A Found is one line of the trace.
type Found struct {
	Record
	// Input is the index of the input the line came from, Offset its byte
	// offset there.
	Input  int
	Offset int64
	// TimeInherited is set when the line had no time of its own and was
	// given the time of the line of the trace before it in the same input.
	TimeInherited bool
}

// Result is what [Find] and [Stats] read.
type Result struct {
	// Skipped counts bad lines (see [Find] for which lines are checked).
	Skipped Skipped
	// Errs holds one error per input that could not be read to the end;
	// the lines read before the error are used.
	Errs []error
	// Bytes is how many bytes were read (after decompression).
	Bytes int64
}

// Find reads every input and returns the lines of the trace q, merged in
// time order; lines with equal times keep the order of the inputs and of
// the lines within each.
//
// Memory is bounded by the lines of the trace, not by the inputs: each
// input is read in chunks through one buffer, a chunk is searched for the
// trace ID's text (see [Query.Needles]) and only the lines that hold it are
// parsed. Every line's first and last bytes are looked at, so lines that
// are not JSON objects and lines cut short are counted in
// [Result.Skipped]; a line that looks like JSON but does not parse is
// counted only when it holds the trace ID.
func Find(inputs []Input, q Query, opts ...Option) ([]*Found, Result) {
	cfg := newConfig(opts)
	s := newLineScanner(q.Needles(), cfg)
	var res Result
	var found []*Found
	for i, in := range inputs {
		var last time.Time
		err := s.scan(in, func(line []byte, at int64) bool {
			f := &Found{Input: i, Offset: at}
			if err := f.Parse(append([]byte(nil), line...), true); err != nil {
				return false
			}
			if !q.Matches(&f.Record) {
				return true
			}
			if f.Time.IsZero() {
				f.Time, f.TimeInherited = last, true
			} else {
				last = f.Time
			}
			found = append(found, f)
			return true
		})
		if err != nil {
			res.Errs = append(res.Errs, err)
		}
	}
	res.Skipped, res.Bytes = s.skipped, s.bytes
	slices.SortStableFunc(found, func(a, b *Found) int { return a.Time.Compare(b.Time) })
	return found, res
}
