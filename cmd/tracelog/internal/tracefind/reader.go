package tracefind

import (
	"bytes"
	"io"
)

// DefaultMaxLine is the default line limit: 1 MiB. Longer lines are
// skipped and counted.
const DefaultMaxLine = 1 << 20

// readSize is the most read at once.
const readSize = 128 << 10

// chunkReader reads an input in chunks of whole lines through one buffer
// of the line limit's size, so memory stays bounded whatever the input.
// Searching a whole chunk at once is what makes the fast path fast: lines
// that do not hold the text looked for are never split apart.
type chunkReader struct {
	r        io.Reader
	buf      []byte
	n        int   // bytes held in buf
	keep     int   // start of the bytes to keep for the next chunk
	off      int64 // input offset of buf[0]
	eof      bool
	skipping bool // inside an over-long line
	err      error
	tooLong  int64
	empty    int // reads in a row that returned nothing
}

func newChunkReader(r io.Reader, buf []byte) *chunkReader {
	return &chunkReader{r: r, buf: buf}
}

// next returns the next chunk: whole lines, each ending in '\n' except the
// input's last line when it has no line ending, and the input offset of
// the chunk's first byte. It returns io.EOF at the end, or the read error.
// The chunk is valid until the next call.
func (c *chunkReader) next() ([]byte, int64, error) {
	for {
		if c.keep > 0 {
			c.off += int64(c.keep)
			c.n = copy(c.buf, c.buf[c.keep:c.n])
			c.keep = 0
		}
		if c.n == 0 && (c.eof || c.err != nil) {
			if c.err != nil {
				return nil, c.off, c.err
			}
			return nil, c.off, io.EOF
		}
		if !c.eof && c.err == nil && c.n < len(c.buf) {
			// Reads of readSize keep the data in the CPU's cache between
			// the read and the searches that follow; the buffer grows to
			// the line limit only for a line that needs it.
			m, err := c.r.Read(c.buf[c.n:min(len(c.buf), c.n+readSize)])
			c.n += m
			switch {
			case err == io.EOF:
				c.eof = true
			case err != nil:
				c.err = err
			case m == 0:
				if c.empty++; c.empty >= 100 {
					c.err = io.ErrNoProgress
				}
			default:
				c.empty = 0
			}
		}
		data := c.buf[:c.n]
		if c.skipping {
			i := bytes.IndexByte(data, '\n')
			if i < 0 {
				c.keep = c.n
				if c.eof || c.err != nil {
					c.skipping = false
				}
				continue
			}
			c.skipping = false
			c.keep = i + 1
			continue
		}
		if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
			// Whatever one read gave is passed on at once, which keeps a
			// pipe responsive; the rest of a partial line waits in buf.
			c.keep = i + 1
			return data[:i+1], c.off, nil
		}
		switch {
		case c.eof || c.err != nil:
			if c.n == 0 {
				continue
			}
			c.keep = c.n
			return data, c.off, nil
		case c.n == len(c.buf):
			c.tooLong++
			c.skipping = true
			c.keep = c.n
		}
	}
}

// rebuffer moves the reader to buf (of the same size as its buffer),
// carrying over the bytes not yet returned, so the chunk next returned
// last stays valid while the reader fills buf.
func (c *chunkReader) rebuffer(buf []byte) {
	c.off += int64(c.keep)
	c.n = copy(buf, c.buf[c.keep:c.n])
	c.keep = 0
	c.buf = buf
}

// lineAround returns the bounds of the line of chunk that holds offset i.
func lineAround(chunk []byte, i int) (start, end int) {
	start = bytes.LastIndexByte(chunk[:i], '\n') + 1
	end = bytes.IndexByte(chunk[i:], '\n')
	if end < 0 {
		end = len(chunk)
	} else {
		end += i
	}
	return start, end
}

// shape classifies a line cheaply by its first and last bytes: blank,
// JSON-like ('{' ... '}'), a console line (starts with a digit), cut short
// ('{' without a closing '}'), or not JSON at all.
type shape uint8

const (
	shapeBlank shape = iota
	shapeObject
	shapeConsole
	shapeTruncated
	shapeOther
)

func lineShape(line []byte) shape {
	i, j := 0, len(line)
	for i < j && isSpace(line[i]) {
		i++
	}
	for j > i && isSpace(line[j-1]) {
		j--
	}
	switch {
	case i == j:
		return shapeBlank
	case line[i] == '{' && line[j-1] == '}':
		return shapeObject
	case line[i] == '{':
		return shapeTruncated
	case '0' <= line[i] && line[i] <= '9':
		return shapeConsole
	}
	return shapeOther
}
