package httplog

import (
	"bufio"
	"io"
	"net"
	"net/http"

	"github.com/felixge/httpsnoop"
)

// served is the per-request state of the middleware: what the handler
// wrote, read through httpsnoop hooks. It is pooled. Its hooks are made once, when it is made, and call
// the request's original writer directly, so a request costs no closures.
// Like net/http's own buffers, it must not be used once the handler has
// returned; the wrapped writer, as any ResponseWriter, must not be used
// after that either.
type served struct {
	w        http.ResponseWriter // the original writer
	status   int                 // the final status written, 0 before
	written  int64               // body bytes written
	hijacked bool
	hooks    httpsnoop.Hooks
}

// The hooks' targets: these are also what http.Error needs, so a served
// answers a recovered panic through the same counting.
var _ http.ResponseWriter = (*served)(nil)

func newServed() *served {
	s := &served{}
	writeHeader := httpsnoop.WriteHeaderFunc(s.WriteHeader)
	write := httpsnoop.WriteFunc(s.Write)
	readFrom := httpsnoop.ReadFromFunc(s.readFrom)
	flush := httpsnoop.FlushFunc(s.flush)
	hijack := httpsnoop.HijackFunc(s.hijack)
	s.hooks = httpsnoop.Hooks{
		WriteHeader: func(httpsnoop.WriteHeaderFunc) httpsnoop.WriteHeaderFunc { return writeHeader },
		Write:       func(httpsnoop.WriteFunc) httpsnoop.WriteFunc { return write },
		ReadFrom:    func(httpsnoop.ReadFromFunc) httpsnoop.ReadFromFunc { return readFrom },
		Flush:       func(httpsnoop.FlushFunc) httpsnoop.FlushFunc { return flush },
		Hijack:      func(httpsnoop.HijackFunc) httpsnoop.HijackFunc { return hijack },
	}
	return s
}

// reset readies s for a request on w.
func (s *served) reset(w http.ResponseWriter) {
	s.w, s.status, s.written, s.hijacked = w, 0, 0, false
}

// release drops the writer, so that a pooled served keeps no request
// alive.
func (s *served) release() { s.w = nil }

// started reports whether the response has begun (or the connection was
// taken over), after which its status cannot change.
func (s *served) started() bool { return s.status != 0 || s.hijacked }

// statusCode is the status to log: the one written, 200 when the handler
// wrote nothing (net/http then answers 200), 101 for a connection taken
// over without a status (a protocol upgrade answered on the raw
// connection).
func (s *served) statusCode() int {
	switch {
	case s.status != 0:
		return s.status
	case s.hijacked:
		return http.StatusSwitchingProtocols
	}
	return http.StatusOK
}

func (s *served) Header() http.Header { return s.w.Header() }

// WriteHeader records the first final status. Informational 1xx codes are
// passed on but are not the response's status (101 is final).
func (s *served) WriteHeader(code int) {
	if s.status == 0 && (code < 100 || code > 199 || code == http.StatusSwitchingProtocols) {
		s.status = code
	}
	s.w.WriteHeader(code)
}

func (s *served) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.w.Write(b)
	s.written += int64(n)
	return n, err
}

func (s *served) readFrom(src io.Reader) (int64, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.w.(io.ReaderFrom).ReadFrom(src)
	s.written += n
	return n, err
}

func (s *served) flush() {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	s.w.(http.Flusher).Flush()
}

func (s *served) hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := s.w.(http.Hijacker).Hijack()
	if err == nil {
		s.hijacked = true
	}
	return c, rw, err
}
