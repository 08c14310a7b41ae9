package source_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/source"
	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

const traceID = "608b7c1c2d5cb92d04c802692aa280c9"

// Two lines as VictoriaLogs answers them: one ingested over OTLP, one as
// JSON lines (every value a string, fields in alphabetical order).
const answer = `{"_msg":"charge failed","_stream":"{service.name=\"payments\"}","_stream_id":"00","_time":"2026-12-04T07:41:30.370783985Z","cents":"1299","code.file.path":"/src/examples/shop/payments.go","code.function.name":"main.charge","code.line.number":"40","duration":"0.155316","order":"007","scope.name":"github.com/tracelog/tracelog","scope.version":"unknown","service.name":"payments","severity_number":"17","severity_text":"error","span_id":"1111111111111111","tags":"[\"a\"]","telemetry.sdk.name":"opentelemetry","trace_id":"` + traceID + `"}
{"_msg":"creating order","_stream":"{}","_stream_id":"01","_time":"2026-12-04T07:41:30.4Z","level":"info","service.name":"orders","trace_id":"` + traceID + `"}
`

func mustQuery(t *testing.T, s string) *tracefind.Query {
	t.Helper()
	q, err := tracefind.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return &q
}

// vlServer answers /select/logsql/query with handler, recording the form.
func vlServer(t *testing.T, handler func(w http.ResponseWriter, form url.Values)) (string, *url.Values) {
	t.Helper()
	var got url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/select/logsql/query" || r.Method != http.MethodPost {
			http.Error(w, "unsupported path requested: "+r.URL.Path, http.StatusBadRequest)
			return
		}
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		got = r.PostForm
		handler(w, r.PostForm)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &got
}

func open(t *testing.T, rawURL string, r source.Request) (string, error) {
	t.Helper()
	src, err := source.New(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := src.Open(context.Background(), r)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return string(b), err
}

func TestVictoriaLogsAnswer(t *testing.T) {
	u, form := vlServer(t, func(w http.ResponseWriter, _ url.Values) { io.WriteString(w, answer) })
	since := time.Date(2026, 12, 4, 7, 0, 0, 0, time.UTC)
	got, err := open(t, "victorialogs+"+u, source.Request{Trace: mustQuery(t, traceID), Since: since, Until: since.Add(time.Hour), Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"time":"2026-12-04T07:41:30.370783985Z","level":"error","msg":"charge failed","cents":1299,"code.file.path":"shop/payments.go","code.line.number":40,"duration":0.155316,"order":"007","service.name":"payments","span_id":"1111111111111111","tags":["a"],"trace_id":"` + traceID + `"}
{"time":"2026-12-04T07:41:30.4Z","msg":"creating order","level":"info","service.name":"orders","trace_id":"` + traceID + `"}
`
	if got != want {
		t.Errorf("answer converted to\n%s\nwant\n%s", got, want)
	}
	f := *form
	wantQuery := `"trace_id":="` + traceID + `" or "trace.id":="` + traceID + `" or "logging.googleapis.com/trace":"` + traceID + `" or "dd.trace_id":="344528022203957449" | sort by (_time)`
	if f.Get("query") != wantQuery || f.Get("start") != "2026-12-04T07:00:00Z" || f.Get("end") != "2026-12-04T08:00:00Z" || f.Get("limit") != "11" {
		t.Errorf("form = %v\nwant query %s", f, wantQuery)
	}
}

func TestLogsQL(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    source.Request
		want string
	}{
		{"64-bit ID", source.Request{Trace: mustQuery(t, "3272315669131280585")},
			`"trace_id":~"2d6999c37b83c0c9$" or "trace.id":~"2d6999c37b83c0c9$" or "logging.googleapis.com/trace":~"2d6999c37b83c0c9$" or "dd.trace_id":="3272315669131280585" | sort by (_time)`},
		{"stats", source.Request{}, `_msg:="http request" or _msg:="grpc call" or _msg:"sampled out"*`},
	} {
		if got := source.LogsQL(tc.r); got != tc.want {
			t.Errorf("%s: LogsQL =\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}

// Every failure of the store is an *Error of one line, never a partial
// answer taken for whole.
func TestVictoriaLogsErrors(t *testing.T) {
	refused := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr
	}()
	status, _ := vlServer(t, func(w http.ResponseWriter, _ url.Values) {
		http.Error(w, "cannot parse `query` arg [x]: unexpected token\x1b[31m\nsecond line", http.StatusBadRequest)
	})
	status5xx, _ := vlServer(t, func(w http.ResponseWriter, _ url.Values) { w.WriteHeader(http.StatusServiceUnavailable) })
	malformed, _ := vlServer(t, func(w http.ResponseWriter, _ url.Values) { io.WriteString(w, answer+"<html>oops</html>\n") })
	badTime, _ := vlServer(t, func(w http.ResponseWriter, _ url.Values) { io.WriteString(w, `{"_time":"yesterday","_msg":"x"}`+"\n") })
	tooMany, _ := vlServer(t, func(w http.ResponseWriter, _ url.Values) { io.WriteString(w, answer+answer) })
	cut, _ := vlServer(t, func(w http.ResponseWriter, _ url.Values) {
		w.Header().Set("Content-Length", "100000")
		io.WriteString(w, answer)
	})
	for _, tc := range []struct {
		name, url, want string
	}{
		{"unreachable", refused, "cannot connect: connection refused"},
		{"4xx", status, "HTTP 400: cannot parse `query` arg [x]: unexpected token?[31m"},
		{"5xx", status5xx, "HTTP 503: Service Unavailable"},
		{"wrong path", status + "/vl", `HTTP 400: unsupported path requested: /vl/select/logsql/query`},
		{"malformed", malformed, "malformed answer: line 3: "},
		{"bad time", badTime, `malformed answer: line 1: _time "yesterday": not RFC 3339`},
		{"over the limit", tooMany, "the answer has more than --limit 3 lines: narrow --since/--until or raise --limit"},
		{"cut short", cut, "answer cut short after 2 lines: unexpected EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := open(t, tc.url, source.Request{Trace: mustQuery(t, traceID), Limit: 3})
			var se *source.Error
			if !errors.As(err, &se) {
				t.Fatalf("err = %v (%T), want a *source.Error", err, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("err = %q, want one line starting %q", msg, tc.want)
			}
		})
	}
}

// WithHTTPClient's timeout applies, and its failure is one line too.
func TestVictoriaLogsTimeout(t *testing.T) {
	release := make(chan struct{})
	u, _ := vlServer(t, func(http.ResponseWriter, url.Values) { <-release })
	defer close(release)
	src, err := source.New(u, source.WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Open(context.Background(), source.Request{Trace: mustQuery(t, traceID), Limit: 1})
	var se *source.Error
	if !errors.As(err, &se) || !strings.HasPrefix(err.Error(), "no answer in time: ") || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %v, want a one-line *source.Error saying no answer came in time", err)
	}
}

func TestNewRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"", "127.0.0.1:9428", "ftp://host", "http://", "loki+http://host:3100"} {
		if _, err := source.New(u); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
	src, err := source.New("http://user:secret@127.0.0.1:9428")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(src.Name(), "secret") {
		t.Errorf("Name() = %q shows the password", src.Name())
	}
}
