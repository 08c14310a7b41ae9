package httplog_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/felixge/httpsnoop"

	"github.com/tracelog/tracelog/httplog"
)

// interfaces lists the optional interfaces w implements.
func interfaces(w http.ResponseWriter) string {
	var b strings.Builder
	if _, ok := w.(http.Flusher); ok {
		b.WriteString("Flusher ")
	}
	if _, ok := w.(http.Hijacker); ok {
		b.WriteString("Hijacker ")
	}
	if _, ok := w.(io.ReaderFrom); ok {
		b.WriteString("ReaderFrom ")
	}
	if _, ok := w.(http.Pusher); ok {
		b.WriteString("Pusher ")
	}
	//lint:ignore SA1019 kept by httpsnoop
	if _, ok := w.(http.CloseNotifier); ok {
		b.WriteString("CloseNotifier ")
	}
	return b.String()
}

// The wrapped writer implements exactly what the original implements, on
// HTTP/1.1, on HTTP/2 over TLS and under httptest.
func TestWriterKeepsInterfaces(t *testing.T) {
	type seen struct{ wrapped, original, proto string }
	check := func(t *testing.T, ch chan seen, wantProto string, wantIfaces ...string) {
		t.Helper()
		s := <-ch
		if s.wrapped != s.original {
			t.Errorf("wrapped writer implements %q, original %q", s.wrapped, s.original)
		}
		for _, i := range wantIfaces {
			if !strings.Contains(s.wrapped, i) {
				t.Errorf("wrapped writer lacks %s: %q", i, s.wrapped)
			}
		}
		if s.proto != wantProto {
			t.Errorf("proto %q, want %q", s.proto, wantProto)
		}
	}
	newHandler := func(t *testing.T) (http.Handler, chan seen, *sink) {
		log, out := newLog(t)
		ch := make(chan seen, 1)
		return httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ch <- seen{interfaces(w), interfaces(httpsnoop.Unwrap(w)), r.Proto}
		}), log), ch, out
	}

	t.Run("HTTP/1.1", func(t *testing.T) {
		h, ch, _ := newHandler(t)
		srv := serve(t, h)
		get(t, srv.Client(), srv.URL, nil)
		check(t, ch, "HTTP/1.1", "Flusher", "Hijacker", "ReaderFrom")
	})
	t.Run("HTTP/2 TLS", func(t *testing.T) {
		h, ch, out := newHandler(t)
		srv := httptest.NewUnstartedServer(h)
		srv.EnableHTTP2 = true
		srv.StartTLS()
		t.Cleanup(srv.Close)
		resp, _ := get(t, srv.Client(), srv.URL, nil)
		if resp.ProtoMajor != 2 {
			t.Fatalf("client spoke %s", resp.Proto)
		}
		check(t, ch, "HTTP/2.0", "Flusher")
		l := out.wait(t, httplog.MessageServer, 1)[0]
		if l.str("network.protocol.version") != "2" || l.num("http.response.status_code") != 200 {
			t.Errorf("line %v", l)
		}
	})
	t.Run("recorder", func(t *testing.T) {
		h, ch, _ := newHandler(t)
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
		check(t, ch, "HTTP/1.1", "Flusher")
	})
}

// Server-sent events: each event reaches the client while the handler is
// still running, and the line counts every byte.
func TestWriterSSEFlush(t *testing.T) {
	log, out := newLog(t)
	next := make(chan struct{})
	srv := serve(t, httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := range 3 {
			fmt.Fprintf(w, "data: %d\n\n", i)
			w.(http.Flusher).Flush()
			select {
			case <-next:
			case <-time.After(5 * time.Second):
				return
			}
		}
	}), log))

	resp, err := srv.Client().Get(srv.URL + "/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rd := bufio.NewReader(resp.Body)
	total := 0
	for i := range 3 {
		ev, err := rd.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		blank, _ := rd.ReadString('\n')
		total += len(ev) + len(blank)
		if want := fmt.Sprintf("data: %d\n", i); ev != want {
			t.Fatalf("event %q, want %q", ev, want)
		}
		next <- struct{}{} // the handler waits for this: the event came early
	}
	l := out.wait(t, httplog.MessageServer, 1)[0]
	if l.num("tracelog.http.response.body.size") != float64(total) || l.num("http.response.status_code") != 200 {
		t.Errorf("size %v status %v, want %d 200", l["tracelog.http.response.body.size"], l["http.response.status_code"], total)
	}
}

// A hijacked connection answered with 101 on the raw connection is logged
// with status 101.
func TestWriterHijack(t *testing.T) {
	log, out := newLog(t)
	srv := serve(t, httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
		rw.Flush()
		msg, _ := rw.ReadString('\n')
		rw.WriteString("echo: " + msg)
		rw.Flush()
	}), log))

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/ws", nil)
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "echo")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("status %d", resp.StatusCode)
	}
	rwc := resp.Body.(io.ReadWriteCloser)
	io.WriteString(rwc, "hi\n")
	got, _ := bufio.NewReader(rwc).ReadString('\n')
	if got != "echo: hi\n" {
		t.Errorf("echo %q", got)
	}
	l := out.wait(t, httplog.MessageServer, 1)[0]
	if l.num("http.response.status_code") != 101 || l.str("level") != "info" {
		t.Errorf("line %v", l)
	}
}

// http.ServeContent copies through io.ReaderFrom: sizes are counted, for
// whole and ranged responses.
func TestWriterServeContent(t *testing.T) {
	log, out := newLog(t)
	content := bytes.Repeat([]byte("0123456789"), 10000)
	srv := serve(t, httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "data.bin", time.Unix(0, 0), bytes.NewReader(content))
	}), log))

	resp, body := get(t, srv.Client(), srv.URL+"/data.bin", nil)
	if resp.StatusCode != 200 || len(body) != len(content) {
		t.Fatalf("status %d, %d bytes", resp.StatusCode, len(body))
	}
	resp, body = get(t, srv.Client(), srv.URL+"/data.bin", map[string]string{"Range": "bytes=10-19"})
	if resp.StatusCode != http.StatusPartialContent || body != "0123456789" {
		t.Fatalf("range: status %d, %q", resp.StatusCode, body)
	}
	lines := out.wait(t, httplog.MessageServer, 2)
	if lines[0].num("tracelog.http.response.body.size") != float64(len(content)) || lines[0].num("http.response.status_code") != 200 {
		t.Errorf("whole: %v", lines[0])
	}
	if lines[1].num("tracelog.http.response.body.size") != 10 || lines[1].num("http.response.status_code") != 206 {
		t.Errorf("range: %v", lines[1])
	}
}

// http.ResponseController reaches the original writer through the
// wrapper: Flush (through the hook) and SetWriteDeadline (through Unwrap).
func TestWriterResponseController(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprintf("h2=%v", h2), func(t *testing.T) {
			log, out := newLog(t)
			errs := make(chan error, 3)
			srv := httptest.NewUnstartedServer(httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rc := http.NewResponseController(w)
				errs <- rc.SetWriteDeadline(time.Now().Add(time.Minute))
				errs <- rc.SetReadDeadline(time.Now().Add(time.Minute))
				io.WriteString(w, "flushed")
				errs <- rc.Flush()
			}), log))
			srv.EnableHTTP2 = h2
			if h2 {
				srv.StartTLS()
			} else {
				srv.Start()
			}
			t.Cleanup(srv.Close)
			_, body := get(t, srv.Client(), srv.URL, nil)
			for range 3 {
				if err := <-errs; err != nil {
					t.Errorf("ResponseController: %v", err)
				}
			}
			l := out.wait(t, httplog.MessageServer, 1)[0]
			if body != "flushed" || l.num("tracelog.http.response.body.size") != 7 || l.num("http.response.status_code") != 200 {
				t.Errorf("body %q, line %v", body, l)
			}
		})
	}
}

// Informational 1xx statuses are not the response's status.
func TestWriterInformational(t *testing.T) {
	log, out := newLog(t)
	srv := serve(t, httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</style.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusCreated)
	}), log))
	resp, _ := get(t, srv.Client(), srv.URL, nil)
	if resp.StatusCode != 201 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if l := out.wait(t, httplog.MessageServer, 1)[0]; l.num("http.response.status_code") != 201 {
		t.Errorf("http.status %v, want 201", l["http.response.status_code"])
	}
}
