package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func okResult(mode string, rps float64) *result {
	r := &result{mode: mode, round: 1,
		warm:     heyResult{RPS: rps, Responses: map[int]int{200: 100}},
		load:     heyResult{RPS: rps, P99: 5 * time.Millisecond, Responses: map[int]int{200: 1000}},
		healthOK: 20, served: 1120,
	}
	switch mode {
	case "tracelog":
		r.lines = lineCounts{Lines: 2201, Access: 1100, Handler: 1100, Correlated: 2200, Health: 1}
	case "peer", "zap_httpsnoop":
		r.lines = lineCounts{Lines: 2220, Access: 1100, Handler: 1100, Correlated: 2200, Health: 20}
	}
	return r
}

func TestCheck(t *testing.T) {
	c := config{health: 20}
	for _, tc := range []struct {
		name   string
		mutate func(r *result)
		mode   string
		want   string // a problem's text; "" for none
	}{
		{"bare ok", func(*result) {}, "bare", ""},
		{"tracelog ok", func(*result) {}, "tracelog", ""},
		{"peer ok", func(*result) {}, "peer", ""},
		{"lost access line", func(r *result) { r.lines.Access--; r.lines.Correlated-- }, "tracelog", "1099 access lines for 1100 requests"},
		{"extra handler line", func(r *result) { r.lines.Handler++; r.lines.Correlated++ }, "peer", "1101 handler lines"},
		{"uncorrelated", func(r *result) { r.lines.Correlated -= 3 }, "tracelog", "3 of 2200 lines lack the incoming trace ID"},
		{"health not sampled", func(r *result) { r.lines.Health = 20 }, "tracelog", "20 health access lines, want 1"},
		{"served mismatch", func(r *result) { r.served++ }, "bare", "server answered 1121"},
		{"errors", func(r *result) { r.load.Errors = 2 }, "bare", "2 requests failed"},
		{"non-200", func(r *result) { r.load.Responses[500] = 5; r.served += 5 }, "tracelog", "5 responses were not 200"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := okResult(tc.mode, 1000)
			tc.mutate(r)
			r.check(c)
			got := strings.Join(r.problems, "; ")
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("problems %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReport(t *testing.T) {
	c := config{health: 20, warm: time.Second, dur: 10 * time.Second, conns: 32, rounds: 1, command: "load/run.sh"}
	results := []*result{okResult("bare", 1000), okResult("zap_httpsnoop", 880), okResult("tracelog", 800), okResult("peer", 700)}
	for _, r := range results {
		r.check(c)
	}
	var buf bytes.Buffer
	if failed := report(&buf, c, results); failed {
		t.Fatalf("report failed:\n%s", buf.String())
	}
	out := buf.String()
	for _, want := range []string{
		"| tracelog #1 | 800 | 5.0 ms | 0.80 | 0.91 | 1.00 | 1100 | 1120 | 1100 | 1100 | 2200 | 1 |",
		"**91%** of the requests/s of the plain server (zap_httpsnoop: the same two lines with plain zap and httpsnoop), the median of each round's ratio to the plain run of the same round (target ≥ 90% and ≥ the peer stack's share: met); the median runs give 91%",
		"Peer stack (otelhttp + gin + ginzap): **80%** of the plain server's requests/s",
		"- tracelog: 80% of the bare server's requests/s",
		"none lost, none extra; 1 of 20 GET /healthz logged",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	results[1].lines.Access--
	results[1].problems = nil
	results[1].check(c)
	if failed := report(&buf, c, results); !failed {
		t.Error("a lost line must fail the report")
	}
}

// TestPairedShare: each round's run is compared with the bare run of the
// same round, so a slow round does not count against one mode only.
func TestPairedShare(t *testing.T) {
	var results []*result
	for round, rps := range [][2]float64{{1000, 900}, {600, 540}, {1000, 880}, {700, 0}} {
		b, tl := okResult("bare", rps[0]), okResult("tracelog", rps[1])
		b.round, tl.round = round+1, round+1
		results = append(results, b)
		if rps[1] > 0 {
			results = append(results, tl)
		}
	}
	if got := pairedShare(results, "tracelog", "bare"); got != 0.9 {
		t.Errorf("pairedShare = %v, want 0.9", got)
	}
	if got := pairedShare(results, "peer", "bare"); got != 0 {
		t.Errorf("pairedShare without runs = %v, want 0", got)
	}
	// The median runs tell another story: 880 / 850.
	if tl, b := medianOf(results, "tracelog"), medianOf(results, "bare"); tl.rps != 880 || b.rps != 850 {
		t.Errorf("medians %v and %v", tl.rps, b.rps)
	}
}

func TestRotate(t *testing.T) {
	modes := []string{"bare", "tracelog", "peer"}
	for round, want := range []string{"bare,tracelog,peer", "tracelog,peer,bare", "peer,bare,tracelog", "bare,tracelog,peer"} {
		if got := strings.Join(rotate(modes, round+1), ","); got != want {
			t.Errorf("round %d: %s, want %s", round+1, got, want)
		}
	}
	if strings.Join(modes, ",") != "bare,tracelog,peer" {
		t.Error("rotate changed its argument")
	}
}
