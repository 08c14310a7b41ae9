package sampling

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog/logger"
)

// Keys of the summary lines under the default profile; they follow the
// profile of the logger they are written to (logger.ProfileOf).
const (
	KeyRoute           = logger.ExtensionPrefix + "sampling.route"
	KeyDroppedLines    = logger.ExtensionPrefix + "sampling.dropped"
	KeyDroppedRequests = logger.ExtensionPrefix + "sampling.dropped_requests"
)

// summaryLog is where summary lines go, with the names of their keys in
// that logger's profile.
type summaryLog struct {
	log                         *zap.Logger
	route, dropped, droppedReqs string
}

// Names of the OpenTelemetry counters (see [WithMeterProvider]).
const (
	MetricDroppedLines    = "tracelog.sampling.dropped_lines"
	MetricDroppedRequests = "tracelog.sampling.dropped_requests"
)

// A Sampler decides at the head of each request whether the request's
// lines are kept. It is safe for concurrent use; its rules can be replaced
// while it runs.
type Sampler struct {
	log    atomic.Pointer[summaryLog]
	ownLog bool // New was given a logger: NewCore keeps it
	cfg    *config
	rules  atomic.Pointer[ruleSet]

	mu      sync.Mutex // serialises summaries and rule swaps
	retired []*ruleSet // replaced sets, summarised once more
	stop    chan struct{}
	done    chan struct{}
	closed  bool
	reg     metric.Registration
	// gone holds, by route, the counts of the sets retired by Flush, so
	// that the metrics (cumulative counters) do not go back.
	gone map[string]counts
}

// New returns a Sampler with rules; log receives the summary lines ("sampled
// out N lines of route R"). A nil log leaves them to the core of the logger
// the sampler is tied to ([NewCore], tracelog.WithSampler). Invalid rules are rejected here, never at
// request time. Unless the summary interval is zero, New starts a goroutine
// that writes summaries; Close stops it.
func New(log *zap.Logger, rules []Rule, opts ...Option) (*Sampler, error) {
	cfg := newConfig(opts)
	set, err := newRuleSet(rules, cfg.def, cfg.ratio)
	if err != nil {
		return nil, err
	}
	s := &Sampler{cfg: cfg, ownLog: log != nil}
	s.setLogger(log)
	s.rules.Store(set)
	if cfg.meterProvider != nil {
		if err := s.registerMetrics(cfg.meterProvider); err != nil {
			return nil, fmt.Errorf("sampling: metrics: %w", err)
		}
	}
	if cfg.summaryInterval > 0 {
		s.stop, s.done = make(chan struct{}), make(chan struct{})
		go s.loop(cfg.summaryInterval)
	}
	return s, nil
}

// setLogger replaces where summary lines go; nil means nowhere.
func (s *Sampler) setLogger(log *zap.Logger) {
	if log == nil {
		log = zap.NewNop()
	}
	k := logger.ProfileOf(log).Keys()
	s.log.Store(&summaryLog{log: log, route: k[logger.SamplingRouteKey],
		dropped: k[logger.SamplingDroppedKey], droppedReqs: k[logger.SamplingDroppedRequestsKey]})
}

// Replace swaps the rules atomically; requests already decided keep their
// decision. Invalid rules return an error and leave the old ones in place.
func (s *Sampler) Replace(rules []Rule) error {
	set, err := newRuleSet(rules, s.rules.Load().def.rule, s.cfg.ratio)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retired = append(s.retired, s.rules.Swap(set))
	return nil
}

// Rules returns the current rules.
func (s *Sampler) Rules() []Rule {
	set := s.rules.Load()
	out := make([]Rule, 0, len(set.all)-1)
	for _, st := range set.all[1:] {
		out = append(out, st.rule)
	}
	return out
}

func (s *Sampler) decide(method, route string, sc trace.SpanContext, now time.Time) (*ruleState, bool) {
	r := s.rules.Load().lookup(method, route)
	keep := s.cfg.followTrace && sc.IsSampled()
	if !keep {
		keep = r.decide(sc, nanos(now))
	}
	if !keep {
		// The trace ID is random: its last byte spreads requests over the
		// counter's cells without asking for a random number.
		tid := sc.TraceID()
		r.DroppedRequests.AddAt(uint32(tid[15]), 1)
	}
	return r, keep
}

// Flush writes a summary line for every rule that dropped lines since the
// last summary.
func (s *Sampler) Flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.summarise(s.rules.Load())
	for _, set := range s.retired {
		s.summarise(set)
		if s.reg != nil {
			if s.gone == nil {
				s.gone = map[string]counts{}
			}
			for _, r := range set.all {
				s.gone[r.rule.Route] = s.gone[r.rule.Route].add(r.counts())
			}
		}
	}
	s.retired = nil
}

// counts are a rule's dropped lines and requests.
type counts struct{ lines, requests uint64 }

func (c counts) add(o counts) counts { return counts{c.lines + o.lines, c.requests + o.requests} }

func (r *ruleState) counts() counts {
	return counts{r.DroppedLines.Load(), r.requestsDropped()}
}

func (s *Sampler) summarise(set *ruleSet) {
	for _, r := range set.all {
		lines, reqs := r.DroppedLines.Load(), r.requestsDropped()
		dl := lines - r.reportedLines.Swap(lines)
		// A request reported as dropped may be forced later, which lowers
		// reqs: report only what goes past the mark already reported.
		var dr uint64
		if prev := r.reportedRequests.Load(); reqs > prev {
			dr = reqs - prev
			r.reportedRequests.Store(reqs)
		}
		if dl == 0 && dr == 0 {
			continue
		}
		sl := s.log.Load()
		sl.log.Info(fmt.Sprintf("sampled out %d lines of route %s", dl, r.rule.Route),
			zap.String(sl.route, r.rule.Route), zap.Uint64(sl.dropped, dl), zap.Uint64(sl.droppedReqs, dr))
	}
}

func (s *Sampler) loop(every time.Duration) {
	defer close(s.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			s.Flush()
		case <-s.stop:
			return
		}
	}
}

// Close stops the summary goroutine and writes a last summary. It is safe
// to call more than once.
func (s *Sampler) Close() error {
	s.mu.Lock()
	already := s.closed
	s.closed = true
	s.mu.Unlock()
	if already {
		return nil
	}
	if s.stop != nil {
		close(s.stop)
		<-s.done
	}
	s.Flush()
	if s.reg != nil {
		if err := s.reg.Unregister(); err != nil {
			return fmt.Errorf("sampling: close: %w", err)
		}
	}
	return nil
}

func (s *Sampler) registerMetrics(mp metric.MeterProvider) error {
	m := mp.Meter("github.com/tracelog/tracelog/sampling")
	lines, err := m.Int64ObservableCounter(MetricDroppedLines, metric.WithDescription("Log lines left out by the head sampler."))
	if err != nil {
		return err
	}
	reqs, err := m.Int64ObservableCounter(MetricDroppedRequests, metric.WithDescription("Requests whose lines the head sampler left out."))
	if err != nil {
		return err
	}
	// seen is the last value observed per route: a dropped request forced
	// later lowers its count, and a counter must not go back.
	seen := map[string]counts{}
	s.reg, err = m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		byRoute := make(map[string]counts, len(s.gone)+len(s.rules.Load().all))
		for route, c := range s.gone {
			byRoute[route] = c
		}
		for _, set := range append([]*ruleSet{s.rules.Load()}, s.retired...) {
			for _, r := range set.all {
				byRoute[r.rule.Route] = byRoute[r.rule.Route].add(r.counts())
			}
		}
		for route, c := range byRoute {
			prev := seen[route]
			c.lines, c.requests = max(c.lines, prev.lines), max(c.requests, prev.requests)
			seen[route] = c
			attrs := metric.WithAttributes(attribute.String(KeyRoute, route))
			o.ObserveInt64(lines, int64(c.lines), attrs)
			o.ObserveInt64(reqs, int64(c.requests), attrs)
		}
		return nil
	}, lines, reqs)
	return err
}
