package tracefind_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// writeLines writes lines into a new file and returns its input.
func writeLines(t testing.TB, lines ...string) []tracefind.Input {
	t.Helper()
	path := filepath.Join(t.TempDir(), "app.log")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ins, errs := tracefind.ExpandInputs([]string{path}, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return ins
}

func access(service, method, route string, status int, durMS float64) string {
	return fmt.Sprintf(`{"level":"info","time":"2026-11-21T18:21:19.000000000Z","msg":"http request","service.name":%q,"http.request.method":%q,"http.route":%q,"http.response.status_code":%d,"duration":%g}`,
		service, method, route, status, durMS)
}

func grpcAccess(service, svc, method, code string, dur string) string {
	return fmt.Sprintf(`{"level":"info","msg":"grpc call","service.name":%q,"rpc.method":%q,"rpc.status_code":%q,"duration":%q}`,
		service, svc+"/"+method, code, dur)
}

// Percentiles on known distributions: exact below 256 lines a route,
// within 1% above.
func TestStatsPercentiles(t *testing.T) {
	var lines []string
	rnd := rand.New(rand.NewPCG(3, 4))
	// 1..1000 ms, once each, shuffled: nearest-rank p50 = 500, p95 = 950,
	// p99 = 990.
	for _, i := range rnd.Perm(1000) {
		status := 200
		if i%50 == 0 {
			status = 503 // 20 errors
		}
		lines = append(lines, access("frontend", "GET", "/big", status, float64(i+1)))
	}
	// 1..100 ms: p50 = 50, p95 = 95, p99 = 99, exactly.
	for _, i := range rnd.Perm(100) {
		lines = append(lines, access("frontend", "GET", "/small", 200, float64(i+1)))
	}
	// gRPC with console-style durations, 2 of 4 server faults (NotFound is
	// the client's).
	for _, c := range []string{"OK", "Internal", "NotFound", "Unavailable"} {
		lines = append(lines, grpcAccess("payments", "shop.Payments", "Charge", c, "1.5ms"))
	}
	routes, res := tracefind.Stats(writeLines(t, lines...))
	if res.Skipped.Total() != 0 || len(res.Errs) != 0 {
		t.Fatalf("skipped %+v, errors %v", res.Skipped, res.Errs)
	}
	want := []struct {
		service, route string
		count, errors  int64
		p50, p95, p99  float64 // ms
		tolerance      float64 // relative
	}{
		{"frontend", "GET /big", 1000, 20, 500, 950, 990, 0.01},
		{"frontend", "GET /small", 100, 0, 50, 95, 99, 0},
		{"payments", "shop.Payments/Charge", 4, 2, 1.5, 1.5, 1.5, 0},
	}
	if len(routes) != len(want) {
		t.Fatalf("got %d routes, want %d: %+v", len(routes), len(want), routes)
	}
	for i, w := range want {
		r := routes[i]
		if r.Service != w.service || r.Route != w.route || r.Count != w.count || r.Errors != w.errors {
			t.Errorf("route %d = %s %s count %d errors %d, want %s %s %d %d", i, r.Service, r.Route, r.Count, r.Errors, w.service, w.route, w.count, w.errors)
		}
		for _, q := range []struct {
			name string
			got  time.Duration
			want float64
		}{{"p50", r.P50, w.p50}, {"p95", r.P95, w.p95}, {"p99", r.P99, w.p99}} {
			got := float64(q.got) / float64(time.Millisecond)
			if diff := got - q.want; diff > q.want*w.tolerance || -diff > q.want*w.tolerance {
				t.Errorf("%s %s = %vms, want %vms ± %v%%", w.route, q.name, got, q.want, 100*w.tolerance)
			}
		}
	}
}

// The sampler's summary lines: fields first, else the message.
func TestStatsSampledOut(t *testing.T) {
	lines := []string{
		access("frontend", "GET", "/healthz", 200, 1),
		access("frontend", "GET", "/healthz", 200, 1),
		// Fields (the form the sampler writes).
		`{"level":"info","msg":"sampled out 48213 lines of route GET /healthz","service.name":"frontend","tracelog.sampling.route":"GET /healthz","tracelog.sampling.dropped":48213}`,
		// The message alone.
		`{"level":"info","msg":"sampled out 7 lines of route GET /healthz","service.name":"frontend"}`,
		// Fields win over the message.
		`{"level":"info","msg":"sampled out 1 line of route GET /x","service.name":"frontend","tracelog.sampling.route":"GET /healthz","tracelog.sampling.dropped":"10"}`,
		// A route with no line kept.
		`{"level":"info","msg":"sampled out 5 lines of route GET /metrics","service.name":"frontend"}`,
		// Not a count: ignored.
		`{"level":"info","msg":"sampled out everything","service.name":"frontend"}`,
	}
	routes, _ := tracefind.Stats(writeLines(t, lines...))
	got := map[string][2]int64{}
	for _, r := range routes {
		got[r.Service+" "+r.Route] = [2]int64{r.Count, r.SampledOut}
	}
	want := map[string][2]int64{
		"frontend GET /healthz": {2, 48213 + 7 + 10},
		"frontend GET /metrics": {0, 5},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// Routes past the limit go to one bucket.
func TestStatsMaxRoutes(t *testing.T) {
	var lines []string
	for i := 0; i < 10; i++ {
		for j := 0; j <= i; j++ {
			lines = append(lines, access("api", "GET", fmt.Sprintf("/r%d", i), 200, 1))
		}
	}
	routes, _ := tracefind.Stats(writeLines(t, lines...), tracefind.WithMaxRoutes(3))
	if len(routes) != 4 {
		t.Fatalf("got %d routes, want 3 and the other bucket: %+v", len(routes), routes)
	}
	last := routes[3]
	if last.Service != "*" || last.Route != tracefind.OtherRoute || last.Count != 55-1-2-3 {
		t.Errorf("other bucket = %+v", last)
	}
}
