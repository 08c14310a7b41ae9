package httplog_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/httplog"
)

// stubTransport answers every request with a small body, without a
// network, so that allocation counts are those of the wrappers alone.
type stubTransport struct{}

func (stubTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("hello")), ContentLength: 5, Request: r}, nil
}

// TestTransportAllocs holds NewTransport's allocations over the bare
// round trip, the line written to a tracelog JSON core, with a span in the
// caller's context and without one. Measured before the client hop got a
// span of its own: +20 with a caller's span, +17 without (no trace then:
// no trace keys, no traceparent). The hop's span adds one at most; without
// a caller's span the call now starts a trace and does the same work. The
// hop's context node then moved into the call's state: +20.
func TestTransportAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	log := discardLogger(t)
	ctx, _ := callerContext(t)
	for _, tt := range []struct {
		name string
		req  *http.Request
		max  float64
	}{
		{"caller span", mustRequest(t, ctx), 20},
		{"no span", mustRequest(t, t.Context()), 20},
	} {
		run := func(rt http.RoundTripper) func() {
			return func() {
				resp, err := rt.RoundTrip(tt.req)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
		floor := testing.AllocsPerRun(200, run(stubTransport{}))
		got := testing.AllocsPerRun(200, run(httplog.NewTransport(stubTransport{}, log)))
		t.Logf("%s: floor %v, httplog %v (+%v)", tt.name, floor, got, got-floor)
		if got-floor > tt.max {
			t.Errorf("%s: %v allocations over the floor, budget %v", tt.name, got-floor, tt.max)
		}
	}
}

func mustRequest(t *testing.T, ctx context.Context) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://users.internal/users/42", nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
