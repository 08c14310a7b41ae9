package cli_test

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/cli"
	"github.com/tracelog/tracelog/cmd/tracelog/internal/logtest"
)

// lineCounter counts the lines written through it.
type lineCounter struct {
	w     io.Writer
	lines int
}

func (c *lineCounter) Write(p []byte) (int, error) {
	c.lines += bytes.Count(p, []byte{'\n'})
	return c.w.Write(p)
}

// TestTreeFromVictoriaLogsAtScale loads at least a million generated lines
// of many traces into VictoriaLogs on loopback and times tracelog tree for
// one trace: it must answer in under a second. It needs the VictoriaLogs
// binary (TRACELOG_VICTORIALOGS, built by .ci/victorialogs);
// TRACELOG_SCALE_LINES changes the number of lines.
func TestTreeFromVictoriaLogsAtScale(t *testing.T) {
	bin := os.Getenv("TRACELOG_VICTORIALOGS")
	if bin == "" {
		t.Skip("TRACELOG_VICTORIALOGS is not set (build VictoriaLogs with .ci/victorialogs)")
	}
	want := 1_000_000
	if s := os.Getenv("TRACELOG_SCALE_LINES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("TRACELOG_SCALE_LINES=%q: want a number of lines", s)
		}
		want = n
	}
	addr := startVictoriaLogs(t, bin)

	// Load: the generated lines streamed into the JSON lines endpoint.
	// A line of logtest.WriteLoad is 300 to 360 bytes.
	pr, pw := io.Pipe()
	counter := &lineCounter{w: pw}
	var ids logtest.IDs
	go func() {
		var err error
		ids, err = logtest.WriteLoad(counter, int64(want)*400)
		pw.CloseWithError(err)
	}()
	began := time.Now()
	shipJSONLines(t, addr, pr)
	loaded := time.Since(began)
	if counter.lines < want {
		t.Fatalf("generated %d lines, want %d", counter.lines, want)
	}
	stored := countStored(t, addr)
	if stored != counter.lines {
		t.Fatalf("VictoriaLogs holds %d lines, %d were sent", stored, counter.lines)
	}
	t.Logf("loaded %d lines in %v", stored, loaded.Round(time.Millisecond))

	// Query: tracelog tree for the failing checkout, three times.
	since := logtest.Epoch.Add(-time.Hour).Format(time.RFC3339)
	args := []string{"tree", "--color=never", "--source", "http://" + addr, "--since", since, "--until", "24h", ids.Trace.String()}
	var times []time.Duration
	var out string
	for range 3 {
		began := time.Now()
		code, o, errOut := run(t, "", args...)
		times = append(times, time.Since(began))
		if code != cli.ExitFound || errOut != "" {
			t.Fatalf("tracelog %s: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
		}
		out = o
	}
	best := min(times[0], times[1], times[2])
	t.Logf("tracelog tree --source, one trace among %d lines: %v (best of %v)", stored, best.Round(time.Millisecond), times)
	if !strings.Contains(out, "4 hops in 3 services, 11 lines") || !strings.Contains(out, "payments shop.Payments/Charge") {
		t.Errorf("tree:\n%s", out)
	}
	// Reported, never asserted (the target is under 1 s).
	if best >= time.Second {
		t.Logf("tracelog tree took %v, above the 1 s target (is the machine loaded?)", best)
	}
}
