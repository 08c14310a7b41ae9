package cli_test

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tracelog/tracelog/logger"
)

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

// shipJSONLines sends tracelog's JSON lines to VictoriaLogs' JSON lines
// endpoint and makes them searchable at once.
func shipJSONLines(t *testing.T, addr string, lines io.Reader, profiles ...logger.Profile) {
	t.Helper()
	// The store reads each line's time and message from the keys of the
	// profile that wrote it, as a shipper is set up for it.
	p := logger.OTel()
	if len(profiles) > 0 {
		p = profiles[0]
	}
	q := url.Values{"_msg_field": {p.Name(logger.MessageKey)}, "_time_field": {p.Name(logger.TimeKey)}, "_stream_fields": {"service.name"}}
	resp, err := http.Post("http://"+addr+"/insert/jsonline?"+q.Encode(), "application/stream+json", lines)
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
}
