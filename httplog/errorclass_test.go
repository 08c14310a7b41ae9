package httplog_test

import (
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/tracelog/tracelog/httplog"
)

// The error class of a request follows OpenTelemetry's HTTP conventions:
// a server's line has one for a 5xx status only (4xx are the client's
// fault); a client's line for a 4xx or 5xx status. A line of a request
// that did not fail has none, and no error kind either (no error).
func TestErrorClassOfStatus(t *testing.T) {
	for _, tt := range []struct {
		status         int
		server, client string
	}{
		{200, "", ""},
		{302, "", ""},
		{404, "", "404"},
		{499, "", "499"},
		{500, "500", "500"},
		{503, "503", "503"},
	} {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			log, out := newLog(t)
			srv := serve(t, httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
			}), log))
			client := &http.Client{
				Transport:     httplog.NewTransport(srv.Client().Transport, log),
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			}
			resp, err := client.Get(srv.URL + "/x")
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			for _, c := range []struct {
				msg, want string
			}{{httplog.MessageServer, tt.server}, {httplog.MessageClient, tt.client}} {
				l := out.wait(t, c.msg, 1)[0]
				got, ok := l[httplog.KeyErrorClass]
				if (c.want == "") == ok || (ok && got != c.want) {
					t.Errorf("%s: %s = %v, want %q", c.msg, httplog.KeyErrorClass, got, c.want)
				}
				if _, ok := l[httplog.KeyErrorType]; ok {
					t.Errorf("%s: %s without an error: %v", c.msg, httplog.KeyErrorType, l)
				}
			}
		})
	}
}
