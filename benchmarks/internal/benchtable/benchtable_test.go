package benchtable_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/benchmarks/internal/benchtable"
)

func parseFile(t *testing.T, name string) *benchtable.Run {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	run, err := benchtable.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func TestParse(t *testing.T) {
	run := parseFile(t, "testdata/bench.txt")
	if run.CPU != "Intel(R) Xeon(R) Processor" || len(run.Pkgs) != 1 {
		t.Errorf("headers: %q %q", run.CPU, run.Pkgs)
	}
	type want struct {
		group, cas string
		procs, ns  int
		mem        bool
	}
	wants := []want{
		{"CorrelatedLine", "floor", 2, 3, true},
		{"CorrelatedLine", "tracelog", 2, 3, true},
		{"GRPCUnaryCall", "floor", 2, 1, true},
		{"GRPCUnaryCall", "ggm_logging_zap", 2, 1, true},
		{"NoFloor", "x", 2, 1, false},
		{"Plain", "", 1, 1, true},
	}
	if len(run.Results) != len(wants) {
		t.Fatalf("got %d results, want %d", len(run.Results), len(wants))
	}
	for i, w := range wants {
		r := run.Results[i]
		if r.Group != w.group || r.Case != w.cas || r.Procs != w.procs || len(r.Ns) != w.ns || (len(r.Allocs) > 0) != w.mem {
			t.Errorf("result %d: got %+v, want %+v", i, r, w)
		}
	}
	if got := run.Results[1].Ns; got[0] != 450 || got[1] != 600 || got[2] != 480 {
		t.Errorf("tracelog ns: %v", got)
	}
}

func TestParseBadLine(t *testing.T) {
	_, err := benchtable.Parse(strings.NewReader("BenchmarkX-2 10 abc ns/op\n"))
	if err == nil {
		t.Fatal("want an error for an unreadable value")
	}
}

func TestSummarize(t *testing.T) {
	tables := benchtable.Summarize(parseFile(t, "testdata/bench.txt"))
	if len(tables) != 4 {
		t.Fatalf("got %d tables", len(tables))
	}
	line := tables[0]
	floor, tl := line.Rows[0], line.Rows[1]
	if floor.Ns != 300 || tl.Ns != 480 || tl.Runs != 3 {
		t.Errorf("medians: floor %v, tracelog %v", floor.Ns, tl.Ns)
	}
	if math.Abs(tl.Ratio-1.6) > 1e-9 || floor.Ratio != 1 {
		t.Errorf("ratios: %v %v", tl.Ratio, floor.Ratio)
	}
	if math.Abs(tl.Spread-25) > 1e-9 { // (600-480)/480
		t.Errorf("spread: %v", tl.Spread)
	}
	if tl.ExtraAllocs != 0 || tl.Bytes != 192 {
		t.Errorf("allocs over floor %v, bytes %v", tl.ExtraAllocs, tl.Bytes)
	}
	if g := tables[1].Rows[1]; math.Abs(g.Ratio-14505/1.109) > 1e-6 || g.ExtraAllocs != 95 {
		t.Errorf("grpc row: %+v", g)
	}
	if nf := tables[2].Rows[0]; !math.IsNaN(nf.Ratio) || !math.IsNaN(nf.Bytes) {
		t.Errorf("no floor, no benchmem: %+v", nf)
	}
}

func TestWriteMarkdown(t *testing.T) {
	tables := benchtable.Summarize(parseFile(t, "testdata/bench.txt"))
	var buf bytes.Buffer
	if err := benchtable.WriteMarkdown(&buf, tables[0], "A correlated line", "Floor: plain zap."); err != nil {
		t.Fatal(err)
	}
	want := "### A correlated line\n\nFloor: plain zap.\n\n`BenchmarkCorrelatedLine`, GOMAXPROCS=2, median of 3 runs.\n\n" +
		"| setup | ns/op | ± | B/op | allocs/op | × floor (time) | allocs over floor |\n" +
		"|---|---:|---:|---:|---:|---:|---:|\n" +
		"| `floor` | 300 | 3% | 128 | 1 | 1 (floor) | – |\n" +
		"| `tracelog` | 480 | 25% | 192 | 1 | 1.60 | +0 |\n\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	buf.Reset()
	_ = benchtable.WriteMarkdown(&buf, tables[1], "", "")
	if !strings.Contains(buf.String(), "| `ggm_logging_zap` | 14505 | 0% | 7396 | 95 | 13079 | +95 |") ||
		!strings.Contains(buf.String(), "| `floor` | 1.11 |") {
		t.Errorf("grpc table:\n%s", buf.String())
	}
}

func TestReplaceSection(t *testing.T) {
	begin, end := benchtable.Markers("bench")
	doc := "# Title\n\n" + begin + "\nold\n" + end + "\n\nafter\n"
	got, err := benchtable.ReplaceSection(doc, "bench", "new table\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := "# Title\n\n" + begin + "\nnew table\n" + end + "\n\nafter\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	again, _ := benchtable.ReplaceSection(got, "bench", "new table")
	if again != got {
		t.Error("replacing twice with the same body changed the document")
	}
	for _, bad := range []string{"no markers", end + begin, begin + begin + end} {
		if _, err := benchtable.ReplaceSection(bad, "bench", "x"); !errors.Is(err, benchtable.ErrNoSection) {
			t.Errorf("%q: got %v, want ErrNoSection", bad, err)
		}
	}
}

func TestRequires(t *testing.T) {
	gomod := `module example.com/b

go 1.24.0

require github.com/single/line v1.2.3

require (
	github.com/rs/zerolog v1.34.0
	go.uber.org/zap v1.27.1 // indirect
)

replace github.com/tracelog/tracelog => ../
`
	got, err := benchtable.Requires(strings.NewReader(gomod))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"github.com/single/line": "v1.2.3", "github.com/rs/zerolog": "v1.34.0", "go.uber.org/zap": "v1.27.1"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
}

func TestCPUInfo(t *testing.T) {
	info := "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\nflags\t\t: fpu\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Processor\n"
	model, n, err := benchtable.CPUInfo(strings.NewReader(info))
	if err != nil || model != "Intel(R) Xeon(R) Processor" || n != 2 {
		t.Errorf("got %q %d %v", model, n, err)
	}
}
