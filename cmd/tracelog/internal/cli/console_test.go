package cli_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/cmd/tracelog/internal/cli"
	"github.com/tracelog/tracelog/cmd/tracelog/internal/logtest"
)

// Lines of tracelog's console encoding are read too, durations as text.
func TestConsoleEncoding(t *testing.T) {
	var buf bytes.Buffer
	clock := &logtest.Clock{}
	log, err := tracelog.New(tracelog.WithService("orders", "1"), tracelog.WithOutput(&buf),
		tracelog.WithEncoding(tracelog.EncodingConsole), tracelog.WithZapOptions(zap.WithClock(clock)))
	if err != nil {
		t.Fatal(err)
	}
	ids := logtest.NewIDs(1)
	ctx := logtest.SpanContext(ids.Trace, ids.Orders)
	clock.Set(logtest.Epoch)
	log.Info("reading stock", zap.Any("ctx", ctx))
	clock.Set(logtest.Epoch.Add(2 * time.Millisecond))
	logtest.HTTPAccess{Method: "GET", Route: "/stock/{sku}", Path: "/stock/1", Status: 200, Duration: 1500 * time.Microsecond}.Log(log, ctx)

	code, out, errOut := run(t, buf.String(), "tree", "--hops", "--width", "10", ids.Trace.String())
	if code != cli.ExitFound || errOut != "" {
		t.Fatalf("exit %d, stderr %q, input:\n%s", code, errOut, buf.String())
	}
	if !strings.Contains(out, "orders GET /stock/{sku}   200      1.50ms  |  ████████|") || !strings.Contains(out, "1 hop in 1 service, 2 lines") {
		t.Errorf("tree:\n%s\ninput:\n%s", out, buf.String())
	}
}

func TestStatsJSON(t *testing.T) {
	dir, _ := shop(t)
	code, out, errOut := run(t, "", "stats", "--json", dir)
	if code != cli.ExitFound || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 {
		t.Fatalf("got %d routes:\n%s", len(lines), out)
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[2]), &first); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"service": "frontend", "route": "GET /checkout", "count": 1.0, "errors": 1.0, "error_rate": 1.0,
		"p50_ms": 100.0, "p95_ms": 100.0, "p99_ms": 100.0, "sampled_out": 0.0,
	}
	if len(first) != len(want) {
		t.Errorf("keys %v, want %v", first, want)
	}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("%s = %v, want %v", k, first[k], v)
		}
	}
}
