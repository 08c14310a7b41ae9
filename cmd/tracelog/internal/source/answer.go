package source

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// answerReader converts VictoriaLogs' answer, one JSON object a line with
// every field a string, to lines in tracelog's keys.
type answerReader struct {
	body  io.ReadCloser
	br    *bufio.Reader
	limit int
	rows  int
	out   []byte // converted, not yet read
	row   vlRow
	err   error
}

// maxAnswerLine bounds one line of an answer.
const maxAnswerLine = 64 << 20

func newAnswerReader(body io.ReadCloser, limit int) *answerReader {
	return &answerReader{body: body, br: bufio.NewReaderSize(body, 256<<10), limit: limit}
}

// Read returns converted lines, then io.EOF or the answer's *Error.
func (a *answerReader) Read(p []byte) (int, error) {
	for len(a.out) == 0 {
		if a.err != nil {
			return 0, a.err
		}
		a.fill()
	}
	n := copy(p, a.out)
	a.out = a.out[n:]
	return n, nil
}

// fill converts the next line of the answer, or sets err.
func (a *answerReader) fill() {
	line, err := a.readLine()
	if len(line) > 0 {
		a.rows++
		if a.limit > 0 && a.rows > a.limit {
			a.err = errorf("the answer has more than --limit %d lines: narrow --since/--until or raise --limit", a.limit)
			return
		}
		out, cerr := a.row.convert(line, a.out[:0])
		if cerr != nil {
			a.err = errorf("malformed answer: line %d: %v", a.rows, cerr)
			return
		}
		a.out = append(out, '\n')
		return
	}
	switch {
	case err == io.EOF:
		a.err = io.EOF
	case err != nil:
		a.err = errorf("answer cut short after %d lines: %v", a.rows, err)
	}
}

// readLine returns the next non-blank line without its ending.
func (a *answerReader) readLine() ([]byte, error) {
	for {
		line, err := a.br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long := append([]byte(nil), line...)
			for errors.Is(err, bufio.ErrBufferFull) && len(long) <= maxAnswerLine {
				line, err = a.br.ReadSlice('\n')
				long = append(long, line...)
			}
			if len(long) > maxAnswerLine {
				return nil, fmt.Errorf("a line longer than %d MiB", maxAnswerLine>>20)
			}
			line = long
		}
		if t := strings.TrimSpace(string(line)); t != "" {
			return []byte(t), nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Close closes the answer's body.
func (a *answerReader) Close() error { return a.body.Close() }
