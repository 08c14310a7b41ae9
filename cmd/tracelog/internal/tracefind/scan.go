package tracefind

import (
	"bytes"
	"io"
	"slices"
)

// lineScanner reads inputs chunk by chunk and hands the lines that hold
// one of its needles to a callback, counting bad lines on the way. Lines
// without a needle cost one search over the chunk plus a look at their
// first and last bytes.
type lineScanner struct {
	texts   [][]byte
	needles []needle // anchored on the first chunk read
	buf     []byte
	hits    []lineSpan
	skipped Skipped
	bytes   int64
}

type lineSpan struct{ start, end int }

func newLineScanner(needles [][]byte, maxLine int) *lineScanner {
	return &lineScanner{texts: needles, buf: make([]byte, maxLine)}
}

// scan reads in and calls fn for each candidate line (without its line
// ending), in input order. at is the line's offset in the input. fn
// returns whether the line parsed as a log line; one that did not is
// counted as bad.
func (s *lineScanner) scan(in Input, fn func(line []byte, at int64) bool) error {
	rc, err := in.open()
	if err != nil {
		return err
	}
	defer rc.Close()
	cr := newChunkReader(rc, s.buf)
	for {
		chunk, off, err := cr.next()
		if len(chunk) > 0 {
			s.bytes += int64(len(chunk))
			s.chunk(chunk, off, fn)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			s.skipped.TooLong += cr.tooLong
			return inputError(in, err)
		}
	}
	s.skipped.TooLong += cr.tooLong
	return nil
}

func (s *lineScanner) chunk(chunk []byte, off int64, fn func(line []byte, at int64) bool) {
	if s.needles == nil {
		counts := byteCounts(chunk)
		for _, t := range s.texts {
			s.needles = append(s.needles, newNeedle(t, counts))
		}
	}
	s.countBad(chunk)
	s.hits = s.hits[:0]
	for k := range s.needles {
		nd := &s.needles[k]
		for at := 0; at < len(chunk); {
			i := nd.index(chunk[at:])
			if i < 0 {
				break
			}
			start, end := lineAround(chunk, at+i)
			s.hits = append(s.hits, lineSpan{start, end})
			at = end + 1
		}
	}
	if len(s.needles) > 1 {
		slices.SortFunc(s.hits, func(a, b lineSpan) int { return a.start - b.start })
		s.hits = slices.Compact(s.hits)
	}
	for _, h := range s.hits {
		line := chunk[h.start:h.end]
		sh := lineShape(line)
		if sh != shapeObject && sh != shapeConsole {
			continue // counted above, or blank
		}
		if !fn(line, off+int64(h.start)) {
			if sh == shapeConsole {
				s.skipped.NotJSON++
			} else {
				s.skipped.Malformed++
			}
		}
	}
}

// countBad counts the chunk's lines that cannot be log lines, by their
// first and last bytes.
func (s *lineScanner) countBad(chunk []byte) {
	for at := 0; at < len(chunk); {
		end := bytes.IndexByte(chunk[at:], '\n')
		if end < 0 {
			end = len(chunk)
		} else {
			end += at
		}
		switch lineShape(chunk[at:end]) {
		case shapeOther:
			s.skipped.NotJSON++
		case shapeTruncated:
			s.skipped.Malformed++
		}
		at = end + 1
	}
}
