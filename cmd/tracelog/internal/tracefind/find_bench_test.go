package tracefind_test

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/logtest"
	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// benchSize is the size of the benchmarks' log: TRACELOG_BENCH_MB MiB
// (default 32; the README's figures use 1024).
func benchSize() int64 {
	if mb, err := strconv.Atoi(os.Getenv("TRACELOG_BENCH_MB")); err == nil && mb > 0 {
		return int64(mb) << 20
	}
	return 32 << 20
}

var bench struct {
	once sync.Once
	dir  string
	path string
	size int64
	ids  logtest.IDs
	err  error
}

// benchLog writes the benchmarks' log once per process, in a directory
// removed by TestMain.
func benchLog(b *testing.B) (string, int64, logtest.IDs) {
	bench.once.Do(func() {
		bench.dir, bench.err = os.MkdirTemp("", "tracelog-bench-")
		if bench.err != nil {
			return
		}
		bench.path = bench.dir + "/load.log"
		f, err := os.Create(bench.path)
		if err != nil {
			bench.err = err
			return
		}
		bench.ids, bench.err = logtest.WriteLoad(f, benchSize())
		if err := f.Close(); bench.err == nil {
			bench.err = err
		}
		if fi, err := os.Stat(bench.path); err == nil {
			bench.size = fi.Size()
		}
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.path, bench.size, bench.ids
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// BenchmarkFind is tracelog grep (and tree, which adds BuildTree over a
// dozen lines) on one file; compare its MB/s with BenchmarkGrepF.
func BenchmarkFind(b *testing.B) {
	path, size, ids := benchLog(b)
	ins, _ := tracefind.ExpandInputs([]string{path}, nil)
	for _, form := range []struct{ name, id string }{
		{"hex", ids.Trace.String()},
		{"decimal", strconv.FormatUint(low64Of(ids), 10)},
	} {
		for _, mode := range []struct {
			name     string
			parallel bool
		}{{"seq", false}, {"par", true}} {
			b.Run(form.name+"/"+mode.name, func(b *testing.B) {
				q, err := tracefind.ParseQuery(form.id)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(size)
				b.ReportAllocs()
				for b.Loop() {
					found, _ := tracefind.Find(ins, q, tracefind.WithParallel(mode.parallel))
					if len(found) != 11 {
						b.Fatalf("found %d lines, want 11", len(found))
					}
					tracefind.BuildTree(found)
				}
			})
		}
	}
}

// BenchmarkGrepF runs grep -F on the same file, the floor to compare
// BenchmarkFind with.
func BenchmarkGrepF(b *testing.B) {
	grep, err := exec.LookPath("grep")
	if err != nil {
		b.Skip("no grep")
	}
	path, size, ids := benchLog(b)
	b.SetBytes(size)
	for b.Loop() {
		cmd := exec.Command(grep, "-F", ids.Trace.String(), path)
		cmd.Stdout = io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStats is tracelog stats on the same file.
func BenchmarkStats(b *testing.B) {
	path, size, _ := benchLog(b)
	ins, _ := tracefind.ExpandInputs([]string{path}, nil)
	for _, mode := range []struct {
		name     string
		parallel bool
	}{{"seq", false}, {"par", true}} {
		b.Run(mode.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				if routes, _ := tracefind.Stats(ins, tracefind.WithParallel(mode.parallel)); len(routes) == 0 {
					b.Fatal("no routes")
				}
			}
		})
	}
}

func low64Of(ids logtest.IDs) uint64 {
	var v uint64
	for _, c := range ids.Trace[8:] {
		v = v<<8 | uint64(c)
	}
	return v
}
