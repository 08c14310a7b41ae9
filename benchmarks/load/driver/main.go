// Command driver runs the load test: for each mode of the load server
// (bare, zap_httpsnoop, tracelog, peer) it starts the server on a loopback address, drives
// it with hey for a fixed time at a fixed number of connections, sends a
// few health checks, stops it by its PID, and counts the lines of its log
// against the requests hey completed. It writes the results as markdown,
// into README.md's "load" section when -readme is given.
//
// load/run.sh builds the server, installs hey if missing and runs this.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/tracelog/tracelog/benchmarks/internal/benchtable"
	"github.com/tracelog/tracelog/benchmarks/internal/stacks"
)

const (
	loadPath    = "/users/42"
	traceID     = "4bf92f3577b34da6a3ce929d0e0e4736"
	traceparent = "00-" + traceID + "-00f067aa0ba902b7-01"
	// plain is the mode the full stack is measured against: the same two
	// lines per request, written with plain zap and httpsnoop.
	plain = "zap_httpsnoop"
	// minShare is the target: the full tracelog stack keeps this share of
	// the plain server's requests per second (and at least the peer
	// stack's share).
	minShare = 0.90
)

type config struct {
	server, hey, dir, readme string
	command, section         string
	buffer                   int
	modes                    []string
	warm, dur                time.Duration
	conns, rounds, health    int
}

// result is one run of one mode.
type result struct {
	mode, log  string
	round      int
	warm, load heyResult
	healthOK   int
	served     int64
	lines      lineCounts
	problems   []string
	// /proc/loadavg (1, 5, 15 min) before and after the run
	loadBefore, loadAfter string
}

func (r *result) requests() int { return r.warm.Completed() + r.load.Completed() }

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "driver:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("driver", flag.ContinueOnError)
	var c config
	var modes string
	fs.StringVar(&c.server, "server", "", "the built load server (required)")
	fs.StringVar(&c.hey, "hey", "hey", "the hey binary")
	fs.StringVar(&c.dir, "dir", "", "where the servers' logs go (default: a temporary directory, removed)")
	fs.StringVar(&c.readme, "readme", "", "README to update between the markers of its load section")
	fs.StringVar(&c.command, "command", "", "the command line to state in the report (default: the driver's arguments)")
	fs.IntVar(&c.buffer, "buffer", 0, "the servers' -buffer: log through a zapcore.BufferedWriteSyncer of this many bytes (0: one write per line)")
	fs.StringVar(&c.section, "section", "load", "the README section to replace")
	fs.StringVar(&modes, "modes", "bare,"+plain+",tracelog,peer", "server modes, in order")
	fs.DurationVar(&c.warm, "warmup", 2*time.Second, "hey run before the measured one (its requests are counted too)")
	fs.DurationVar(&c.dur, "d", 10*time.Second, "measured hey run per mode")
	fs.IntVar(&c.conns, "c", 32, "concurrent connections")
	fs.IntVar(&c.rounds, "rounds", 1, "times to run every mode, interleaved")
	fs.IntVar(&c.health, "health", 20, "GET /healthz requests after the load (sampled by the tracelog stack)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.server == "" {
		return errors.New("-server is required")
	}
	if c.dur <= 0 || c.dur > 2*time.Minute || c.warm < 0 || c.warm > time.Minute ||
		c.conns < 1 || c.conns > 256 || c.rounds < 1 || c.rounds > 9 || c.health < 0 || c.health > 1000 {
		return errors.New("out of bounds: 0 < -d <= 2m, 0 <= -warmup <= 1m, 1 <= -c <= 256, 1 <= -rounds <= 9, 0 <= -health <= 1000")
	}
	c.modes = strings.Split(modes, ",")
	if c.dir == "" {
		d, err := os.MkdirTemp("", "tracelog-load-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		c.dir = d
	}

	var results []*result
	for round := 1; round <= c.rounds; round++ {
		for _, mode := range rotate(c.modes, round) {
			fmt.Fprintf(os.Stderr, "driver: round %d, %s: %s warm-up + %s at -c %d\n", round, mode, c.warm, c.dur, c.conns)
			r, err := runMode(c, mode, round)
			if err != nil {
				return fmt.Errorf("%s: %w", mode, err)
			}
			results = append(results, r)
		}
	}

	var md bytes.Buffer
	if c.command == "" {
		c.command = "driver " + strings.Join(args, " ")
	}
	failed := report(&md, c, results)
	if _, err := stdout.Write(md.Bytes()); err != nil {
		return err
	}
	if c.readme != "" {
		doc, err := os.ReadFile(c.readme)
		if err != nil {
			return err
		}
		out, err := benchtable.ReplaceSection(string(doc), c.section, md.String())
		if err != nil {
			return err
		}
		if err := os.WriteFile(c.readme, []byte(out), 0o644); err != nil {
			return err
		}
	}
	if failed {
		return errors.New("lines and requests do not match (see the report)")
	}
	return nil
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) > 3 {
		f = f[:3]
	}
	return strings.Join(f, " ")
}

// runMode starts the server in mode, loads it, stops it and counts.
func runMode(c config, mode string, round int) (*result, error) {
	r := &result{mode: mode, round: round, loadBefore: loadavg()}
	r.log = filepath.Join(c.dir, fmt.Sprintf("%s-%d.log", mode, round))
	life := c.warm + c.dur + 2*time.Minute
	cmd := exec.Command(c.server, "-mode", mode, "-log", r.log, "-buffer", fmt.Sprint(c.buffer), "-max-lifetime", life.String())
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan error, 1)
	lines := make(chan string, 4)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	stopped := false
	defer func() {
		if !stopped { // an error on the way: do not leave the server behind
			_ = cmd.Process.Kill()
			go func() {
				for range lines {
				}
			}()
			<-exited
		}
	}()

	var addr string
	select {
	case l, ok := <-lines:
		if !ok || !strings.HasPrefix(l, "listening on ") {
			return nil, fmt.Errorf("server did not start: %q", l)
		}
		addr = strings.TrimPrefix(l, "listening on ")
	case <-time.After(15 * time.Second):
		return nil, errors.New("server did not start in 15 s")
	}
	url := "http://" + addr + loadPath

	if c.warm > 0 {
		if r.warm, err = hey(c, c.warm, url); err != nil {
			return nil, err
		}
	}
	if r.load, err = hey(c, c.dur, url); err != nil {
		return nil, err
	}
	r.healthOK = healthChecks(addr, c.health)

	// Stop by PID; the server drains, flushes, syncs and prints its count.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return nil, err
	}
	timeout := time.After(60 * time.Second)
	for open := true; open; {
		select {
		case l, ok := <-lines:
			if n, found := strings.CutPrefix(l, "served "); ok && found {
				_, _ = fmt.Sscan(n, &r.served)
			}
			open = ok
		case <-timeout:
			return nil, errors.New("server did not stop in 60 s")
		}
	}
	stopped = true
	if err := <-exited; err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	r.loadAfter = loadavg()
	if mode != "bare" {
		f, err := os.Open(r.log)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if r.lines, err = countLines(f, loadPath, stacks.HealthRoute, stacks.MessageHandler, traceID); err != nil {
			return nil, err
		}
	}
	r.check(c)
	return r, nil
}

// hey runs hey against url for d and parses its summary.
func hey(c config, d time.Duration, url string) (heyResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d+time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, c.hey, "-z", d.String(), "-c", fmt.Sprint(c.conns),
		"-H", "traceparent: "+traceparent, url).Output()
	if err != nil {
		return heyResult{}, fmt.Errorf("hey: %w", err)
	}
	return parseHey(string(out))
}

// healthChecks sends n sequential GET /healthz and returns how many got 200.
func healthChecks(addr string, n int) int {
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	ok := 0
	for range n {
		resp, err := client.Get("http://" + addr + stacks.HealthRoute)
		if err != nil {
			continue
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			ok++
		}
	}
	return ok
}

// check records what does not add up.
func (r *result) check(c config) {
	req := r.requests()
	bad := func(format string, args ...any) { r.problems = append(r.problems, fmt.Sprintf(format, args...)) }
	if r.warm.Errors+r.load.Errors > 0 {
		bad("%d requests failed", r.warm.Errors+r.load.Errors)
	}
	if ok := r.warm.Responses[200] + r.load.Responses[200]; ok != req {
		bad("%d responses were not 200", req-ok)
	}
	if want := int64(req + r.healthOK); r.served != want {
		bad("server answered %d requests, hey and the health checks got %d", r.served, want)
	}
	if r.healthOK != c.health {
		bad("%d of %d health checks failed", c.health-r.healthOK, c.health)
	}
	l := r.lines
	switch r.mode {
	case "bare":
		return
	case "tracelog":
		if want := min(r.healthOK, 1); l.Health != want {
			bad("%d health access lines, want %d (sampled: at most 1 per 10 s)", l.Health, want)
		}
	default:
		if l.Health != r.healthOK {
			bad("%d health access lines for %d health checks", l.Health, r.healthOK)
		}
	}
	if l.Access != req {
		bad("%d access lines for %d requests", l.Access, req)
	}
	if l.Handler != req {
		bad("%d handler lines for %d requests", l.Handler, req)
	}
	if l.Correlated != l.Access+l.Handler {
		bad("%d of %d lines lack the incoming trace ID", l.Access+l.Handler-l.Correlated, l.Access+l.Handler)
	}
	if l.Bad > 0 {
		bad("%d lines are not JSON", l.Bad)
	}
}

// report writes the markdown; it returns whether any run had problems.
func report(w io.Writer, c config, results []*result) (failed bool) {
	writes := "one write(2) per line, unbuffered"
	if c.buffer > 0 {
		writes = fmt.Sprintf("through a %d KiB zapcore.BufferedWriteSyncer, flushed every second and on shutdown", c.buffer/1024)
	}
	fmt.Fprintf(w, "Generated by `load/run.sh` on %s: %s (each run: %s warm-up, then %s measured; -c %d; %d GET /healthz after; %d round(s)). Log file written %s.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), machine(), c.warm, c.dur, c.conns, c.health, c.rounds, writes)
	fmt.Fprintf(w, "| run | req/s | p99 | req/s ÷ bare | req/s ÷ %s | p99 ÷ bare | requests (hey) | served | access lines | handler lines | with trace_id | health lines | load avg before → after |\n", plain)
	fmt.Fprintf(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	bare, base := medianOf(results, "bare"), medianOf(results, plain)
	for _, r := range results {
		lines := func(n int) string {
			if r.mode == "bare" {
				return "–"
			}
			return fmt.Sprint(n)
		}
		fmt.Fprintf(w, "| %s #%d | %.0f | %s | %s | %s | %s | %d | %d | %s | %s | %s | %s | %s → %s |\n",
			r.mode, r.round, r.load.RPS, fmtDur(r.load.P99),
			ratio(r.load.RPS, bare.rps), ratio(r.load.RPS, base.rps), ratio(float64(r.load.P99), float64(bare.p99)),
			r.requests(), r.served, lines(r.lines.Access), lines(r.lines.Handler), lines(r.lines.Correlated),
			lines(r.lines.Health), r.loadBefore, r.loadAfter)
	}
	fmt.Fprintln(w)
	tl, peer := medianOf(results, "tracelog"), medianOf(results, "peer")
	if tl.n > 0 && base.n > 0 {
		share, peerShare := pairedShare(results, "tracelog", plain), pairedShare(results, "peer", plain)
		verdict := "met"
		if share < minShare || peer.n > 0 && share < peerShare {
			verdict = "missed"
		}
		fmt.Fprintf(w, "- Full tracelog stack: **%.0f%%** of the requests/s of the plain server (%s: the same two lines with plain zap and httpsnoop), the median of each round's ratio to the plain run of the same round (target ≥ %.0f%% and ≥ the peer stack's share: %s); the median runs give %.0f%%; p99 %s vs %s.\n",
			100*share, plain, 100*minShare, verdict, 100*tl.rps/base.rps, fmtDur(tl.p99), fmtDur(base.p99))
		if peer.n > 0 {
			fmt.Fprintf(w, "- Peer stack (otelhttp + gin + ginzap): **%.0f%%** of the plain server's requests/s (same median of rounds); the median runs give %.0f%%; p99 %s.\n",
				100*peerShare, 100*peer.rps/base.rps, fmtDur(peer.p99))
		}
	}
	if bare.n > 0 {
		for _, m := range []string{plain, "tracelog", "peer"} {
			if medianOf(results, m).n > 0 {
				fmt.Fprintf(w, "- %s: %.0f%% of the bare server's requests/s (no logging at all; same median of rounds).\n", m, 100*pairedShare(results, m, "bare"))
			}
		}
	}
	for _, r := range results {
		if len(r.problems) > 0 {
			failed = true
			fmt.Fprintf(w, "- %s #%d: **%s**.\n", r.mode, r.round, strings.Join(r.problems, "; "))
		} else if r.mode != "bare" {
			fmt.Fprintf(w, "- %s #%d: %d requests, %d access lines and %d handler lines, all with the incoming trace_id: none lost, none extra; %d of %d GET /healthz logged.\n",
				r.mode, r.round, r.requests(), r.lines.Access, r.lines.Handler, r.lines.Health, r.healthOK)
		}
	}
	fmt.Fprintf(w, "\nCommand: `%s`.\n", c.command)
	return failed
}

type agg struct {
	n   int
	rps float64
	p99 time.Duration
}

// rotate returns modes in the order of the given round: each round starts
// one mode later, so that no mode always runs first (or last) while the
// machine warms up or other jobs come and go.
func rotate(modes []string, round int) []string {
	k := (round - 1) % len(modes)
	return append(slices.Clone(modes[k:]), modes[:k]...)
}

// pairedShare is the median, over the rounds, of mode's requests/s divided
// by the requests/s of base's run of the same round: a machine that is
// slower in one round than in another shifts both runs of the round alike.
// It is 0 without a pair.
func pairedShare(results []*result, mode, base string) float64 {
	bases := map[int]float64{}
	for _, r := range results {
		if r.mode == base && r.load.RPS > 0 {
			bases[r.round] = r.load.RPS
		}
	}
	var shares []float64
	for _, r := range results {
		if b, ok := bases[r.round]; ok && r.mode == mode {
			shares = append(shares, r.load.RPS/b)
		}
	}
	if len(shares) == 0 {
		return 0
	}
	slices.Sort(shares)
	n := len(shares)
	if n%2 == 0 {
		return (shares[n/2-1] + shares[n/2]) / 2
	}
	return shares[n/2]
}

// medianOf is the median requests/s and p99 of a mode's runs.
func medianOf(results []*result, mode string) agg {
	var rps []float64
	var p99 []time.Duration
	for _, r := range results {
		if r.mode == mode {
			rps = append(rps, r.load.RPS)
			p99 = append(p99, r.load.P99)
		}
	}
	if len(rps) == 0 {
		return agg{}
	}
	slices.Sort(rps)
	slices.Sort(p99)
	n := len(rps)
	a := agg{n: n, rps: rps[n/2], p99: p99[n/2]}
	if n%2 == 0 {
		a.rps = (rps[n/2-1] + rps[n/2]) / 2
		a.p99 = (p99[n/2-1] + p99[n/2]) / 2
	}
	return a
}

func ratio(v, base float64) string {
	if base == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", v/base)
}

func fmtDur(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func machine() string {
	model, cpus := "", 0
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		model, cpus, _ = benchtable.CPUInfo(f)
		f.Close()
	}
	return fmt.Sprintf("%s, %d logical CPUs, %s", model, cpus, runtime.Version())
}
