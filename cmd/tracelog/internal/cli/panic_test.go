package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/cli"
)

// A hop whose handler panicked shows the panic value under its row, with
// or without its lines, quoted so that no byte of it reaches the terminal
// raw.
func TestTreeShowsPanicValue(t *testing.T) {
	const id = "4bf92f3577b34da6a3ce929d0e0e4736"
	lines := `{"time":"2026-11-21T18:21:19.100Z","level":"info","msg":"http request","service.name":"frontend","trace_id":"` + id + `","span_id":"00f067aa0ba90901","http.request.method":"GET","http.route":"/cart","http.response.status_code":500,"duration":40}
{"time":"2026-11-21T18:21:19.090Z","level":"error","msg":"grpc call","service.name":"orders","trace_id":"` + id + `","span_id":"00f067aa0ba90902","tracelog.parent_span_id":"00f067aa0ba90901","rpc.method":"shop.Orders/Get","rpc.status_code":"Internal","duration":10,"tracelog.panic.value":"runtime error: index out of range [3] with length 3\u001b[31m","tracelog.panic.stacktrace":"goroutine 7 [running]:"}
{"time":"2026-11-21T18:21:19.085Z","level":"info","msg":"loading","service.name":"orders","trace_id":"` + id + `","span_id":"00f067aa0ba90902"}
`
	path := filepath.Join(t.TempDir(), "shop.log")
	if err := os.WriteFile(path, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	want := `        panic: "runtime error: index out of range [3] with length 3\x1b[31m"`
	for _, args := range [][]string{{"tree", "--color=never", id, path}, {"tree", "--hops", id, path}} {
		code, out, errOut := run(t, "", args...)
		if code != cli.ExitFound || errOut != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
		}
		rows := strings.Split(out, "\n")
		i := 0
		for i < len(rows) && !strings.HasPrefix(rows[i], "└── orders shop.Orders/Get") {
			i++
		}
		if i+1 >= len(rows) || rows[i+1] != want {
			t.Errorf("%v: want the panic value under the orders hop:\n%s", args, out)
		}
		if strings.Count(out, "panic:") != 1 {
			t.Errorf("%v: want one panic line:\n%s", args, out)
		}
	}
}
