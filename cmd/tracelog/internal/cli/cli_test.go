package cli_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/cli"
	"github.com/tracelog/tracelog/cmd/tracelog/internal/logtest"
	"github.com/tracelog/tracelog/logger"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// run runs the command and returns its exit code, stdout and stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(args, cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut})
	return code, out.String(), errOut.String()
}

// shop writes the three services' logs into a new directory.
func shop(t *testing.T, profiles ...logger.Profile) (string, logtest.IDs) {
	t.Helper()
	dir := t.TempDir()
	ids, err := logtest.WriteShop(dir, profiles...)
	if err != nil {
		t.Fatal(err)
	}
	return dir, ids
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

// keyProfiles are the key profiles the services of the tests write.
var keyProfiles = []struct {
	name     string
	profiles []logger.Profile
}{
	{"otel", nil},
	{"ecs", []logger.Profile{logger.ECS()}},
	{"gcp", []logger.Profile{logger.GCP("shop-prod")}},
	{"datadog", []logger.Profile{logger.Datadog()}},
	{"otel+datadog", []logger.Profile{logger.OTel(), logger.Datadog()}},
}

// The tree is the same whatever key profile the services wrote, when asked
// for by the full trace ID: the hops, their routes, statuses and durations;
// the lines' other keys are those of the profile (one golden file each).
func TestTreeGolden(t *testing.T) {
	for _, tc := range keyProfiles {
		t.Run(tc.name, func(t *testing.T) {
			dir, ids := shop(t, tc.profiles...)
			code, out, errOut := run(t, "", "tree", "--color=never", ids.Trace.String(), dir)
			if code != cli.ExitFound || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			name := "tree.golden"
			if tc.profiles != nil && tc.profiles[0].String() != "otel" {
				name = "tree_" + tc.name + ".golden"
			}
			golden(t, name, out)
		})
	}
}

func TestTreeHopsOnlyGolden(t *testing.T) {
	dir, ids := shop(t)
	code, out, errOut := run(t, "", "tree", "--hops", "--width", "20", ids.Trace.String(), dir)
	if code != cli.ExitFound || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	golden(t, "tree_hops.golden", out)
}

func TestGrepGolden(t *testing.T) {
	dir, ids := shop(t)
	code, out, errOut := run(t, "", "grep", ids.Trace.String(), dir)
	if code != cli.ExitFound || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	golden(t, "grep.golden", out)
}

// traceLines returns, in time order, the lines of dir's files whose trace
// is the checkout's under the profile's key, decoded independently of the
// command with encoding/json.
func traceLines(t *testing.T, dir, timeKey, key, want string) []string {
	t.Helper()
	type line struct{ time, text string }
	var lines []line
	files, _ := filepath.Glob(filepath.Join(dir, "*.log"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatal(err)
			}
			if m[key] == want {
				lines = append(lines, line{m[timeKey].(string), l})
			}
		}
	}
	slices.SortStableFunc(lines, func(a, b line) int { return strings.Compare(a.time, b.time) })
	var out []string
	for _, l := range lines {
		out = append(out, l.text)
	}
	return out
}

func TestGrepProfiles(t *testing.T) {
	tests := []struct {
		name     string
		profiles []logger.Profile
		key      string
		value    func(ids logtest.IDs) string
		queries  func(ids logtest.IDs) []string
	}{
		{
			name: "otel", key: "trace_id",
			value: func(ids logtest.IDs) string { return ids.Trace.String() },
			queries: func(ids logtest.IDs) []string {
				return []string{
					ids.Trace.String(),
					strings.ToUpper(ids.Trace.String()),
					"00-" + ids.Trace.String() + "-" + ids.Frontend.String() + "-01",
					"projects/any/traces/" + ids.Trace.String(),
					lowDecimal(ids), // a Datadog ID finds the hex lines by their low 64 bits
				}
			},
		},
		{
			name: "ecs", profiles: []logger.Profile{logger.ECS()}, key: "trace.id",
			value:   func(ids logtest.IDs) string { return ids.Trace.String() },
			queries: func(ids logtest.IDs) []string { return []string{ids.Trace.String(), lowDecimal(ids)} },
		},
		{
			name: "gcp", profiles: []logger.Profile{logger.GCP("shop-prod")}, key: "logging.googleapis.com/trace",
			value: func(ids logtest.IDs) string { return "projects/shop-prod/traces/" + ids.Trace.String() },
			queries: func(ids logtest.IDs) []string {
				return []string{ids.Trace.String(), "projects/shop-prod/traces/" + ids.Trace.String()}
			},
		},
		{
			name: "datadog", profiles: []logger.Profile{logger.Datadog()}, key: "dd.trace_id",
			value: func(ids logtest.IDs) string { return lowDecimal(ids) },
			queries: func(ids logtest.IDs) []string {
				// The hex ID finds dd.trace_id lines by its low 64 bits.
				return []string{lowDecimal(ids), ids.Trace.String(), ids.Trace.String()[16:]}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, ids := shop(t, tc.profiles...)
			timeKey := logger.OTel().Name(logger.TimeKey)
			if tc.profiles != nil {
				timeKey = tc.profiles[0].Name(logger.TimeKey)
			}
			want := traceLines(t, dir, timeKey, tc.key, tc.value(ids))
			if len(want) != 11 {
				t.Fatalf("the test's own reading found %d lines, want 11", len(want))
			}
			for _, q := range tc.queries(ids) {
				code, out, errOut := run(t, "", "grep", "--json", q, dir)
				if code != cli.ExitFound || errOut != "" {
					t.Fatalf("grep %s: exit %d, stderr %q", q, code, errOut)
				}
				got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
				if !slices.Equal(got, want) {
					t.Errorf("grep %s:\ngot  %q\nwant %q", q, got, want)
				}
			}
		})
	}
}

func lowDecimal(ids logtest.IDs) string {
	var v uint64
	for _, b := range ids.Trace[8:] {
		v = v<<8 | uint64(b)
	}
	return strings.TrimSpace(strings.Repeat(" ", 0) + uintString(v))
}

func uintString(v uint64) string {
	if v == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for v > 0 {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[i:])
}

// Inputs: a directory (recursively), single files, gzip files, stdin.
func TestGrepInputs(t *testing.T) {
	dir, ids := shop(t)
	id := ids.Trace.String()
	_, want, _ := run(t, "", "grep", "--json", id, dir)
	if strings.Count(want, "\n") != 11 {
		t.Fatalf("want 11 lines, got:\n%s", want)
	}

	// Nested directories and a gzip file (named .gz, and one not).
	nested := t.TempDir()
	sub := filepath.Join(nested, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, filepath.Join(dir, "frontend.log"), filepath.Join(nested, "frontend.log"))
	gzipFile(t, filepath.Join(dir, "orders.log"), filepath.Join(sub, "orders.log.gz"))
	gzipFile(t, filepath.Join(dir, "payments.log"), filepath.Join(sub, "payments-rotated"))

	stdinData, err := os.ReadFile(filepath.Join(dir, "payments.log"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(stdinData)
	zw.Close()

	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"dir", "", []string{dir}},
		{"files", "", []string{filepath.Join(dir, "frontend.log"), filepath.Join(dir, "orders.log"), filepath.Join(dir, "payments.log")}},
		{"nested dirs and gzip", "", []string{nested}},
		{"stdin dash", string(stdinData), []string{filepath.Join(dir, "frontend.log"), "-", filepath.Join(dir, "orders.log")}},
		{"gzip stdin", gz.String(), []string{"-", filepath.Join(dir, "frontend.log"), filepath.Join(dir, "orders.log")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, got, errOut := run(t, tc.stdin, append([]string{"grep", "--json", id}, tc.args...)...)
			if code != cli.ExitFound || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}

	t.Run("stdin without arguments", func(t *testing.T) {
		all := readAll(t, dir)
		code, got, errOut := run(t, all, "grep", "--json", id)
		if code != cli.ExitFound || errOut != "" {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
		if got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
}

func readAll(t *testing.T, dir string) string {
	t.Helper()
	var all []byte
	for _, n := range []string{"frontend.log", "orders.log", "payments.log"} {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return string(all)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
