package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRejects(t *testing.T) {
	for _, args := range [][]string{
		{"-addr", "0.0.0.0:0"},
		{"-addr", "10.0.0.1:8080"},
		{"-addr", "nonsense"},
		{"-mode", "tracelog"}, // no -log
		{"-mode", "other", "-log", filepath.Join(t.TempDir(), "x.log")},
	} {
		if err := run(args, io.Discard); err == nil {
			t.Errorf("%q: want an error", args)
		}
	}
}

// TestServeAndStop runs each logging mode, line by line and buffered,
// serves two requests, stops it with SIGTERM and checks the count and the
// flushed log.
func TestServeAndStop(t *testing.T) {
	for _, tc := range []struct {
		mode, buffer, accessKey string
	}{
		{"tracelog", "0", `"msg":"http request"`},
		{"tracelog", "65536", `"msg":"http request"`},
		{"zap_httpsnoop", "0", `"path":"/users/42"`},
		{"zap_httpsnoop", "65536", `"path":"/users/42"`},
		{"peer", "0", `"path":"/users/42"`},
		{"peer", "65536", `"path":"/users/42"`},
	} {
		t.Run(tc.mode+"/"+tc.buffer, func(t *testing.T) { serveAndStop(t, tc.mode, tc.buffer, tc.accessKey) })
	}
}

func serveAndStop(t *testing.T, mode, buffer, accessKey string) {
	logPath := filepath.Join(t.TempDir(), mode+".log")
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-mode", mode, "-log", logPath, "-buffer", buffer, "-max-lifetime", "1m"}, pw)
		pw.Close()
	}()
	out := bufio.NewScanner(pr)
	if !out.Scan() || !strings.HasPrefix(out.Text(), "listening on ") {
		t.Fatalf("first line: %q", out.Text())
	}
	addr := strings.TrimPrefix(out.Text(), "listening on ")
	for range 2 {
		resp, err := http.Get("http://" + addr + "/users/42")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	http.DefaultClient.CloseIdleConnections()
	// The test process is the server here: signal ourselves.
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if !out.Scan() || out.Text() != "served 2" {
		t.Fatalf("last line: %q", out.Text())
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop")
	}
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), accessKey); n != 2 {
		t.Errorf("want 2 access lines, got %d:\n%s", n, data)
	}
}
