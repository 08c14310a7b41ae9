package sampling

import (
	"fmt"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/internal/headsample"
)

// ruleState is a rule with its counters.
type ruleState struct {
	rule     Rule
	interval int64 // nanoseconds
	ratio    ratio

	// The window of the First requests, as zap's sampler keeps it.
	resetAt atomic.Int64
	n       atomic.Uint64
	// count numbers the requests after the First that have no trace ID,
	// for "one in Thereafter" by count; it is apart from n, which every
	// request of the window increments and each window resets.
	count atomic.Uint64

	headsample.Counts
	// reported counts of the last summary.
	reportedLines, reportedRequests atomic.Uint64
}

func newRuleState(r Rule, method RatioMethod) *ruleState {
	return &ruleState{rule: r, interval: int64(r.Interval), ratio: newRatio(method, r.Thereafter)}
}

// decide decides for one request. It does not allocate.
func (s *ruleState) decide(sc trace.SpanContext, now int64) bool {
	if s.rule.First > 0 {
		if s.inWindow(now) {
			return true
		}
	}
	switch {
	case s.rule.Thereafter == 0:
		return false
	case s.rule.Thereafter == 1:
		return true
	case sc.HasTraceID():
		return s.ratio.keep(sc)
	default:
		// No trace ID to agree on: one in Thereafter by count.
		return s.count.Add(1)%uint64(s.rule.Thereafter) == 0
	}
}

// inWindow counts the request in the current window and reports whether
// it is among the First.
func (s *ruleState) inWindow(now int64) bool {
	reset := s.resetAt.Load()
	if now >= reset {
		if s.resetAt.CompareAndSwap(reset, now+s.interval) {
			s.n.Store(1)
			return true
		}
	}
	// Once the window's quota is spent, only read the counter: concurrent
	// requests then share its cache line instead of fighting over it.
	if s.n.Load() >= uint64(s.rule.First) {
		return false
	}
	return s.n.Add(1) <= uint64(s.rule.First)
}

// requestsDropped is the number of requests dropped at the head and not
// forced since. The two counts are not read at one instant: requests
// dropped and then forced in between make the forced count the larger, so
// the difference stops at zero. Read in this order it never overstates.
func (s *ruleState) requestsDropped() uint64 {
	dropped := s.DroppedRequests.Load()
	if forced := s.ForcedRequests.Load(); forced < dropped {
		return dropped - forced
	}
	return 0
}

// routeRules holds the rules of one path: per method, and for any method.
type routeRules struct {
	any     *ruleState
	methods []methodRule
}

type methodRule struct {
	method string
	rule   *ruleState
}

// ruleSet is an immutable set of rules, swapped whole on Replace.
type ruleSet struct {
	byPath map[string]*routeRules
	def    *ruleState
	all    []*ruleState
}

func newRuleSet(rules []Rule, def Rule, ratio RatioMethod) (*ruleSet, error) {
	if def.Route == "" {
		def.Route = DefaultRoute
	}
	if def.Route != DefaultRoute {
		return nil, fmt.Errorf("sampling: default rule: route must be %q, got %q", DefaultRoute, def.Route)
	}
	if err := def.validate(); err != nil {
		return nil, fmt.Errorf("sampling: default rule: %w", err)
	}
	set := &ruleSet{byPath: make(map[string]*routeRules, len(rules)), def: newRuleState(def, ratio)}
	set.all = append(set.all, set.def)
	for i, r := range rules {
		if err := r.validate(); err != nil {
			return nil, fmt.Errorf("sampling: rule %d: %w", i+1, err)
		}
		if r.Route == DefaultRoute {
			return nil, fmt.Errorf("sampling: rule %d: use the default rule for %q", i+1, DefaultRoute)
		}
		method, path := splitRoute(r.Route)
		rr := set.byPath[path]
		if rr == nil {
			rr = &routeRules{}
			set.byPath[path] = rr
		}
		st := newRuleState(r, ratio)
		if method == "" {
			if rr.any != nil {
				return nil, fmt.Errorf("sampling: rule %d: route %q is named twice", i+1, r.Route)
			}
			rr.any = st
		} else {
			for _, m := range rr.methods {
				if m.method == method {
					return nil, fmt.Errorf("sampling: rule %d: route %q is named twice", i+1, r.Route)
				}
			}
			rr.methods = append(rr.methods, methodRule{method: method, rule: st})
		}
		set.all = append(set.all, st)
	}
	return set, nil
}

// lookup finds the rule of a request. route may carry its own method
// ("GET /x", as ServeMux patterns registered with one do); method is the
// request's. It does not allocate.
func (s *ruleSet) lookup(method, route string) *ruleState {
	if m, path := splitRoute(route); m != "" {
		method, route = m, path
	}
	rr := s.byPath[route]
	if rr == nil {
		return s.def
	}
	for _, m := range rr.methods {
		if m.method == method {
			return m.rule
		}
	}
	if rr.any != nil {
		return rr.any
	}
	return s.def
}

func nanos(t time.Time) int64 { return t.UnixNano() }
