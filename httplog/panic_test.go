package httplog_test

import (
	"bytes"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tracelog/tracelog/httplog"
)

// lockedBuffer collects a server's ErrorLog.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// servePanics starts a server whose net/http error log is kept.
func servePanics(t *testing.T, h http.Handler) (*httptest.Server, *lockedBuffer) {
	t.Helper()
	errLog := &lockedBuffer{}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(errLog, "", 0)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, errLog
}

func panicky(v any, writeFirst bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if writeFirst {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(http.StatusOK)
			w.Write([]byte("partial"))
			w.(http.Flusher).Flush()
		}
		panicHere(v)
	}
}

// panicHere is a frame the stack must show.
func panicHere(v any) { panic(v) }

var secretHeaders = map[string]string{
	"Authorization": "Bearer s3cr3t-t0ken",
	"Cookie":        "session=c00kie-value",
}

func TestServerPanic(t *testing.T) {
	logger, out := newLog(t)
	srv, errLog := servePanics(t, httplog.NewHandler(panicky("boom", false), logger))

	resp, body := get(t, srv.Client(), srv.URL+"/p", secretHeaders)
	if resp.StatusCode != 500 || body != "Internal Server Error\n" {
		t.Errorf("response %d %q, want 500", resp.StatusCode, body)
	}
	l := out.wait(t, httplog.MessageServer, 1)[0]
	l.hasKeys(t, plus(serverKeys, "tracelog.panic.value", "tracelog.panic.stacktrace", httplog.KeyErrorClass)...)
	if l.str("level") != "error" || l.str("tracelog.panic.value") != "boom" || l.num("http.response.status_code") != 500 || l.str(httplog.KeyErrorClass) != "500" {
		t.Errorf("level %s panic %q status %v", l.str("level"), l.str("tracelog.panic.value"), l["http.response.status_code"])
	}
	// The stack starts at the panicking frame, in zap's stack shape: no
	// goroutine header, no runtime or recovery frames, no arguments.
	st := l.str("tracelog.panic.stacktrace")
	if first, _, _ := strings.Cut(st, "\n"); !strings.HasSuffix(first, "httplog_test.panicHere") {
		t.Errorf("stack does not start at the panicking function:\n%s", st)
	}
	for _, bad := range []string{"goroutine ", "runtime.gopanic", "(*handler).finish", "(0x"} {
		if strings.Contains(st, bad) {
			t.Errorf("stack has %q:\n%s", bad, st)
		}
	}
	if resp.Header.Get("X-Trace-Id") != l.str("trace_id") || l.str("trace_id") == "" {
		t.Errorf("trace_id %q, header %q", l.str("trace_id"), resp.Header.Get("X-Trace-Id"))
	}
	all := out.String()
	for _, v := range secretHeaders {
		if strings.Contains(all, strings.Fields(v)[len(strings.Fields(v))-1]) {
			t.Errorf("a request header reached the log: %s", all)
		}
	}
	if len(out.lines(t)) != 1 {
		t.Errorf("%d lines, want exactly one:\n%s", len(out.lines(t)), all)
	}
	if strings.Contains(errLog.String(), "panic") {
		t.Errorf("net/http saw the panic: %s", errLog.String())
	}
}

// A panic after the response began aborts the response, so the client
// cannot take the cut body for a whole one.
func TestServerPanicAfterWrite(t *testing.T) {
	logger, out := newLog(t)
	srv, errLog := servePanics(t, httplog.NewHandler(panicky(errors.New("late"), true), logger))

	resp, err := srv.Client().Get(srv.URL + "/p")
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Fatal("client read a complete response")
	}
	l := out.wait(t, httplog.MessageServer, 1)[0]
	if l.str("level") != "error" || l.str("tracelog.panic.value") != "late" || l.num("http.response.status_code") != 200 || l.num("tracelog.http.response.body.size") != 7 {
		t.Errorf("line %v", l)
	}
	if strings.Contains(errLog.String(), "panic serving") {
		t.Errorf("net/http logged the abort: %s", errLog.String())
	}
}

func TestServerAbortHandler(t *testing.T) {
	tests := []struct {
		name       string
		writeFirst bool
		level      string
		status     float64
	}{
		// The ReverseProxy case: the body copy failed after the status.
		{"after write", true, "warn", 200},
		// No response at all: a server failure.
		{"before write", false, "error", 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, out := newLog(t)
			srv, errLog := servePanics(t, httplog.NewHandler(panicky(http.ErrAbortHandler, tt.writeFirst), logger))

			resp, err := srv.Client().Get(srv.URL + "/p")
			if err == nil {
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			if err == nil {
				t.Fatal("client read a complete response, want it aborted")
			}
			l := out.wait(t, httplog.MessageServer, 1)[0]
			want := plus(serverKeys, "tracelog.panic.value")
			if tt.status >= 500 {
				want = append(want, httplog.KeyErrorClass)
			}
			l.hasKeys(t, want...)
			if l.str("level") != tt.level || l.num("http.response.status_code") != tt.status || l.str("tracelog.panic.value") != http.ErrAbortHandler.Error() {
				t.Errorf("line %v", l)
			}
			if strings.Contains(errLog.String(), "panic") {
				t.Errorf("net/http logged the abort: %s", errLog.String())
			}
		})
	}
}

func TestServerRepanic(t *testing.T) {
	logger, out := newLog(t)
	var recovered any
	outer := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if recovered = recover(); recovered != nil {
					w.WriteHeader(http.StatusTeapot)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
	srv := serve(t, outer(httplog.NewHandler(panicky("mine", false), logger, httplog.WithRepanic())))

	resp, _ := get(t, srv.Client(), srv.URL+"/p", nil)
	if resp.StatusCode != http.StatusTeapot || recovered != "mine" {
		t.Errorf("outer recoverer got %v, status %d", recovered, resp.StatusCode)
	}
	l := out.wait(t, httplog.MessageServer, 1)[0]
	l.hasKeys(t, plus(serverKeys, "tracelog.panic.value", httplog.KeyErrorClass)...)
	if l.str("level") != "error" || l.str("tracelog.panic.value") != "mine" || l.num("http.response.status_code") != 500 {
		t.Errorf("line %v", l)
	}
}

// Under httptest (no server), a panic is answered and logged the same.
func TestServerPanicRecorder(t *testing.T) {
	logger, out := newLog(t)
	w := httptest.NewRecorder()
	httplog.NewHandler(panicky(42, false), logger).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	if w.Code != 500 {
		t.Errorf("status %d", w.Code)
	}
	if l := out.wait(t, httplog.MessageServer, 1)[0]; l.str("tracelog.panic.value") != "42" {
		t.Errorf("http.panic = %v", l["tracelog.panic.value"])
	}
}
