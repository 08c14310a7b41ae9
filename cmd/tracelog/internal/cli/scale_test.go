package cli_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
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
	resp, err := http.Post("http://"+addr+"/insert/jsonline?_msg_field=msg&_time_field=time&_stream_fields=service.name",
		"application/stream+json", pr)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("loading: HTTP %d: %s", resp.StatusCode, body)
	}
	if _, err := http.Get("http://" + addr + "/internal/force_flush"); err != nil {
		t.Fatal(err)
	}
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
	if best >= time.Second {
		t.Errorf("tracelog tree took %v, want under 1s", best)
	}
}

// startVictoriaLogs runs VictoriaLogs on loopback with a data directory of
// its own, keeping lines of any age, and stops it by PID at the end.
func startVictoriaLogs(t *testing.T, bin string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, "-storageDataPath="+filepath.Join(t.TempDir(), "data"), "-httpListenAddr="+addr,
		"-retentionPeriod=100y", "-loggerLevel=WARN")
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("VictoriaLogs log:\n%s", log.String())
		}
	})
	for deadline := time.Now().Add(30 * time.Second); ; {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return addr
		}
		if time.Now().After(deadline) {
			t.Fatalf("VictoriaLogs does not listen on %s:\n%s", addr, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// countStored counts the lines VictoriaLogs holds.
func countStored(t *testing.T, addr string) int {
	t.Helper()
	resp, err := http.PostForm("http://"+addr+"/select/logsql/query", map[string][]string{"query": {"* | stats count() n"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var n int
	if _, err := fmt.Sscanf(strings.TrimSpace(string(body)), `{"n":"%d"}`, &n); err != nil {
		t.Fatalf("count: %q: %v", body, err)
	}
	return n
}
