package httplog_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/redact"
)

func TestServerHeadersAndQuery(t *testing.T) {
	mask := redact.Mask
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Set-Cookie", "session=abc123")
		w.Header().Set("X-Served-By", "node-7")
		w.Header().Add("X-Multi", "a")
		w.Header().Add("X-Multi", "b")
	})
	req := func() map[string]string {
		return map[string]string{
			"X-Request-Id":        "req-1",
			"Authorization":       "Bearer abc.def.ghi",
			"Proxy-Authorization": "Basic dXNlcjpwYXNz",
			"Cookie":              "session=abc123",
			"X-Api-Key":           "k-123",
			"X-Note":              "sent with bearer s3cr3tvalue inside",
		}
	}
	t.Run("off by default", func(t *testing.T) {
		log, out := newLog(t)
		srv := serve(t, httplog.NewHandler(handler, log))
		get(t, srv.Client(), srv.URL+"/search?q=shoes&token=t0k3n", req())
		l := out.wait(t, httplog.MessageServer, 1)[0]
		l.hasKeys(t, serverKeys...)
		if s := out.String(); strings.Contains(s, "t0k3n") || strings.Contains(s, "shoes") || strings.Contains(s, "abc123") {
			t.Errorf("query or header logged by default: %s", s)
		}
	})
	t.Run("allowlist", func(t *testing.T) {
		log, out := newLog(t)
		srv := serve(t, httplog.NewHandler(handler, log,
			httplog.WithRequestHeaders("x-request-id", "Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "X-Note", "X-Absent", "X-Request-Id"),
			httplog.WithResponseHeaders("Set-Cookie", "X-Served-By", "X-Multi"),
			httplog.WithQuery(),
		))
		get(t, srv.Client(), srv.URL+"/search?q=shoes&access_token=t0k3n&page=2&X-Amz-Signature=s1g&apiKey=k", req())
		l := out.wait(t, httplog.MessageServer, 1)[0]
		want := map[string]string{
			"http.request.header.x-request-id":        "req-1",
			"http.request.header.authorization":       mask,
			"http.request.header.proxy-authorization": mask,
			"http.request.header.cookie":              mask,
			"http.request.header.x-api-key":           mask,
			"http.response.header.set-cookie":         mask,
			"http.response.header.x-served-by":        "node-7",
			"http.response.header.x-multi":            "a, b",
			"url.query":                               "q=shoes&access_token=" + url.QueryEscape(mask) + "&page=2&X-Amz-Signature=" + url.QueryEscape(mask) + "&apiKey=" + url.QueryEscape(mask),
		}
		// A credential inside another value is masked by the redactor's
		// value patterns (their exact output is package redact's).
		if note := l.str("http.request.header.x-note"); !strings.Contains(note, mask) || !strings.HasPrefix(note, "sent with") {
			t.Errorf("x-note = %q, want the token masked", note)
		}
		keys := append([]string{"http.request.header.x-note"}, serverKeys...)
		for k, v := range want {
			keys = append(keys, k)
			if l.str(k) != v {
				t.Errorf("%s = %q, want %q", k, l.str(k), v)
			}
		}
		l.hasKeys(t, keys...)
		for _, secret := range []string{"abc.def", "dXNlcjpwYXNz", "abc123", "k-123", "s3cr3tvalue", "t0k3n", "s1g"} {
			if strings.Contains(out.String(), secret) {
				t.Errorf("secret %q reached the log", secret)
			}
		}
	})
	t.Run("custom redactor", func(t *testing.T) {
		r, err := redact.New(redact.WithDenyKeys("x-request-id", "q"))
		if err != nil {
			t.Fatal(err)
		}
		log, out := newLog(t)
		srv := serve(t, httplog.NewHandler(handler, log, httplog.WithRedactor(r), httplog.WithRedactor(nil),
			httplog.WithRequestHeaders("X-Request-Id"), httplog.WithQuery()))
		get(t, srv.Client(), srv.URL+"/search?q=shoes", req())
		l := out.wait(t, httplog.MessageServer, 1)[0]
		if l.str("http.request.header.x-request-id") != mask || l.str("url.query") != "q="+url.QueryEscape(mask) {
			t.Errorf("line %v", l)
		}
	})
}

func TestServerTruncation(t *testing.T) {
	log, out := newLog(t)
	h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), log,
		httplog.WithMaxValueLen(10), httplog.WithMaxPathLen(12), httplog.WithMaxValueLen(0),
		httplog.WithRequestHeaders("X-Long"), httplog.WithQuery())
	r := httptest.NewRequest(http.MethodGet, "/aaaaaaaaaa/bbbbbbbbbb?q="+strings.Repeat("x", 50), nil)
	r.Header.Set("User-Agent", strings.Repeat("u", 300))
	r.Header.Set("X-Long", "aéééééééé")
	h.ServeHTTP(httptest.NewRecorder(), r)
	l := out.wait(t, httplog.MessageServer, 1)[0]
	want := map[string]string{
		"url.path":                   "/aaaaaaaaaa/" + httplog.TruncateMark,
		"url.query":                  "q=xxxxxxxxxx" + httplog.TruncateMark,
		"user_agent.original":        strings.Repeat("u", 10) + httplog.TruncateMark,
		"http.request.header.x-long": "aéééé" + httplog.TruncateMark, // 10 bytes would split a rune
	}
	for k, v := range want {
		if l.str(k) != v {
			t.Errorf("%s = %q, want %q", k, l.str(k), v)
		}
	}
}

// Control characters in paths, headers and user agents cannot start a
// second line, in JSON or in the console encoding.
func TestServerNoForgedLines(t *testing.T) {
	evil := "x\r\n{\"level\":\"error\",\"msg\":\"forged\"}\n\x1b[31mred\u2028sep\u0085nel\x00"
	for _, enc := range []string{tracelog.EncodingJSON, tracelog.EncodingConsole} {
		t.Run(enc, func(t *testing.T) {
			var buf bytes.Buffer
			log, err := tracelog.New(tracelog.WithOutput(&buf), tracelog.WithEncoding(enc))
			if err != nil {
				t.Fatal(err)
			}
			h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), log,
				httplog.WithRequestHeaders("X-Evil"), httplog.WithQuery(),
				httplog.WithRouteFunc(func(*http.Request) string { return evil }))
			r := &http.Request{
				Method:     "GET\nforged",
				URL:        &url.URL{Path: "/a" + evil, RawQuery: "q=" + evil},
				Proto:      "HTTP/1.1\r\n",
				Header:     http.Header{"User-Agent": {evil}, "X-Evil": {evil}},
				RemoteAddr: evil,
			}
			r = r.WithContext(t.Context())
			h.ServeHTTP(httptest.NewRecorder(), r)
			got := buf.String()
			if n := strings.Count(got, "\n"); n != 1 || !strings.HasSuffix(got, "\n") {
				t.Fatalf("%d line breaks, want one line:\n%s", n, got)
			}
			for _, bad := range []string{"\r", "\x1b", "\u2028", "\u0085", "\x00"} {
				if strings.Contains(got, bad) {
					t.Errorf("raw %q in output:\n%s", bad, got)
				}
			}
		})
	}
}

// Values are redacted before they are cut (issue 16: a card number cut
// to 14 digits no longer looked like one and was written).
func TestServerRedactsBeforeCutting(t *testing.T) {
	log, out := newLog(t)
	h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("charge 4111 1111 1111 1111 failed")
	}), log, httplog.WithMaxValueLen(24), httplog.WithMaxPathLen(24))
	r := httptest.NewRequest(http.MethodGet, "/pay/4111111111111111/x", nil)
	r.Header.Set("User-Agent", "agent 4111 1111 1111 1111 end")
	h.ServeHTTP(httptest.NewRecorder(), r)
	l := out.wait(t, httplog.MessageServer, 1)[0]
	want := map[string]string{
		"url.path":            "/pay/" + redact.Mask + "/x",
		"user_agent.original": "agent " + redact.Mask + " end",
		httplog.KeyPanic:      "charge " + redact.Mask + " failed",
	}
	for k, v := range want {
		if l.str(k) != v {
			t.Errorf("%s = %q, want %q", k, l.str(k), v)
		}
	}
	if s := out.String(); strings.Contains(s, "4111 1111") || strings.Contains(s, "41111111") {
		t.Errorf("card digits survived: %s", s)
	}
}

// The client address a trusted proxy forwards is the client's own text:
// it is redacted before it is cut, as every value of the line.
func TestServerRedactsForwardedClient(t *testing.T) {
	log, out := newLog(t)
	h := httplog.NewHandler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), log,
		httplog.WithTrustedProxies(netip.MustParsePrefix("10.0.0.0/8")), httplog.WithMaxValueLen(24))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "10.0.0.1:1"
	r.Header.Set("X-Forwarded-For", "card 4111 1111 1111 1111 x")
	h.ServeHTTP(httptest.NewRecorder(), r)
	l := out.wait(t, httplog.MessageServer, 1)[0]
	if got, want := l.str("client.address"), "card "+redact.Mask+" x"; got != want {
		t.Errorf("client.address = %q, want %q", got, want)
	}
	if s := out.String(); strings.Contains(s, "4111 1111") {
		t.Errorf("card digits survived: %s", s)
	}
}

// In allowlist mode the access line keeps its own keys and types
// (issue 16: http.status became "[REDACTED]").
func TestServerLineInAllowlistMode(t *testing.T) {
	r, err := redact.New(redact.WithAllowKeys("user"))
	if err != nil {
		t.Fatal(err)
	}
	log, out := newLog(t, tracelog.WithRedactor(r))
	h := httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}), log, httplog.WithQuery())
	req := httptest.NewRequest(http.MethodGet, "/brew?kind=green&access_token=t0k3n", nil)
	req.Header.Set("User-Agent", "curl/8.0")
	h.ServeHTTP(httptest.NewRecorder(), req)
	l := out.wait(t, httplog.MessageServer, 1)[0]
	if got := l.num("http.response.status_code"); got != http.StatusTeapot {
		t.Errorf("http.status = %v, want %d", l["http.response.status_code"], http.StatusTeapot)
	}
	for k, v := range map[string]string{"http.request.method": "GET", "url.path": "/brew", "user_agent.original": "curl/8.0",
		"url.query": "kind=green&access_token=%5BREDACTED%5D"} {
		if l.str(k) != v {
			t.Errorf("%s = %q, want %q", k, l.str(k), v)
		}
	}
	// A caller's field with a library key is not the library's.
	log.Info("m", zap.String("http.response.status_code", "x"), zap.String("user", "ada"))
	if l := out.wait(t, "m", 1)[0]; l.str("http.response.status_code") != redact.Mask || l.str("user") != "ada" {
		t.Errorf("caller's line: %v", l)
	}
}
