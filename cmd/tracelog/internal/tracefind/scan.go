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
	needles *needleSet // anchored on the first chunk read
	buf     []byte
	hits    []lineSpan
	skipped Skipped
	bytes   int64
	// parallel reads in a goroutine of its own (see scanParallel), with
	// the chunk buffers of pool.
	parallel bool
	pool     [pipelineDepth][]byte
	// otlp expands the OTLP JSON requests of logs among the candidates.
	otlp otlpReader
}

type lineSpan struct{ start, end int }

func newLineScanner(needles [][]byte, cfg config) *lineScanner {
	return &lineScanner{texts: needles, buf: make([]byte, cfg.maxLine), parallel: cfg.parallel}
}

// scan reads in and calls fn for each candidate line (without its line
// ending), in input order; a candidate that is an OTLP JSON request of
// logs is handed over as one line per record, each at the request's
// offset. at is the line's offset in the input. fn
// returns whether the line parsed as a log line; one that did not is
// counted as bad.
func (s *lineScanner) scan(in Input, fn func(line []byte, at int64) bool) error {
	rc, err := in.open()
	if err != nil {
		return err
	}
	defer rc.Close()
	cr := newChunkReader(rc, s.buf)
	if s.parallel {
		err = s.scanParallel(cr, fn)
	} else {
		err = s.scanSequential(cr, fn)
	}
	s.skipped.TooLong += cr.tooLong
	if err != nil {
		return inputError(in, err)
	}
	return nil
}

func (s *lineScanner) scanSequential(cr *chunkReader, fn func(line []byte, at int64) bool) error {
	for {
		chunk, off, err := cr.next()
		if len(chunk) > 0 {
			s.bytes += int64(len(chunk))
			s.skipped.Add(countBad(chunk))
			s.chunk(chunk, off, fn)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// pipelineDepth is how many chunks the reading goroutine of a parallel
// scan may hold: one being searched, one ready, one being filled.
const pipelineDepth = 3

type scanJob struct {
	data []byte // a chunk of buf
	off  int64
	buf  []byte // the pool's buffer, handed back when searched
}

// scanParallel splits the work over two goroutines: one reads the input
// (the system call's copy, gzip) straight into the buffers of a small pool
// and counts each chunk's bad lines; the caller's goroutine searches the
// chunks and parses the candidates, in order. Only the partial line at the
// end of a chunk is copied, into the next buffer. Memory stays bounded by
// the pool: pipelineDepth buffers of the line limit's size.
func (s *lineScanner) scanParallel(cr *chunkReader, fn func(line []byte, at int64) bool) error {
	jobs := make(chan scanJob, pipelineDepth-1)
	free := make(chan []byte, pipelineDepth)
	if s.pool[0] == nil {
		// The sequential buffer is one of the pool's.
		s.pool[0] = s.buf
		for i := 1; i < len(s.pool); i++ {
			s.pool[i] = make([]byte, len(s.buf))
		}
	}
	for i, b := range s.pool {
		s.pool[i] = nil
		free <- b
	}
	var (
		readErr error
		bad     Skipped
	)
	go func() {
		defer close(jobs)
		cur := <-free
		defer func() { free <- cur }()
		cr.rebuffer(cur)
		for {
			chunk, off, err := cr.next()
			if len(chunk) > 0 {
				bad.Add(countBad(chunk))
				jobs <- scanJob{chunk, off, cur}
				cur = <-free
				cr.rebuffer(cur)
			}
			if err != nil {
				if err != io.EOF {
					readErr = err
				}
				return
			}
		}
	}()
	for j := range jobs {
		s.bytes += int64(len(j.data))
		s.chunk(j.data, j.off, fn)
		free <- j.buf
	}
	// The closed channel orders the reader's last writes before these
	// reads.
	s.skipped.Add(bad)
	for i := range s.pool {
		s.pool[i] = <-free // kept for the next input
	}
	return readErr
}

func (s *lineScanner) chunk(chunk []byte, off int64, fn func(line []byte, at int64) bool) {
	if s.needles == nil {
		ns := newNeedleSet(s.texts, byteCounts(chunk), len(chunk))
		s.needles = &ns
	}
	s.hits = s.hits[:0]
	s.needles.lines(chunk, func(start, end int) {
		s.hits = append(s.hits, lineSpan{start, end})
	})
	if !s.needles.shared && len(s.texts) > 1 {
		slices.SortFunc(s.hits, func(a, b lineSpan) int { return a.start - b.start })
		s.hits = slices.Compact(s.hits)
	}
	for _, h := range s.hits {
		line := chunk[h.start:h.end]
		sh := lineShape(line)
		if sh != shapeObject && sh != shapeConsole {
			continue // counted above, or blank
		}
		at := off + int64(h.start)
		if sh == shapeObject && isOTLPLogs(line) {
			// Each record of an OTLP request is a line of its own.
			err := s.otlp.expand(line, func(rec []byte) {
				if !fn(rec, at) {
					s.skipped.Malformed++
				}
			})
			if err != nil {
				s.skipped.Malformed++
			}
			continue
		}
		if !fn(line, at) {
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
func countBad(chunk []byte) (bad Skipped) {
	for at := 0; at < len(chunk); {
		end := bytes.IndexByte(chunk[at:], '\n')
		if end < 0 {
			end = len(chunk)
		} else {
			end += at
		}
		if end > at && chunk[at] == '{' && (chunk[end-1] == '}' || end-1 > at && chunk[end-1] == '\r' && chunk[end-2] == '}') {
			at = end + 1 // the common case, decided on two bytes
			continue
		}
		switch lineShape(chunk[at:end]) {
		case shapeOther:
			bad.NotJSON++
		case shapeTruncated:
			bad.Malformed++
		}
		at = end + 1
	}
	return bad
}
