// Package benchtable reads `go test -bench -benchmem` output and writes it
// as markdown tables: one table per top-level benchmark, one row per
// sub-benchmark, with the median of the runs and the ratio to the
// sub-benchmark named "floor".
package benchtable

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// FloorName is the sub-benchmark every other row of its table is compared
// with.
const FloorName = "floor"

// A Run is the output of one `go test -bench` run.
type Run struct {
	CPU     string    // the "cpu:" header line, if any
	Pkgs    []string  // the "pkg:" header lines
	Results []*Result // in the order first seen
}

// A Result gathers the runs (-count) of one benchmark.
type Result struct {
	Group  string // "CorrelatedLine" for BenchmarkCorrelatedLine/tracelog-2
	Case   string // "tracelog"; "" for a benchmark without sub-benchmarks
	Procs  int    // GOMAXPROCS: the name's -N suffix (1 when absent)
	Ns     []float64
	Bytes  []float64 // empty without -benchmem
	Allocs []float64
}

// Parse reads benchmark output. Lines that are not results or headers
// (PASS, ok, logs) are skipped; a result line it cannot read is an error.
func Parse(r io.Reader) (*Run, error) {
	run := &Run{}
	byName := map[string]*Result{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "cpu: "):
			run.CPU = strings.TrimPrefix(line, "cpu: ")
			continue
		case strings.HasPrefix(line, "pkg: "):
			run.Pkgs = append(run.Pkgs, strings.TrimPrefix(line, "pkg: "))
			continue
		case !strings.HasPrefix(line, "Benchmark"):
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 || fields[3] != "ns/op" {
			// A benchmark's name printed alone (its logs follow), or a
			// line of its output: not a result.
			continue
		}
		name, procs := splitProcs(fields[0])
		res, err := parseMetrics(fields[2:])
		if err != nil {
			return nil, fmt.Errorf("benchtable: line %d: %q: %w", n, line, err)
		}
		r := byName[name]
		if r == nil {
			group, cas, _ := strings.Cut(strings.TrimPrefix(name, "Benchmark"), "/")
			r = &Result{Group: group, Case: cas, Procs: procs}
			byName[name] = r
			run.Results = append(run.Results, r)
		}
		r.Ns = append(r.Ns, res.ns)
		if res.hasMem {
			r.Bytes = append(r.Bytes, res.bytes)
			r.Allocs = append(r.Allocs, res.allocs)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("benchtable: %w", err)
	}
	return run, nil
}

// splitProcs splits "BenchmarkX/y-2" into "BenchmarkX/y" and 2.
func splitProcs(name string) (string, int) {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name, 1
	}
	p, err := strconv.Atoi(name[i+1:])
	if err != nil || p <= 0 {
		return name, 1
	}
	return name[:i], p
}

type metrics struct {
	ns, bytes, allocs float64
	hasMem            bool
}

// parseMetrics reads "312.4 ns/op 128 B/op 1 allocs/op [value unit]...".
func parseMetrics(f []string) (metrics, error) {
	var m metrics
	var haveB, haveAllocs bool
	for i := 0; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return m, fmt.Errorf("value %q: %w", f[i], err)
		}
		switch f[i+1] {
		case "ns/op":
			m.ns = v
		case "B/op":
			m.bytes, haveB = v, true
		case "allocs/op":
			m.allocs, haveAllocs = v, true
		}
	}
	m.hasMem = haveB && haveAllocs
	return m, nil
}
