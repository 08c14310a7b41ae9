package cli_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/cli"
)

// asVictoriaLogs turns JSON lines into rows as VictoriaLogs answers them:
// msg and time as _msg and _time, nested objects flattened to dotted keys,
// every value a string, fields in alphabetical order.
func asVictoriaLogs(t *testing.T, lines []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(lines))
	for sc.Scan() {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		row := map[string]string{}
		var flat func(prefix string, v any)
		flat = func(prefix string, v any) {
			switch v := v.(type) {
			case map[string]any:
				for k, sub := range v {
					flat(prefix+k+".", sub)
				}
				return
			case string:
				row[strings.TrimSuffix(prefix, ".")] = v
			default:
				b, _ := json.Marshal(v)
				row[strings.TrimSuffix(prefix, ".")] = string(b)
			}
		}
		flat("", m)
		row["_msg"], row["_time"] = row["msg"], row["time"]
		delete(row, "msg")
		delete(row, "time")
		row["_stream"] = `{service.name="` + row["service.name"] + `"}`
		b, _ := json.Marshal(row) // sorts the keys
		out.Write(b)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// The shop's trace read from a VictoriaLogs-like store prints the tree it
// prints from the files.
func TestTreeFromSourceEqualsFiles(t *testing.T) {
	dir, ids := shop(t)
	_, fromFiles, _ := run(t, "", "tree", "--color=never", ids.Trace.String(), dir)
	code, jsonLines, _ := run(t, "", "grep", "--json", ids.Trace.String(), dir)
	if code != cli.ExitFound {
		t.Fatal("grep --json found nothing")
	}
	rows := asVictoriaLogs(t, []byte(jsonLines))
	var query string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query = r.FormValue("query")
		w.Write(rows)
	}))
	defer srv.Close()

	code, out, errOut := run(t, "", "tree", "--color=never", "--source", srv.URL, ids.Trace.String())
	if code != cli.ExitFound || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if out != fromFiles {
		t.Errorf("tree from the store:\n%s\nfrom the files:\n%s", out, fromFiles)
	}
	if !strings.Contains(query, ids.Trace.String()) {
		t.Errorf("query %q does not ask for the trace", query)
	}
	// TRACELOG_SOURCE is the default when no FILE is given.
	var sout, serr bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &sout, Stderr: &serr, Getenv: func(k string) string {
		if k == cli.EnvSource {
			return srv.URL
		}
		return ""
	}}
	if code := cli.Main([]string{"tree", "--color=never", ids.Trace.String()}, env); code != cli.ExitFound || sout.String() != fromFiles {
		t.Errorf("with %s: exit %d, stderr %q", cli.EnvSource, code, serr.String())
	}
}

// A failing store prints one line on stderr, nothing on stdout, and exits 2.
func TestSourceErrors(t *testing.T) {
	dir, ids := shop(t)
	_, jsonLines, _ := run(t, "", "grep", "--json", ids.Trace.String(), dir)
	rows := asVictoriaLogs(t, []byte(jsonLines))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String()
	l.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("case") {
		case "500":
			http.Error(w, "the store is down", http.StatusInternalServerError)
		case "malformed":
			w.Write(rows[:len(rows)/2])
			io.WriteString(w, "\nnot json\n")
		default:
			w.Write(rows)
		}
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unreachable", []string{"--source", refused}, "tracelog: victorialogs " + refused + ": cannot connect: connection refused\n"},
		{"5xx", []string{"--source", srv.URL + "?case=500"}, "tracelog: victorialogs " + srv.URL + "?case=500: HTTP 500: the store is down\n"},
		{"malformed", []string{"--source", srv.URL + "?case=malformed"}, "malformed answer: line "},
		{"limit", []string{"--source", srv.URL, "--limit", "3"}, "the answer has more than --limit 3 lines: narrow --since/--until or raise --limit\n"},
		{"bad URL", []string{"--source", "127.0.0.1:9428"}, "want an http(s) URL of the store"},
		{"bad since", []string{"--source", srv.URL, "--since", "yesterday"}, ": --since \"yesterday\": want a duration"},
		{"since after until", []string{"--source", srv.URL, "--since", "1h", "--until", "2h"}, "is not before --until"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, cmd := range []string{"tree", "grep"} {
				args := append([]string{cmd, ids.Trace.String()}, tc.args...)
				code, out, errOut := run(t, "", args...)
				if code != cli.ExitError || out != "" || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
					t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2, no output, one line with %q", cmd, code, out, errOut, tc.want)
				}
			}
		})
	}
}

// Errors of the command name no internal package.
func TestErrorsNameNoPackage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.log")
	if err := os.WriteFile(path, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"grep", "zz", path}, {"tree", "0000", path}, {"grep", "4bf92f3577b34da6a3ce929d0e0e4736", filepath.Join(dir, "missing")},
		{"tree", "--source", "ftp://x", "4bf92f3577b34da6a3ce929d0e0e4736"},
	} {
		_, _, errOut := run(t, "", args...)
		for _, pkg := range []string{"tracefind", "source:", "cli:", "logtest"} {
			if strings.Contains(errOut, pkg) {
				t.Errorf("%v: stderr %q names %s", args, errOut, pkg)
			}
		}
		if errOut == "" {
			t.Errorf("%v: no error", args)
		}
	}
}

// A trace the store does not hold exits 1 and names the store and window.
func TestSourceNotFound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	code, out, errOut := run(t, "", "grep", "--source", srv.URL, "--since", "2026-11-21T18:00:00Z", "--until", "2026-11-21T19:00:00Z", "4bf92f3577b34da6a3ce929d0e0e4736")
	want := "tracelog: no line of trace 4bf92f3577b34da6a3ce929d0e0e4736 in victorialogs " + srv.URL + " from 2026-11-21T18:00:00Z to 2026-11-21T19:00:00Z\n"
	if code != cli.ExitNotFound || out != "" || errOut != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, want)
	}
}

// The store's flags without a store are a usage error, not ignored.
func TestSourceFlagsNeedASource(t *testing.T) {
	dir, ids := shop(t)
	for _, flag := range []string{"--since=1h", "--until=1h", "--limit=5"} {
		code, out, errOut := run(t, "", "tree", flag, ids.Trace.String(), dir)
		if code != cli.ExitError || out != "" || !strings.Contains(errOut, "reads a log store: give --source") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", flag, code, out, errOut)
		}
	}
}
