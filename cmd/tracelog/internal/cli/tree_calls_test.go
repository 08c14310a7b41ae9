package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/cli"
)

// A handler that calls the same service twice, each call with a span of
// its own (as httplog and grpclog log them): the tree shows two edges, and
// each client line points at the hop it started.
func TestTreeTwoCalls(t *testing.T) {
	const tid = "4bf92f3577b34da6a3ce929d0e0e4736"
	line := func(ms int, svc, msg, span, parent, extra string) string {
		p := ""
		if parent != "" {
			p = `,"tracelog.parent_span_id":"` + parent + `"`
		}
		return fmt.Sprintf(`{"level":"info","time":"2026-11-21T18:21:19.%03dZ","msg":%q,"service.name":%q,"trace_id":%q,"span_id":%q%s%s}`, ms, msg, svc, tid, span, p, extra)
	}
	const a, c1, c2, b1, b2 = "00000000000000a1", "00000000000000c1", "00000000000000c2", "00000000000000b1", "00000000000000b2"
	lines := []string{
		line(10, "front", "http client request", c1, a, `,"http.request.method":"GET","url.path":"/users/1","http.response.status_code":200,"duration":4`),
		line(10, "users", "http request", b1, c1, `,"http.request.method":"GET","http.route":"/users/{id}","http.response.status_code":200,"duration":3`),
		line(20, "front", "http client request", c2, a, `,"http.request.method":"GET","url.path":"/users/2","http.response.status_code":200,"duration":4`),
		line(20, "users", "http request", b2, c2, `,"http.request.method":"GET","http.route":"/users/{id}","http.response.status_code":200,"duration":3`),
		line(30, "front", "http request", a, "", `,"http.request.method":"GET","http.route":"/page","http.response.status_code":200,"duration":25`),
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "all.log"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "tree", "--color=never", tid, dir)
	if code != cli.ExitFound || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if n := strings.Count(out, "→ users GET /users/{id}"); n != 2 {
		t.Errorf("%d client lines point at their callee, want 2:\n%s", n, out)
	}
	if !strings.Contains(out, "├── users GET /users/{id}") || !strings.Contains(out, "└── users GET /users/{id}") {
		t.Errorf("want two edges to users:\n%s", out)
	}
}
