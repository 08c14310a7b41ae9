package cli

import (
	"bufio"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// defaultBarWidth is the width of the waterfall's bars, in cells.
const defaultBarWidth = 40

func runTree(args []string, env Env) int {
	fs := newFlagSet("tree", "[--width N] [--hops] [--color=auto|always|never] [--source URL [--since T] [--until T] [--limit N]] TRACE_ID [FILE|DIR ...]", env)
	var common commonFlags
	common.register(fs, true)
	width := fs.Int("width", defaultBarWidth, "width of the waterfall's bars, in characters (10 to 400)")
	hopsOnly := fs.Bool("hops", false, "show the hops only, not the lines under them")
	var sf sourceFlags
	sf.register(fs, defaultLimit)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return exitForFlagError(err)
	}
	if !common.check("tree", env) {
		return ExitError
	}
	if !needArgs(fs, pos, 1, "TRACE_ID", env) {
		return ExitError
	}
	if *width < 10 || *width > 400 {
		fmt.Fprintf(env.Stderr, "tracelog tree: --width %d: want 10 to 400\n", *width)
		return ExitError
	}
	q, err := tracefind.ParseQuery(pos[0])
	if err != nil {
		fmt.Fprintf(env.Stderr, "tracelog tree: %v\n", err)
		return ExitError
	}
	ins, ok, usable := readInputs("tree", fs, &sf, &q, pos[1:], env)
	if !usable {
		return ExitError
	}
	found, res := tracefind.Find(ins, q, tracefind.WithMaxLine(common.maxLine))
	ok = report(res, common.maxLine, env) && ok
	if storeFailed(res) {
		return ExitError
	}

	out := output(env)
	if len(found) == 0 {
		fmt.Fprintf(env.Stderr, "tracelog: no line of trace %s in %s\n", q, sf.where(res))
	} else {
		t := tracefind.BuildTree(found)
		tw := treeWriter{w: out, p: paletteFor(common.color, env.Stdout, env.Getenv), barWidth: *width, lines: !*hopsOnly, t: t}
		tw.write(q)
	}
	return finish(out, env, len(found) > 0, ok)
}

// treeWriter draws a tree as a waterfall.
type treeWriter struct {
	w        *bufio.Writer
	p        palette
	barWidth int
	lines    bool
	t        *tracefind.Tree
}

// row is one hop's row before alignment.
type row struct {
	hop    *tracefind.Hop
	prefix string // tree drawing before the label
	inner  string // tree drawing before the hop's lines
	label  string // service and route
}

func (tw *treeWriter) write(q tracefind.Query) {
	t, p, w := tw.t, tw.p, tw.w
	total := t.End.Sub(t.Start)
	fmt.Fprintf(w, "%s %s\n", p.paint(p.bold, "trace"), p.paint(p.bold, q.String()))
	fmt.Fprintf(w, "%s in %s, %s, %s from %s\n\n",
		plural(t.Hops, "hop", "hops"), plural(len(t.Services), "service", "services"),
		plural(t.Lines, "line", "lines"), fmtDur(total), fmtTime(t.Start))

	var rows []row
	t.Walk(func(h *tracefind.Hop, last []bool) {
		var pre, inner strings.Builder
		for i := 1; i < len(last); i++ {
			if i < len(last)-1 {
				if last[i] {
					pre.WriteString("    ")
				} else {
					pre.WriteString("│   ")
				}
			} else if last[i] {
				pre.WriteString("└── ")
			} else {
				pre.WriteString("├── ")
			}
			if last[i] {
				inner.WriteString("    ")
			} else {
				inner.WriteString("│   ")
			}
		}
		if len(h.Children) > 0 {
			inner.WriteString("│   ")
		} else {
			inner.WriteString("    ")
		}
		svc := h.Service
		if svc == "" {
			svc = "-"
		}
		route := h.Route
		if route == "" {
			route = "-"
		}
		rows = append(rows, row{hop: h, prefix: pre.String(), inner: inner.String(), label: svc + " " + route})
	})

	labelW, statusW, durW := len("HOP"), len("STATUS"), len("DURATION")
	for _, r := range rows {
		labelW = max(labelW, runeLen(r.prefix)+runeLen(r.label))
		statusW = max(statusW, runeLen(r.hop.Status)+2)
		durW = max(durW, len(fmtDur(r.hop.Duration)))
	}
	if len(rows) > 0 {
		left, right := "0", fmtDur(total)
		scale := left + strings.Repeat(" ", max(1, tw.barWidth+2-len(left)-len(right))) + right
		fmt.Fprintf(w, "%s  %s  %s  %s\n", pad("HOP", labelW, false), pad("STATUS", statusW, true), pad("DURATION", durW, true), p.paint(p.dim, scale))
	}
	for _, r := range rows {
		h := r.hop
		svc := h.Service
		if svc == "" {
			svc = "-"
		}
		label := p.paint(p.dim, r.prefix) + p.paint(p.cyan, svc) + strings.TrimPrefix(r.label, svc)
		status := h.Status
		if status == "" {
			status = "-"
		}
		if h.Error {
			status = p.paint(p.red+p.bold, pad(status+" ✗", statusW, true))
		} else {
			status = pad(status+"  ", statusW, true)
		}
		w.WriteString(label + strings.Repeat(" ", labelW-runeLen(r.prefix)-runeLen(r.label)))
		w.WriteString("  ")
		w.WriteString(status)
		w.WriteString("  ")
		w.WriteString(pad(fmtDur(h.Duration), durW, true))
		w.WriteString("  ")
		bar := tw.bar(h.Start, h.End)
		if h.Error {
			w.WriteString(p.paint(p.red, bar))
		} else {
			w.WriteString(p.paint(p.green, bar))
		}
		switch {
		case h.MissingParent:
			w.WriteString(p.paint(p.yellow, fmt.Sprintf("  (parent %s not found)", h.ParentSpanID)))
		case h.Cycle:
			w.WriteString(p.paint(p.yellow, fmt.Sprintf("  (parent %s is its own descendant)", h.ParentSpanID)))
		}
		w.WriteByte('\n')
		if h.Panic != "" {
			w.WriteString(p.paint(p.dim, r.inner) + p.paint(p.red+p.bold, "panic: "+strconv.Quote(h.Panic)) + "\n")
		}
		if tw.lines {
			for _, f := range h.Lines {
				tw.line(p.paint(p.dim, r.inner), f, false)
			}
		}
	}
	if len(t.Unattributed) > 0 {
		if len(rows) > 0 {
			w.WriteByte('\n')
		}
		fmt.Fprintf(w, "%s (%s without a hop)\n", p.paint(p.bold, "unattributed"), plural(len(t.Unattributed), "line", "lines"))
		if tw.lines {
			for _, f := range t.Unattributed {
				tw.line("    ", f, true)
			}
		}
	}
}

// line writes one line under a hop: its offset from the trace's start,
// level, message and fields.
func (tw *treeWriter) line(indent string, f *tracefind.Found, withService bool) {
	w, p := tw.w, tw.p
	w.WriteString(indent)
	off := "+?"
	if !f.Time.IsZero() {
		off = "+" + fmtDur(f.Time.Sub(tw.t.Start))
	}
	w.WriteString(p.paint(p.dim, pad(off, 9, false)))
	w.WriteString(" ")
	if withService {
		svc := string(f.Service)
		if svc == "" {
			svc = "-"
		}
		w.WriteString(p.paint(p.cyan, svc))
		w.WriteString("  ")
	}
	writeLevelMsg(w, &f.Record, p)
	started := false
	if withService && f.HasSpanID {
		// Unattributed lines show their span, in one form whatever the
		// profile.
		w.WriteString("  " + p.paint(p.dim, "span=") + f.SpanID.String())
		started = true
	}
	writeFields(w, &f.Record, p, started, spanKeys...)
	if h := tw.t.Callee(f); h != nil {
		// A client line points at the hop it started.
		w.WriteString(p.paint(p.dim, "  → ") + p.paint(p.cyan, h.Service) + " " + h.Route)
	}
	w.WriteByte('\n')
	if st := stacktrace(&f.Record); st != "" {
		writeStack(w, strings.Repeat(" ", runeLen(indent)+14), st, p)
	}
}

// bar draws [start, end] on the trace's time scale.
func (tw *treeWriter) bar(start, end time.Time) string {
	n := tw.barWidth
	cells := make([]rune, n)
	for i := range cells {
		cells[i] = ' '
	}
	total := tw.t.End.Sub(tw.t.Start)
	from, to := 0, n
	if total > 0 && !start.IsZero() {
		from = int(math.Floor(float64(start.Sub(tw.t.Start)) / float64(total) * float64(n)))
		to = int(math.Ceil(float64(end.Sub(tw.t.Start)) / float64(total) * float64(n)))
		from = min(max(from, 0), n-1)
		to = min(max(to, from+1), n)
	}
	for i := from; i < to; i++ {
		cells[i] = '█'
	}
	return "|" + string(cells) + "|"
}

// spanKeys are left out of the lines of a tree: a hop's lines share its
// span, and the service's version is the same on all of a service's lines.
var spanKeys = tracefind.KeysOf(tracefind.RoleSpanID, tracefind.RoleDDSpanID, tracefind.RoleServiceVersion)

func runeLen(s string) int { return len([]rune(s)) }
