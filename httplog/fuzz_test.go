package httplog_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
)

// FuzzServerLine feeds untrusted request parts (path, query, user agent, a
// logged header, traceparent, tracestate, forwarding) to the middleware and
// checks that each request gives exactly one well-formed line, in JSON and
// in console, with no raw control characters, and never a crash.
func FuzzServerLine(f *testing.F) {
	f.Add("/users/42", "q=1&token=abc", "curl/8", "req-1", traceparent, "a=b", "1.1.1.1")
	f.Add("/a\r\nb", "x=\n", "ua\x00\x1b[2J", "v\u2028w", "00-"+incomingTrace+"-"+incomingSpan+"-01\n", "=", "\n")
	f.Add("", "", "", "", "", "", "")
	f.Add("/\xff\xfe", "%zz=%", "\xc3", "\xe2\x80", "ff-ffffffffffffffffffffffffffffffff-ffffffffffffffff-ff", strings.Repeat("k=v,", 40), "[::1]:80, 10.0.0.1")
	f.Add(strings.Repeat("/very-long", 200), strings.Repeat("a=b&", 300), strings.Repeat("U", 1000), strings.Repeat("h", 1000), "00-00000000000000000000000000000000-0000000000000000-00", "", "for=1.2.3.4")

	f.Fuzz(func(t *testing.T, path, query, ua, hdr, tp, ts, xff string) {
		for _, enc := range []string{tracelog.EncodingJSON, tracelog.EncodingConsole} {
			var buf bytes.Buffer
			log, err := tracelog.New(tracelog.WithOutput(&buf), tracelog.WithEncoding(enc), tracelog.WithoutCaller())
			if err != nil {
				t.Fatal(err)
			}
			h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), log,
				httplog.WithRequestHeaders("X-Fuzz"), httplog.WithQuery(),
				httplog.WithTrustedProxies(httplog.MustParsePrefixes("10.0.0.0/8")...))
			r := (&http.Request{
				Method:     http.MethodGet,
				URL:        &url.URL{Path: path, RawQuery: query},
				Proto:      "HTTP/1.1",
				Header:     http.Header{"User-Agent": {ua}, "X-Fuzz": {hdr}, "Traceparent": {tp}, "Tracestate": {ts}, "X-Forwarded-For": {xff}},
				RemoteAddr: "10.0.0.1:1234",
			}).WithContext(t.Context())
			h.ServeHTTP(httptest.NewRecorder(), r)

			out := buf.String()
			if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
				t.Fatalf("%s: want exactly one line, got:\n%q", enc, out)
			}
			body := strings.TrimSuffix(out, "\n")
			if !utf8.ValidString(body) {
				t.Fatalf("%s: invalid UTF-8: %q", enc, body)
			}
			if enc == tracelog.EncodingConsole {
				// Tabs separate the console's columns; a tab in a
				// value is escaped.
				if n := strings.Count(body, "\t"); n != 3 {
					t.Fatalf("console: %d tabs, want 3: %q", n, body)
				}
				body = strings.ReplaceAll(body, "\t", " ")
			}
			for _, r := range body {
				if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
					t.Fatalf("%s: raw control character %U in %q", enc, r, body)
				}
			}
			if enc == tracelog.EncodingJSON {
				var m map[string]any
				if err := json.Unmarshal([]byte(body), &m); err != nil {
					t.Fatalf("not JSON: %v: %q", err, body)
				}
				if m["msg"] != httplog.MessageServer || len(m["trace_id"].(string)) != 32 {
					t.Fatalf("bad line %v", m)
				}
			}
		}
	})
}
