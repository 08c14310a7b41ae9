package sampling_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/sampling"

	"github.com/tracelog/tracelog/internal/headsample"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func traceCtx(i uint64, sampled bool) trace.SpanContext {
	var tid trace.TraceID
	binary.BigEndian.PutUint64(tid[:8], i*0x9e3779b97f4a7c15+1)
	binary.BigEndian.PutUint64(tid[8:], (i+1)*0xbf58476d1ce4e5b9)
	var sid trace.SpanID
	binary.BigEndian.PutUint64(sid[:], i+1)
	flags := trace.TraceFlags(0)
	if sampled {
		flags = trace.FlagsSampled
	}
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: flags})
}

func newSampler(t *testing.T, rules []sampling.Rule, opts ...sampling.Option) (*sampling.Sampler, *observer.ObservedLogs) {
	t.Helper()
	obs, logs := observer.New(zapcore.InfoLevel)
	s, err := sampling.New(zap.New(obs), rules, append([]sampling.Option{sampling.WithSummaryInterval(0)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, logs
}

var start = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// Rates hold over a bounded run with a fake clock: 10 minutes of traffic
// at 1000 requests per second (one every millisecond).
func TestRates(t *testing.T) {
	s, _ := newSampler(t, []sampling.Rule{
		sampling.Limit("GET /healthz", 1, 10*time.Second),
		sampling.FirstThen("POST /api/search", 100, time.Second, 50),
		sampling.Ratio("/shop.Orders/List", 4),
	})
	const seconds, perSecond = 600, 1000
	count := map[string]int{}
	for i := 0; i < seconds*perSecond; i++ {
		now := start.Add(time.Duration(i) * time.Millisecond)
		sc := traceCtx(uint64(i), false)
		for _, r := range []struct{ method, route string }{
			{"GET", "/healthz"}, {"POST", "/api/search"}, {"", "/shop.Orders/List"}, {"GET", "/other"},
		} {
			if s.Decide(r.method, r.route, sc, now) {
				count[r.route]++
			}
		}
	}
	tests := []struct {
		route   string
		want    float64
		tolerae float64
	}{
		{"/healthz", seconds / 10, 0},                     // exactly one per 10 s window
		{"/api/search", seconds * (100 + 900.0/50), 0.05}, // 100, then 1 in 50 of the other 900
		{"/shop.Orders/List", seconds * perSecond / 4, 0.05},
		{"/other", seconds * perSecond, 0}, // default: keep all
	}
	for _, tt := range tests {
		got := float64(count[tt.route])
		if d := (got - tt.want) / tt.want; d > tt.tolerae || d < -tt.tolerae {
			t.Errorf("%s: kept %v, want %v (±%.0f%%)", tt.route, got, tt.want, tt.tolerae*100)
		}
	}
}

// Two services (two samplers) decide the same for the same trace IDs.
func TestConsistentAcrossSamplers(t *testing.T) {
	rules := []sampling.Rule{sampling.Ratio("/api/search", 50)}
	a, _ := newSampler(t, rules)
	b, _ := newSampler(t, rules)
	kept := 0
	for i := uint64(0); i < 20000; i++ {
		sc := traceCtx(i, false)
		ka := a.Decide("POST", "/api/search", sc, start)
		if kb := b.Decide("GET", "POST /api/search", sc, start.Add(time.Hour)); ka != kb {
			t.Fatalf("trace %v: a=%v b=%v", sc.TraceID(), ka, kb)
		}
		if ka {
			kept++
		}
	}
	if kept < 300 || kept > 500 {
		t.Fatalf("kept %d of 20000 at 1 in 50", kept)
	}
}

func TestFollowTrace(t *testing.T) {
	s, _ := newSampler(t, []sampling.Rule{sampling.Limit("/healthz", 0, 0)}, sampling.WithFollowTrace())
	if !s.Decide("GET", "/healthz", traceCtx(1, true), start) {
		t.Error("a sampled incoming trace must be kept")
	}
	if s.Decide("GET", "/healthz", traceCtx(1, false), start) {
		t.Error("an unsampled trace follows the rule")
	}
}

func TestMethodMatching(t *testing.T) {
	s, _ := newSampler(t, []sampling.Rule{
		sampling.Limit("GET /items", 0, 0),
		sampling.Ratio("/items", 1),
		sampling.Limit("/pkg.Svc/Health", 0, 0),
	}, sampling.WithDefault(sampling.Limit("", 0, 0)))
	for _, tt := range []struct {
		method, route string
		want          bool
	}{
		{"GET", "/items", false}, {"POST", "/items", true}, {"", "GET /items", false},
		{"GET", "POST /items", true}, {"", "/pkg.Svc/Health", false}, {"GET", "/unknown", false},
	} {
		if got := s.Decide(tt.method, tt.route, traceCtx(7, false), start); got != tt.want {
			t.Errorf("%s %s: %v, want %v", tt.method, tt.route, got, tt.want)
		}
	}
}

func TestInvalidRules(t *testing.T) {
	for _, tt := range []struct {
		rules []sampling.Rule
		opts  []sampling.Option
		want  string
	}{
		{[]sampling.Rule{{Route: ""}}, nil, "empty route"},
		{[]sampling.Rule{{Route: "GET healthz"}}, nil, `want "METHOD /path"`},
		{[]sampling.Rule{{Route: "/x", First: -1}}, nil, "negative"},
		{[]sampling.Rule{{Route: "/x", Thereafter: -2}}, nil, "negative"},
		{[]sampling.Rule{{Route: "/x", First: 5}}, nil, "positive interval"},
		{[]sampling.Rule{sampling.Ratio("/x", 2), sampling.Ratio("/x", 3)}, nil, "named twice"},
		{[]sampling.Rule{sampling.Ratio("GET /x", 2), sampling.Ratio("GET /x", 3)}, nil, "named twice"},
		{[]sampling.Rule{sampling.Ratio("*", 2)}, nil, "default rule"},
		{nil, []sampling.Option{sampling.WithDefault(sampling.Rule{First: 3})}, "default rule"},
	} {
		_, err := sampling.New(nil, tt.rules, append(tt.opts, sampling.WithSummaryInterval(0))...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want %q", tt.rules, err, tt.want)
		}
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "rules.json")
	if err := os.WriteFile(good, []byte(`{
	  "rules": [
	    {"route": "GET /healthz", "first": 1, "interval": "10s", "thereafter": 0},
	    {"route": "POST /api/search", "first": 100, "interval": "1s", "thereafter": 50},
	    {"route": "/pkg.Svc/Get"}
	  ],
	  "default": {"route": "*", "thereafter": 2},
	  "follow_trace": true,
	  "slow_threshold": "2s"
	}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := sampling.LoadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sampling.New(nil, cfg.Rules, append(cfg.Options(), sampling.WithSummaryInterval(0))...)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got := fmt.Sprint(s.Rules())
	want := "[GET /healthz: 1 per 10s POST /api/search: 100 per 1s, then 1 in 50 /pkg.Svc/Get: keep all]"
	if got != want || s.SlowThreshold() != 2*time.Second {
		t.Fatalf("rules = %s, slow = %v", got, s.SlowThreshold())
	}
	for _, bad := range []struct{ body, want string }{
		{`{"rules":[{"route":"/x","first":1}]}`, "positive interval"},
		{`{"rules":[{"route":"/x","interval":"soon"}]}`, "interval"},
		{`{"rules":[{"route":"/x","every":"1s"}]}`, "unknown field"},
		{`{"rulez":[]}`, "unknown field"},
		{`{"rules":[]} {}`, "after the JSON"},
		{`{"slow_threshold":"fast"}`, "slow_threshold"},
		{`not json`, "invalid character"},
	} {
		if _, err := sampling.ParseConfig([]byte(bad.body)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: err = %v, want %q", bad.body, err, bad.want)
		}
	}
	if _, err := sampling.LoadFile(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file must be an error")
	}
}

// A flood of random raw paths does not grow memory: unknown routes fall
// into the default rule and nothing is stored per path.
func TestRandomPathFloodIsBounded(t *testing.T) {
	s, _ := newSampler(t, []sampling.Rule{sampling.Limit("GET /healthz", 1, time.Second)},
		sampling.WithDefault(sampling.Ratio("", 2)))
	flood := func(n int) {
		for i := 0; i < n; i++ {
			s.Decide("GET", fmt.Sprintf("/p/%x", rand.Uint64()), traceCtx(uint64(i), false), start)
		}
	}
	flood(10000) // warm up
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	flood(200000)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 1<<20 {
		t.Fatalf("heap grew by %d bytes over 200000 distinct paths", grown)
	}
	if n := testing.AllocsPerRun(1000, func() { s.Decide("GET", "/p/abc", traceCtx(1, false), start) }); n != 0 {
		t.Fatalf("Decide allocates %v times", n)
	}
}

// Rules are swapped while requests are decided (run with -race).
func TestConcurrentReplace(t *testing.T) {
	s, _ := newSampler(t, []sampling.Rule{sampling.Ratio("/a", 2)})
	var wg sync.WaitGroup
	var stop atomic.Bool
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var d sampling.Decision
			for i := 0; !stop.Load(); i++ {
				s.Begin(&d, route{"GET", "/a"}, traceCtx(uint64(i), false), start)
				if !d.Keep() {
					d.Dropped()
				}
			}
		}(w)
	}
	for i := 0; i < 200; i++ {
		if err := s.Replace([]sampling.Rule{sampling.Ratio("/a", 2+i%5), sampling.Limit("/b", i, time.Second)}); err != nil {
			t.Fatal(err)
		}
		s.Flush()
	}
	if err := s.Replace([]sampling.Rule{{Route: "bad"}}); err == nil {
		t.Fatal("an invalid swap must fail")
	}
	stop.Store(true)
	wg.Wait()
	if got := s.Rules(); len(got) != 2 || got[0].Route != "/a" {
		t.Fatalf("rules after a failed swap: %v", got)
	}
}

type route struct{ method, route string }

func (r route) Route() (string, string) { return r.method, r.route }

func TestSummaryLines(t *testing.T) {
	s, logs := newSampler(t, []sampling.Rule{sampling.Limit("GET /healthz", 1, 10*time.Second)})
	obs, reqLogs := observer.New(zapcore.DebugLevel)
	log := zap.New(logger.NewCore(obs))
	for i := 0; i < 5; i++ {
		var d sampling.Decision
		s.Begin(&d, route{"GET", "/healthz"}, traceCtx(uint64(i), false), start)
		ctx := logger.NewContext(headsample.With(context.Background(), &d), log)
		logger.FromContext(ctx).Info("probe")
		logger.FromContext(ctx).Debug("details")
	}
	if reqLogs.Len() != 2 {
		t.Fatalf("wrote %d request lines, want 2 (the first request's)", reqLogs.Len())
	}
	s.Flush()
	s.Flush() // nothing new: no second line
	all := logs.TakeAll()
	if len(all) != 1 {
		t.Fatalf("summary lines: %v", all)
	}
	e := all[0]
	if e.Message != "sampled out 8 lines of route GET /healthz" {
		t.Errorf("message = %q", e.Message)
	}
	m := e.ContextMap()
	if m[sampling.KeyRoute] != "GET /healthz" || m[sampling.KeyDroppedLines] != uint64(8) || m[sampling.KeyDroppedRequests] != uint64(4) {
		t.Errorf("fields = %v", m)
	}
}

func TestSummaryLoop(t *testing.T) {
	obs, logs := observer.New(zapcore.InfoLevel)
	s, err := sampling.New(zap.New(obs), []sampling.Rule{sampling.Limit("/x", 0, 0)}, sampling.WithSummaryInterval(5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	var d sampling.Decision
	s.Begin(&d, route{"", "/x"}, traceCtx(1, false), start)
	if d.Keep() {
		t.Fatal("dropped request kept")
	}
	d.Dropped()
	deadline := time.Now().Add(5 * time.Second)
	for logs.Len() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if logs.Len() != 1 {
		t.Fatalf("the loop wrote %d summaries", logs.Len())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal("a second Close must be harmless")
	}
}

func TestForce(t *testing.T) {
	s, logs := newSampler(t, []sampling.Rule{sampling.Limit("/x", 0, 0)})
	var d sampling.Decision
	s.Begin(&d, route{"", "/x"}, traceCtx(1, false), start)
	if d.Keep() || d.Forced() {
		t.Fatal("want dropped, not forced")
	}
	d.Force()
	if !d.Keep() || !d.Forced() {
		t.Fatal("want kept and forced")
	}
	var k sampling.Decision
	s2, _ := newSampler(t, nil)
	s2.Begin(&k, route{"", "/x"}, traceCtx(1, false), start)
	k.Force()
	if !k.Keep() || k.Forced() {
		t.Fatal("forcing a kept request changes nothing")
	}
	var zero sampling.Decision
	if !zero.Keep() || zero.Forced() {
		t.Fatal("the zero Decision keeps everything")
	}
	zero.Force()
	zero.Dropped()
	s.Flush()
	if logs.Len() != 0 {
		t.Fatalf("a forced request is not sampled out: %v", logs.All())
	}
	if !s.Slow(time.Second) || s.Slow(time.Millisecond) {
		t.Fatal("slow threshold")
	}
}

func TestMetrics(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(context.Background())
	s, _ := newSampler(t, []sampling.Rule{sampling.Limit("GET /healthz", 0, 0)}, sampling.WithMeterProvider(mp))
	for i := 0; i < 3; i++ {
		var d sampling.Decision
		s.Begin(&d, route{"GET", "/healthz"}, traceCtx(uint64(i), false), start)
		if !d.Keep() {
			d.Dropped()
			d.Dropped()
		}
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
				if v, _ := dp.Attributes.Value(attribute.Key(sampling.KeyRoute)); v.AsString() == "GET /healthz" {
					got[m.Name] = dp.Value
				}
			}
		}
	}
	if got[sampling.MetricDroppedLines] != 6 || got[sampling.MetricDroppedRequests] != 3 {
		t.Fatalf("metrics = %v", got)
	}
}

func traceContext(i uint64) context.Context {
	return trace.ContextWithSpanContext(context.Background(), traceCtx(i, false))
}

// Without a trace ID, "1 in Thereafter" after the First of a window counts
// requests: exactly one in m is kept, whatever m.
func TestFirstThenWithoutTraceID(t *testing.T) {
	for _, m := range []int{2, 3, 4, 7} {
		t.Run(fmt.Sprint(m), func(t *testing.T) {
			const first, rest = 10, 700
			s, _ := newSampler(t, []sampling.Rule{sampling.FirstThen("/x", first, time.Hour, m)})
			kept := 0
			for i := 0; i < first+rest*m; i++ {
				if s.Decide("GET", "/x", trace.SpanContext{}, start) {
					kept++
				}
			}
			if want := first + rest; kept != want {
				t.Fatalf("kept %d of %d, want %d", kept, first+rest*m, want)
			}
		})
	}
}

// slowRoute is a RouteSource that takes a while and counts its calls.
type slowRoute struct{ calls *atomic.Int64 }

func (r slowRoute) Route() (string, string) {
	r.calls.Add(1)
	time.Sleep(time.Millisecond)
	return "GET", "/x"
}

// A request's decision is made once even when its first lines are logged
// from several goroutines at once: the route is asked once, the request is
// counted once, and the window is charged once.
func TestConcurrentFirstUseDecidesOnce(t *testing.T) {
	s, logs := newSampler(t, []sampling.Rule{sampling.Limit("/x", 0, 0)})
	const reqs, goroutines = 20, 4
	var calls atomic.Int64
	for i := 0; i < reqs; i++ {
		var d sampling.Decision
		s.Begin(&d, slowRoute{&calls}, traceCtx(uint64(i), false), start)
		var wg sync.WaitGroup
		for g := 0; g < goroutines; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if !d.DropLine() {
					t.Error("a line of a dropped request was kept")
				}
			}()
		}
		wg.Wait()
	}
	if got := calls.Load(); got != reqs {
		t.Errorf("Route was called %d times for %d requests", got, reqs)
	}
	s.Flush()
	all := logs.TakeAll()
	if len(all) != 1 {
		t.Fatalf("summaries: %v", all)
	}
	if m := all[0].ContextMap(); m[sampling.KeyDroppedRequests] != uint64(reqs) || m[sampling.KeyDroppedLines] != uint64(reqs*goroutines) {
		t.Fatalf("summary = %v, want %d requests and %d lines", m, reqs, reqs*goroutines)
	}
}

// Summaries taken while dropped requests are being forced never report
// more dropped requests than there were requests (a forced request is
// counted as dropped at its head, then taken back).
func TestSummaryWhileForcing(t *testing.T) {
	s, logs := newSampler(t, []sampling.Rule{sampling.Limit("/x", 0, 0)})
	var begun atomic.Uint64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var d sampling.Decision
			for i := 0; !stop.Load(); i++ {
				begun.Add(1)
				s.Begin(&d, route{"", "/x"}, traceCtx(uint64(i), false), start)
				d.Force()
			}
		}()
	}
	for i := 0; i < 5000; i++ {
		s.Flush()
	}
	stop.Store(true)
	wg.Wait()
	s.Flush()
	var total uint64
	for _, e := range logs.All() {
		n := e.ContextMap()[sampling.KeyDroppedRequests].(uint64)
		if n > begun.Load() {
			t.Fatalf("a summary reports %d dropped requests of %d: %v", n, begun.Load(), e.ContextMap())
		}
		total += n
	}
	if total > 2 {
		t.Fatalf("summaries report %d dropped requests in all, though every request was forced", total)
	}
}

func TestRuleString(t *testing.T) {
	for _, tt := range []struct {
		rule sampling.Rule
		want string
	}{
		{sampling.KeepAll("/a"), "/a: keep all"},
		{sampling.Limit("GET /healthz", 0, 0), "GET /healthz: keep none"},
		{sampling.Ratio("/a", 0), "/a: keep none"},
		{sampling.Ratio("/a", 4), "/a: 1 in 4"},
		{sampling.Limit("/a", 1, 10*time.Second), "/a: 1 per 10s"},
		{sampling.FirstThen("/a", 100, time.Second, 50), "/a: 100 per 1s, then 1 in 50"},
	} {
		if got := tt.rule.String(); got != tt.want {
			t.Errorf("%#v: %q, want %q", tt.rule, got, tt.want)
		}
	}
}

// The metrics are cumulative counters: a Replace that keeps a route, and
// the Flush that retires the old rules, do not take them back.
func TestMetricsAcrossReplace(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(context.Background())
	rules := []sampling.Rule{sampling.Limit("GET /healthz", 0, 0)}
	s, _ := newSampler(t, rules, sampling.WithMeterProvider(mp))
	drop := func(n int) {
		for i := 0; i < n; i++ {
			var d sampling.Decision
			s.Begin(&d, route{"GET", "/healthz"}, traceCtx(uint64(i), false), start)
			d.DropLine()
		}
	}
	collect := func() (lines, reqs int64) {
		t.Helper()
		var rm metricdata.ResourceMetrics
		if err := reader.Collect(context.Background(), &rm); err != nil {
			t.Fatal(err)
		}
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
					if v, _ := dp.Attributes.Value(attribute.Key(sampling.KeyRoute)); v.AsString() != "GET /healthz" {
						continue
					}
					switch m.Name {
					case sampling.MetricDroppedLines:
						lines += dp.Value
					case sampling.MetricDroppedRequests:
						reqs += dp.Value
					}
				}
			}
		}
		return lines, reqs
	}
	drop(3)
	for _, step := range []struct {
		name string
		do   func()
		want int64
	}{
		{"before", func() {}, 3},
		{"replaced", func() {
			if err := s.Replace(rules); err != nil {
				t.Fatal(err)
			}
			drop(2)
		}, 5},
		{"flushed", s.Flush, 5},
		{"later", func() { drop(1) }, 6},
	} {
		step.do()
		if lines, reqs := collect(); lines != step.want || reqs != step.want {
			t.Errorf("%s: dropped lines %d, requests %d; want %d", step.name, lines, reqs, step.want)
		}
	}
}
