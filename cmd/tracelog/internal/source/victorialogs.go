package source

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// victoriaLogs queries VictoriaLogs with LogsQL over its HTTP API,
// /select/logsql/query, which streams the matching lines as JSON lines.
type victoriaLogs struct {
	base   *url.URL
	client *http.Client
}

var _ Source = (*victoriaLogs)(nil)

func newVictoriaLogs(u *url.URL, cfg config) Source {
	return &victoriaLogs{base: u, client: cfg.client}
}

// Name is "victorialogs URL".
func (v *victoriaLogs) Name() string { return "victorialogs " + v.base.Redacted() }

// queryPath is VictoriaLogs' query endpoint, below the URL's path.
const queryPath = "/select/logsql/query"

// Open sends the LogsQL query of r and streams the answer, converted.
func (v *victoriaLogs) Open(ctx context.Context, r Request) (io.ReadCloser, error) {
	form := url.Values{}
	form.Set("query", LogsQL(r))
	if !r.Since.IsZero() {
		form.Set("start", r.Since.UTC().Format(time.RFC3339Nano))
	}
	if !r.Until.IsZero() {
		form.Set("end", r.Until.UTC().Format(time.RFC3339Nano))
	}
	if r.Limit > 0 {
		// One more than asked, to tell an answer that fits from one cut.
		form.Set("limit", strconv.Itoa(r.Limit+1))
	}
	u := *v.base
	u.Path = strings.TrimSuffix(u.Path, "/") + queryPath
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, errorf("%v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := v.client.Do(req)
	if err != nil {
		return nil, reachError(err)
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		msg := strings.TrimSpace(string(body))
		if msg == "" {
			msg = http.StatusText(resp.StatusCode)
		}
		return nil, errorf("HTTP %d: %s", resp.StatusCode, msg)
	}
	return newAnswerReader(resp.Body, r.Limit), nil
}

// reachError says why a store could not be asked, in one line.
func reachError(err error) *Error {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return errorf("cannot connect: connection refused")
	case errors.As(err, &ne) && ne.Timeout():
		return errorf("no answer within %v", DefaultConnectTimeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return errorf("cannot connect: %v", err)
}

// LogsQL is the query of r: the trace's ID under every key profile's
// field, or the access and sampler summary lines, in time order for a
// trace (stats needs no order).
func LogsQL(r Request) string {
	if r.Trace == nil {
		return `_msg:=` + strconv.Quote(tracefind.MsgHTTPAccess) +
			` or _msg:=` + strconv.Quote(tracefind.MsgGRPCAccess) +
			` or _msg:` + strconv.Quote(tracefind.MsgSampledPrefix) + `*`
	}
	q := r.Trace
	dec := strconv.FormatUint(q.Low64(), 10)
	var parts []string
	if id, ok := q.TraceID(); ok {
		h := strconv.Quote(id.String())
		parts = []string{
			field(tracefind.KeyTraceID) + ":=" + h,
			field(tracefind.KeyECSTraceID) + ":=" + h,
			// projects/P/traces/ID: ID is one of the value's words.
			field(tracefind.KeyGCPTrace) + ":" + h,
		}
	} else {
		var low [8]byte
		for i := range low {
			low[i] = byte(q.Low64() >> (56 - 8*i))
		}
		suffix := strconv.Quote(hex.EncodeToString(low[:]) + "$")
		for _, k := range []string{tracefind.KeyTraceID, tracefind.KeyECSTraceID, tracefind.KeyGCPTrace} {
			parts = append(parts, field(k)+":~"+suffix)
		}
	}
	parts = append(parts, field(tracefind.KeyDDTraceID)+":="+strconv.Quote(dec))
	return strings.Join(parts, " or ") + " | sort by (_time)"
}

// field quotes a field name for LogsQL.
func field(name string) string { return strconv.Quote(name) }

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
