package httplog_test

import (
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
)

// A logged header's values have the type the profile's schema gives them:
// OpenTelemetry's http.request.header.<name> and
// http.response.header.<name> are string[] (and GCP's jsonPayload has
// OTel's names), so every value is an element, masked and cut on its own,
// all of them within the value limit; ECS and Datadog have no key for one
// header, and tracelog's extension keys hold the values joined in one
// string. Server and client lines alike.
func TestHeaderValuesFollowTheProfile(t *testing.T) {
	const mask = "[REDACTED]"
	for _, tt := range []struct {
		p      logger.Profile
		prefix string
		arrays bool
	}{
		{logger.OTel(), "http.", true},
		{logger.GCP("p"), "http.", true},
		{logger.ECS(), "tracelog.http.", false},
		{logger.Datadog(), "tracelog.http.", false},
	} {
		t.Run(tt.p.String(), func(t *testing.T) {
			log, out := newLog(t, tracelog.WithProfiles(tt.p))
			opts := []httplog.Option{
				httplog.WithRequestHeaders("X-Multi", "Authorization", "X-One", "X-Long"),
				httplog.WithResponseHeaders("X-Served-By"),
				httplog.WithMaxValueLen(10),
			}
			srv := serve(t, httplog.NewHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["X-Served-By"] = []string{"n1", "n2"}
			}), log, opts...))
			client := &http.Client{Transport: httplog.NewTransport(srv.Client().Transport, log, opts...)}
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/x", nil)
			req.Header["X-Multi"] = []string{"a", "b"}
			req.Header["Authorization"] = []string{"Bearer s3cr3t", "Basic dXNlcjpwYXNz"}
			req.Header["X-One"] = []string{"1"}
			req.Header["X-Long"] = []string{"aaaaaa", "bbbbbb", "cccccc"}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()

			want := map[string]any{
				"request.header.x-multi":       "a, b",
				"request.header.authorization": mask,
				"request.header.x-one":         "1",
				"request.header.x-long":        "aaaaaa, bb" + httplog.TruncateMark,
				"response.header.x-served-by":  "n1, n2",
			}
			if tt.arrays {
				want = map[string]any{
					"request.header.x-multi": []any{"a", "b"},
					// The logger's redaction masks a field whose key
					// names a credential whole, keeping it an array.
					"request.header.authorization": []any{mask},
					"request.header.x-one":         []any{"1"},
					// Each value cut to what the limit leaves; the rest
					// left out.
					"request.header.x-long":       []any{"aaaaaa", "bbbb" + httplog.TruncateMark},
					"response.header.x-served-by": []any{"n1", "n2"},
				}
			}
			msgKey := tt.p.Keys()[logger.MessageKey]
			for _, msg := range []string{httplog.MessageServer, httplog.MessageClient} {
				var l line
				for _, x := range out.lines(t) {
					if x[msgKey] == msg {
						l = x
					}
				}
				for k, v := range want {
					if got := l[tt.prefix+k]; fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", v) {
						t.Errorf("%s: %s%s = %#v, want %#v", msg, tt.prefix, k, got, v)
					}
				}
			}
		})
	}
}
