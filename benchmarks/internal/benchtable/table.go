package benchtable

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// A Row is one benchmark summarized over its runs.
type Row struct {
	Case   string
	Runs   int
	Ns     float64 // median
	Spread float64 // largest distance of a run from the median, in % of it
	Bytes  float64 // median; NaN without -benchmem
	Allocs float64 // median; NaN without -benchmem
	// Ratio is Ns over the floor's Ns; NaN when the group has no floor.
	Ratio float64
	// ExtraAllocs is Allocs minus the floor's; NaN when unknown.
	ExtraAllocs float64
}

// A Table is one top-level benchmark.
type Table struct {
	Group string
	Procs int
	Rows  []Row
}

// Summarize makes one table per group, in the order the groups first
// appear, rows in the order of the output.
func Summarize(run *Run) []Table {
	var tables []Table
	index := map[string]int{}
	for _, r := range run.Results {
		i, ok := index[r.Group]
		if !ok {
			i = len(tables)
			index[r.Group] = i
			tables = append(tables, Table{Group: r.Group, Procs: r.Procs})
		}
		tables[i].Rows = append(tables[i].Rows, Row{
			Case: r.Case, Runs: len(r.Ns),
			Ns: median(r.Ns), Spread: spread(r.Ns),
			Bytes: median(r.Bytes), Allocs: median(r.Allocs),
		})
	}
	for ti := range tables {
		t := &tables[ti]
		fi := slices.IndexFunc(t.Rows, func(r Row) bool { return r.Case == FloorName })
		for i := range t.Rows {
			t.Rows[i].Ratio, t.Rows[i].ExtraAllocs = math.NaN(), math.NaN()
			if fi >= 0 {
				floor := t.Rows[fi]
				if floor.Ns > 0 {
					t.Rows[i].Ratio = t.Rows[i].Ns / floor.Ns
				}
				t.Rows[i].ExtraAllocs = t.Rows[i].Allocs - floor.Allocs
			}
		}
	}
	return tables
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func spread(xs []float64) float64 {
	m := median(xs)
	if len(xs) < 2 || m == 0 || math.IsNaN(m) {
		return 0
	}
	worst := 0.0
	for _, x := range xs {
		worst = max(worst, math.Abs(x-m))
	}
	return 100 * worst / m
}

// WriteMarkdown writes t as a markdown table titled title (the group's
// name when empty), with a line of notes under the title when given.
func WriteMarkdown(w io.Writer, t Table, title, notes string) error {
	if title == "" {
		title = t.Group
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", title)
	if notes != "" {
		fmt.Fprintf(&b, "%s\n\n", notes)
	}
	fmt.Fprintf(&b, "`Benchmark%s`, GOMAXPROCS=%d, median of %d runs.\n\n", t.Group, t.Procs, runs(t))
	b.WriteString("| setup | ns/op | ± | B/op | allocs/op | × floor (time) | allocs over floor |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range t.Rows {
		name := "`" + r.Case + "`"
		if r.Case == "" {
			name = "`" + t.Group + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", name, fmtNs(r.Ns), fmtPct(r.Spread),
			fmtNum(r.Bytes), fmtNum(r.Allocs), fmtRatio(r.Ratio, r.Case == FloorName), fmtExtra(r.ExtraAllocs, r.Case == FloorName))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func runs(t Table) int {
	n := 0
	for _, r := range t.Rows {
		n = max(n, r.Runs)
	}
	return n
}

func fmtNs(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.0f", v)
	}
}

func fmtPct(v float64) string { return fmt.Sprintf("%.0f%%", v) }

func fmtNum(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.0f", v)
}

func fmtRatio(v float64, floor bool) string {
	switch {
	case floor:
		return "1 (floor)"
	case math.IsNaN(v):
		return "–"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func fmtExtra(v float64, floor bool) string {
	switch {
	case floor:
		return "–"
	case math.IsNaN(v):
		return "–"
	default:
		return fmt.Sprintf("%+.0f", v)
	}
}

// ErrNoSection reports a document without the markers of a section.
var ErrNoSection = errors.New("benchtable: section markers not found")

// Markers of the generated section name in a document.
func Markers(name string) (begin, end string) {
	return "<!-- BEGIN " + name + " (generated, do not edit) -->", "<!-- END " + name + " -->"
}

// ReplaceSection returns doc with the text between the markers of section
// name replaced by body. The markers must each appear once, in order.
func ReplaceSection(doc, name, body string) (string, error) {
	begin, end := Markers(name)
	if strings.Count(doc, begin) != 1 || strings.Count(doc, end) != 1 {
		return "", fmt.Errorf("%w: %q", ErrNoSection, name)
	}
	i := strings.Index(doc, begin) + len(begin)
	j := strings.Index(doc, end)
	if j < i {
		return "", fmt.Errorf("%w: %q (end before begin)", ErrNoSection, name)
	}
	return doc[:i] + "\n" + strings.TrimSpace(body) + "\n" + doc[j:], nil
}
