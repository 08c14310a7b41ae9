package tracefind

import (
	"cmp"
	"slices"
	"time"
)

// OtherRoute names the bucket that gathers the routes past the limit of
// [WithMaxRoutes]; its service is "*".
const OtherRoute = "(other)"

// RouteStats sums up the access lines of one route of one service.
type RouteStats struct {
	Service string
	Route   string
	// Count is the number of access lines; Errors how many of them mark a
	// failure (see [Record.IsError]).
	Count  int64
	Errors int64
	// P50, P95 and P99 are nearest-rank quantiles of the durations of the
	// access lines that have one: exact for up to 256 lines of a route,
	// else within 1%.
	P50, P95, P99 time.Duration
	// SampledOut is the sum of the counts of the sampler's summary lines
	// for this route.
	SampledOut int64
}

// ErrorRate is Errors / Count, 0 for a route with no access lines.
func (r RouteStats) ErrorRate() float64 {
	if r.Count == 0 {
		return 0
	}
	return float64(r.Errors) / float64(r.Count)
}

// statsNeedles select the lines stats reads: access lines and the
// sampler's summary lines.
var statsNeedles = [][]byte{
	[]byte(MsgHTTPAccess),
	[]byte(MsgGRPCAccess),
	[]byte(MsgSampledPrefix),
}

type routeAgg struct {
	service, route string
	count, errors  int64
	sampled        int64
	durations      sketch
}

// Stats reads every input and sums up each route (service.name and route)
// of the access lines, sorted by count, most first (then by service and
// route). Memory is bounded: routes past the limit of [WithMaxRoutes] go
// to one bucket named [OtherRoute], and each route keeps a bounded
// quantile sketch.
//
// Lines sampled out are read from the sampler's summary lines: lines whose
// msg starts with "sampled out", read with [Record.SampledOut] and counted
// for the route of their service.name.
//
// As with [Find], every line's shape is checked, and the lines that hold
// an access or summary message are parsed.
func Stats(inputs []Input, opts ...Option) ([]RouteStats, Result) {
	cfg := newConfig(opts)
	s := newLineScanner(statsNeedles, cfg)
	var (
		res    Result
		rec    Record
		key    []byte
		routes = make(map[string]*routeAgg)
		other  *routeAgg
	)
	lookup := func(service, route []byte) *routeAgg {
		key = append(append(append(key[:0], service...), 0), route...)
		if a := routes[string(key)]; a != nil {
			return a
		}
		if len(routes) >= cfg.maxRoutes {
			if other == nil {
				other = &routeAgg{service: "*", route: OtherRoute}
			}
			return other
		}
		a := &routeAgg{service: string(service), route: string(route)}
		routes[string(key)] = a
		return a
	}
	var routeBuf []byte
	for _, in := range inputs {
		err := s.scan(in, func(line []byte, _ int64) bool {
			if err := rec.Parse(line, false); err != nil {
				return false
			}
			switch {
			case rec.IsAccess():
				routeBuf = rec.AppendRoute(routeBuf[:0])
				a := lookup(rec.Service, routeBuf)
				a.count++
				if rec.IsError() {
					a.errors++
				}
				if rec.HasDuration {
					a.durations.add(rec.Duration)
				}
			case rec.IsSamplerSummary():
				if route, n, ok := rec.SampledOut(); ok {
					lookup(rec.Service, route).sampled += n
				}
			}
			return true
		})
		if err != nil {
			res.Errs = append(res.Errs, err)
		}
	}
	res.Skipped, res.Bytes = s.skipped, s.bytes
	out := make([]RouteStats, 0, len(routes)+1)
	for _, a := range routes {
		out = append(out, a.stats())
	}
	slices.SortFunc(out, func(a, b RouteStats) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Service, b.Service), cmp.Compare(a.Route, b.Route))
	})
	if other != nil {
		out = append(out, other.stats())
	}
	return out, res
}

func (a *routeAgg) stats() RouteStats {
	return RouteStats{
		Service:    a.service,
		Route:      a.route,
		Count:      a.count,
		Errors:     a.errors,
		P50:        a.durations.quantile(0.50),
		P95:        a.durations.quantile(0.95),
		P99:        a.durations.quantile(0.99),
		SampledOut: a.sampled,
	}
}
