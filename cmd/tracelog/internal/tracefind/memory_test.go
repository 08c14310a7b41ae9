package tracefind_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/logtest"
	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// writeLoad writes a log of about size bytes into dir.
func writeLoad(t testing.TB, dir string, size int64) (string, logtest.IDs) {
	t.Helper()
	path := filepath.Join(dir, "load.log")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := logtest.WriteLoad(f, size)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, ids
}

// allocated returns the bytes allocated while fn ran.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Memory is bounded by the lines of the trace (grep, tree) and by the
// routes (stats), not by the size of the input: reading ten times more
// allocates about the same.
func TestBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 55 MB")
	}
	dir := t.TempDir()
	small, ids := writeLoad(t, filepath.Join(dir), 5<<20)
	bigDir := filepath.Join(dir, "big")
	if err := os.Mkdir(bigDir, 0o755); err != nil {
		t.Fatal(err)
	}
	big, _ := writeLoad(t, bigDir, 50<<20)
	q, err := tracefind.ParseQuery(ids.Trace.String())
	if err != nil {
		t.Fatal(err)
	}
	input := func(path string) []tracefind.Input {
		ins, errs := tracefind.ExpandInputs([]string{path}, nil)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		return ins
	}

	const limit = 4 << 20 // the 1 MiB read buffer, the chunks in flight and change
	for _, tc := range []struct {
		name string
		run  func(path string) int
	}{
		{"find", func(path string) int {
			found, res := tracefind.Find(input(path), q, tracefind.WithParallel(false))
			if res.Skipped.Total() != 0 || len(res.Errs) != 0 {
				t.Fatalf("skipped %+v, errors %v", res.Skipped, res.Errs)
			}
			tracefind.BuildTree(found)
			return len(found)
		}},
		{"find in parallel", func(path string) int {
			found, res := tracefind.Find(input(path), q, tracefind.WithParallel(true))
			if res.Skipped.Total() != 0 || len(res.Errs) != 0 {
				t.Fatalf("skipped %+v, errors %v", res.Skipped, res.Errs)
			}
			tracefind.BuildTree(found)
			return len(found)
		}},
		{"stats", func(path string) int {
			routes, _ := tracefind.Stats(input(path))
			return len(routes)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var nSmall, nBig int
			aSmall := allocated(func() { nSmall = tc.run(small) })
			aBig := allocated(func() { nBig = tc.run(big) })
			if nSmall != nBig || nBig == 0 {
				t.Fatalf("found %d in the small input, %d in the big one", nSmall, nBig)
			}
			t.Logf("allocated %d KiB for 5 MiB, %d KiB for 50 MiB", aSmall>>10, aBig>>10)
			if aBig > limit {
				t.Errorf("allocated %d KiB reading 50 MiB, want at most %d KiB", aBig>>10, limit>>10)
			}
			if aBig > aSmall+256<<10 {
				t.Errorf("allocation grows with the input: %d KiB for 5 MiB, %d KiB for 50 MiB", aSmall>>10, aBig>>10)
			}
		})
	}
}
