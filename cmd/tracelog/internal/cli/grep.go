package cli

import (
	"bufio"
	"fmt"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

func runGrep(args []string, env Env) int {
	fs := newFlagSet("grep", "[--json] [--color=auto|always|never] [--source URL [--since T] [--until T] [--limit N]] TRACE_ID [FILE|DIR ...]", env)
	var common commonFlags
	common.register(fs, true)
	jsonOut := fs.Bool("json", false, "print the lines as they are (JSON), not the readable form")
	var sf sourceFlags
	sf.register(fs, defaultLimit)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return exitForFlagError(err)
	}
	if !common.check("grep", env) {
		return ExitError
	}
	if !needArgs(fs, pos, 1, "TRACE_ID", env) {
		return ExitError
	}
	q, err := tracefind.ParseQuery(pos[0])
	if err != nil {
		fmt.Fprintf(env.Stderr, "tracelog grep: %v\n", err)
		return ExitError
	}
	ins, ok, usable := readInputs("grep", fs, &sf, &q, pos[1:], env)
	if !usable {
		return ExitError
	}
	found, res := tracefind.Find(ins, q, tracefind.WithMaxLine(common.maxLine))
	ok = report(res, common.maxLine, env) && ok
	if storeFailed(res) {
		return ExitError
	}

	out := output(env)
	if *jsonOut {
		for _, f := range found {
			out.Write(f.Line)
			out.WriteByte('\n')
		}
	} else {
		p := paletteFor(common.color, env.Stdout, env.Getenv)
		width := serviceWidth(found)
		for _, f := range found {
			writeReadable(out, f, width, p)
		}
	}
	if len(found) == 0 {
		fmt.Fprintf(env.Stderr, "tracelog: no line of trace %s in %s\n", q, sf.where(res))
	}
	return finish(out, env, len(found) > 0, ok)
}

// serviceWidth is the width of the service column.
func serviceWidth(found []*tracefind.Found) int {
	w := 1
	for _, f := range found {
		w = max(w, len([]rune(string(f.Service))))
	}
	return w
}

// writeReadable writes one line as: time, service, level, message and
// the other fields as key=value.
func writeReadable(w *bufio.Writer, f *tracefind.Found, serviceWidth int, p palette) {
	w.WriteString(p.paint(p.dim, fmtTime(f.Time)))
	w.WriteString("  ")
	svc := string(f.Service)
	if svc == "" {
		svc = "-"
	}
	w.WriteString(p.paint(p.cyan, pad(svc, serviceWidth, false)))
	w.WriteString("  ")
	writeLevelMsg(w, &f.Record, p)
	writeFields(w, &f.Record, p, false)
	w.WriteByte('\n')
	if st := stacktrace(&f.Record); st != "" {
		writeStack(w, "    ", st, p)
	}
}

// writeLevelMsg writes the level (padded to 5) and the message.
func writeLevelMsg(w *bufio.Writer, r *tracefind.Record, p palette) {
	lvl := string(r.Level)
	if lvl == "" {
		lvl = "-"
	}
	w.WriteString(p.paint(p.level(lvl), pad(lvl, 5, false)))
	w.WriteString("  ")
	msg := string(r.Msg)
	if r.IsError() {
		w.WriteString(p.paint(p.red+p.bold, msg))
	} else {
		w.WriteString(p.paint(p.bold, msg))
	}
}

// sizeText shows a byte count.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
