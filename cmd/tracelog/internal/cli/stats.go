package cli

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

func runStats(args []string, env Env) int {
	fs := newFlagSet("stats", "[--json] [--max-routes N] [--source URL [--since T] [--until T] [--limit N]] [FILE|DIR ...]", env)
	var common commonFlags
	common.register(fs, false)
	jsonOut := fs.Bool("json", false, "print one JSON object per route instead of a table")
	var sf sourceFlags
	sf.register(fs, defaultStatsLimit)
	maxRoutes := fs.Int("max-routes", tracefind.DefaultMaxRoutes, "routes tracked; lines of further routes are counted under "+tracefind.OtherRoute)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return exitForFlagError(err)
	}
	if !common.check("stats", env) {
		return ExitError
	}
	ins, ok, usable := readInputs("stats", fs, &sf, nil, pos, env)
	if !usable {
		return ExitError
	}
	routes, res := tracefind.Stats(ins, tracefind.WithMaxLine(common.maxLine), tracefind.WithMaxRoutes(*maxRoutes))
	ok = report(res, common.maxLine, env) && ok
	if storeFailed(res) {
		return ExitError
	}

	out := output(env)
	if *jsonOut {
		enc := json.NewEncoder(out)
		for _, r := range routes {
			_ = enc.Encode(jsonRoute{
				Service:    r.Service,
				Route:      r.Route,
				Count:      r.Count,
				Errors:     r.Errors,
				ErrorRate:  r.ErrorRate(),
				P50:        ms(r.P50),
				P95:        ms(r.P95),
				P99:        ms(r.P99),
				SampledOut: r.SampledOut,
			})
		}
	} else if len(routes) > 0 {
		writeStatsTable(out, routes)
	}
	if len(routes) == 0 {
		fmt.Fprintf(env.Stderr, "tracelog: no access lines in %s\n", sf.where(res))
	}
	return finish(out, env, len(routes) > 0, ok)
}

// jsonRoute is one route of stats --json; durations are milliseconds.
type jsonRoute struct {
	Service    string  `json:"service"`
	Route      string  `json:"route"`
	Count      int64   `json:"count"`
	Errors     int64   `json:"errors"`
	ErrorRate  float64 `json:"error_rate"`
	P50        float64 `json:"p50_ms"`
	P95        float64 `json:"p95_ms"`
	P99        float64 `json:"p99_ms"`
	SampledOut int64   `json:"sampled_out"`
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func writeStatsTable(out interface{ WriteString(string) (int, error) }, routes []tracefind.RouteStats) {
	head := []string{"SERVICE", "ROUTE", "COUNT", "ERRORS", "ERROR%", "P50", "P95", "P99", "SAMPLED OUT"}
	rightAligned := []bool{false, false, true, true, true, true, true, true, true}
	rows := [][]string{head}
	for _, r := range routes {
		durs := [3]string{"-", "-", "-"}
		if r.Count > 0 {
			durs = [3]string{fmtDur(r.P50), fmtDur(r.P95), fmtDur(r.P99)}
		}
		rate := "-"
		if r.Count > 0 {
			rate = strconv.FormatFloat(100*r.ErrorRate(), 'f', 1, 64) + "%"
		}
		rows = append(rows, []string{
			r.Service, r.Route,
			strconv.FormatInt(r.Count, 10), strconv.FormatInt(r.Errors, 10), rate,
			durs[0], durs[1], durs[2],
			strconv.FormatInt(r.SampledOut, 10),
		})
	}
	widths := make([]int, len(head))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], runeLen(c))
		}
	}
	for _, row := range rows {
		line := ""
		for i, c := range row {
			if i > 0 {
				line += "  "
			}
			if i == len(row)-1 && !rightAligned[i] {
				line += c
			} else {
				line += pad(c, widths[i], rightAligned[i])
			}
		}
		out.WriteString(line + "\n")
	}
}
