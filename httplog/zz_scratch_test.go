package httplog_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/tracelog/tracelog/httplog"
)

// TestZZMinTiming is a scratch measurement (not committed): the minimum
// ns/op of interleaved runs, robust to a loaded machine.
func TestZZMinTiming(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	log := discardLogger(t)
	mux := http.NewServeMux()
	mux.Handle("GET /users/{id}", hello)
	srv := httptest.NewServer(hello)
	defer srv.Close()
	ctx, _ := callerContext(t)
	bare := &http.Transport{}
	defer bare.CloseIdleConnections()
	logged := &http.Transport{}
	defer logged.CloseIdleConnections()
	rt := httplog.NewTransport(logged, log)

	server := func(h http.Handler) func(b *testing.B) {
		return func(b *testing.B) {
			r := httptest.NewRequest(http.MethodGet, "/users/42", nil)
			r.Header.Set("User-Agent", "bench/1.0")
			for b.Loop() {
				serveOnce(h, r)
			}
		}
	}
	client := func(rt http.RoundTripper) func(b *testing.B) {
		return func(b *testing.B) {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/users/42", nil)
			for b.Loop() {
				resp, err := rt.RoundTrip(req)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	}
	variants := []struct {
		name string
		f    func(*testing.B)
	}{
		{"server floor", server(mux)},
		{"server httplog", server(httplog.NewHandler(mux, log))},
		{"server minimal", server(minimalAccessLog(log, mux))},
		{"transport bare", client(bare)},
		{"transport httplog", client(rt)},
	}
	mins := make([]float64, len(variants))
	for round := 0; round < 15; round++ {
		for i, v := range variants {
			res := testing.Benchmark(v.f)
			ns := float64(res.T.Nanoseconds()) / float64(res.N)
			if round == 0 || ns < mins[i] {
				mins[i] = ns
			}
		}
	}
	for i, v := range variants {
		t.Logf("%-18s min %6.0f ns/op", v.name, mins[i])
	}
}
