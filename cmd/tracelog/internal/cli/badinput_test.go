package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/cli"
)

// Bad lines are skipped and counted, never fatal; good lines around them
// are all found.
func TestBadInputCounted(t *testing.T) {
	dir, ids := shop(t)
	id := ids.Trace.String()
	good, err := os.ReadFile(filepath.Join(dir, "orders.log"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\n") // each ends in "\n" but an empty last
	bad := []string{
		"plain text, not JSON\n",
		"\x00\x01\x02binary\xff\xfe data " + id + "\n",              // binary, holding the ID
		`{"level":"info","trace_id":"` + id + `","msg":"cut` + "\n", // truncated
		`{"level":"info","trace_id":"` + id + `",,"x":1}` + "\n",    // malformed, holding the ID
		`{"level":"info","msg":"malformed but not ours",,}` + "\n",  // not read: no ID
		"{" + strings.Repeat(`"k":"`+id+`",`, 40) + `"z":1}` + "\n", // too long for --max-line 1024
		"\n", "   \r\n", // blank lines are not counted
	}
	var mixed strings.Builder
	for i, l := range lines {
		mixed.WriteString(l)
		if i < len(bad) {
			mixed.WriteString(bad[i])
		}
	}
	mixed.WriteString(`{"msg":"last line without a newline","trace_id":"` + id + `"}`)
	path := filepath.Join(dir, "orders.log")
	if err := os.WriteFile(path, []byte(mixed.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := run(t, "", "grep", "--json", "--max-line", "1024", id, dir)
	if code != cli.ExitFound {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if n := strings.Count(out, "\n"); n != 12 {
		t.Errorf("got %d lines, want the 11 of the trace and the last line:\n%s", n, out)
	}
	if !strings.Contains(out, "last line without a newline") {
		t.Errorf("the input's last line, without a line ending, is missing:\n%s", out)
	}
	wantErr := "tracelog: skipped 2 lines that are not JSON\n" +
		"tracelog: skipped 2 lines of malformed or truncated JSON\n" +
		"tracelog: skipped 1 line longer than 1 KiB\n"
	if errOut != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", errOut, wantErr)
	}
}

// A line longer than the read buffer is skipped whole, however long, and
// the lines after it are read.
func TestVeryLongLine(t *testing.T) {
	dir, ids := shop(t)
	id := ids.Trace.String()
	data, err := os.ReadFile(filepath.Join(dir, "payments.log"))
	if err != nil {
		t.Fatal(err)
	}
	long := `{"msg":"` + strings.Repeat("x", 3<<20) + `","trace_id":"` + id + `"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "payments.log"), []byte(long+string(data)+long), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "grep", "--json", id, dir)
	if code != cli.ExitFound {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if n := strings.Count(out, "\n"); n != 11 {
		t.Errorf("got %d lines, want 11", n)
	}
	if errOut != "tracelog: skipped 2 lines longer than 1 MiB\n" {
		t.Errorf("stderr %q", errOut)
	}
}

func TestExitCodes(t *testing.T) {
	dir, ids := shop(t)
	id := ids.Trace.String()
	missing := filepath.Join(dir, "nope.log")
	tests := []struct {
		name    string
		args    []string
		code    int
		stderr  string // a part of it
		stdoutN int    // lines on stdout
	}{
		{"found", []string{"grep", id, dir}, cli.ExitFound, "", 11},
		{"not found", []string{"grep", "0af7651916cd43dd8448eb211c80319c", dir}, cli.ExitNotFound, "no line of trace 0af7651916cd43dd8448eb211c80319c", 0},
		{"tree not found", []string{"tree", "0af7651916cd43dd8448eb211c80319c", dir}, cli.ExitNotFound, "no line of trace", 0},
		{"bad trace ID", []string{"grep", "xyz", dir}, cli.ExitError, `trace ID "xyz"`, 0},
		{"zero trace ID", []string{"grep", strings.Repeat("0", 32), dir}, cli.ExitError, "all zero", 0},
		{"no trace ID", []string{"grep"}, cli.ExitError, "missing TRACE_ID", 0},
		{"missing file", []string{"grep", id, missing}, cli.ExitError, "nope.log: no such file or directory", 0},
		{"missing file among good ones", []string{"grep", id, dir, missing}, cli.ExitError, "nope.log: no such file or directory", 11},
		{"unknown command", []string{"find", id}, cli.ExitError, `unknown command "find"`, 0},
		{"no command", nil, cli.ExitError, "usage: tracelog", 0},
		{"unknown flag", []string{"grep", "--bogus", id, dir}, cli.ExitError, "flag provided but not defined: -bogus", 0},
		{"bad color", []string{"grep", "--color=sometimes", id, dir}, cli.ExitError, "want auto, always or never", 0},
		{"bad width", []string{"tree", "--width", "3", id, dir}, cli.ExitError, "--width 3", 0},
		{"bad max line", []string{"grep", "--max-line", "10", id, dir}, cli.ExitError, "--max-line 10: want 256", 0},
		{"help", []string{"grep", "-h"}, cli.ExitFound, "usage: tracelog grep", 0},
		{"flags after arguments", []string{"grep", id, dir, "--json"}, cli.ExitFound, "", 11},
		{"stats", []string{"stats", dir}, cli.ExitFound, "", 7},
		{"stats without access lines", []string{"stats", missing}, cli.ExitError, "no such file", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if tc.stderr == "" && errOut != "" || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("stderr %q, want it to hold %q", errOut, tc.stderr)
			}
			if n := strings.Count(out, "\n"); n != tc.stdoutN {
				t.Errorf("%d lines on stdout, want %d:\n%s", n, tc.stdoutN, out)
			}
		})
	}
}

func TestStatsNothingFound(t *testing.T) {
	code, out, errOut := run(t, `{"msg":"hello","level":"info"}`+"\n", "stats")
	if code != cli.ExitNotFound || out != "" || !strings.Contains(errOut, "no access lines") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestColor(t *testing.T) {
	dir, ids := shop(t)
	id := ids.Trace.String()
	tests := []struct {
		name  string
		args  []string
		env   map[string]string
		color bool
	}{
		{"auto, not a terminal", nil, nil, false},
		{"always", []string{"--color=always"}, nil, true},
		{"always beats NO_COLOR", []string{"--color", "always"}, map[string]string{"NO_COLOR": "1"}, true},
		{"never", []string{"--color=never"}, nil, false},
	}
	for _, tc := range tests {
		for _, cmd := range []string{"grep", "tree"} {
			t.Run(tc.name+"/"+cmd, func(t *testing.T) {
				var out, errOut strings.Builder
				args := append(append([]string{cmd}, tc.args...), id, dir)
				code := cli.Main(args, cli.Env{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return tc.env[k] }})
				if code != cli.ExitFound {
					t.Fatalf("exit %d: %s", code, errOut.String())
				}
				if got := strings.Contains(out.String(), "\x1b["); got != tc.color {
					t.Errorf("escape codes: %v, want %v", got, tc.color)
				}
			})
		}
	}
}
