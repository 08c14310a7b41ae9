package sampling_test

import (
	"encoding/binary"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/sampling"
)

// ratioRates are the "1 in N" of the agreement tests.
var ratioRates = []int{2, 3, 10, 100, 1000}

const ratioIDs = 20000

func ratioSampler(t *testing.T, n int, opts ...sampling.Option) *sampling.Sampler {
	t.Helper()
	opts = append(opts, sampling.WithDefault(sampling.Ratio(sampling.DefaultRoute, n)), sampling.WithSummaryInterval(0))
	s, err := sampling.New(nil, nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// traceIDs returns n pseudo-random trace IDs (fixed seed) and the edges of
// the ranges the rules compare.
func traceIDs(n int) []trace.TraceID {
	rng := rand.New(rand.NewPCG(1, 2))
	ids := make([]trace.TraceID, 0, n+4)
	for _, low := range []uint64{0, 1, 1<<56 - 1, ^uint64(0)} {
		var id trace.TraceID
		id[0] = 1
		binary.BigEndian.PutUint64(id[8:], low)
		ids = append(ids, id)
	}
	for range n {
		var id trace.TraceID
		binary.BigEndian.PutUint64(id[:8], rng.Uint64())
		binary.BigEndian.PutUint64(id[8:], rng.Uint64())
		ids = append(ids, id)
	}
	return ids
}

func spanContext(id trace.TraceID) trace.SpanContext {
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: id, SpanID: trace.SpanID{1}})
}

// With the default method, the traces "1 in N" keeps are exactly those the
// SDK's TraceIDRatioBased(1/N) samples.
func TestTraceIDRatioAgreesWithSDK(t *testing.T) {
	ids := traceIDs(ratioIDs)
	now := time.Unix(0, 0)
	for _, n := range ratioRates {
		t.Run(fmt.Sprint("1 in ", n), func(t *testing.T) {
			s := ratioSampler(t, n) // the default method
			sdk := sdktrace.TraceIDRatioBased(1 / float64(n))
			kept := 0
			for _, id := range ids {
				want := sdk.ShouldSample(sdktrace.SamplingParameters{TraceID: id}).Decision == sdktrace.RecordAndSample
				if got := s.Decide("GET", "/x", spanContext(id), now); got != want {
					t.Fatalf("trace %s: kept %v, TraceIDRatioBased %v", id, got, want)
				}
				if want {
					kept++
				}
			}
			t.Logf("kept %d of %d", kept, len(ids))
		})
	}
}

// thresholdKeeps is the specification's rule, written with exact
// rationals: keep when R >= T, T = (1 - 1/n)·2^56 rounded to the nearest
// integer, R the low 56 bits of the trace ID.
func thresholdKeeps(id trace.TraceID, rv *uint64, n int) bool {
	r := binary.BigEndian.Uint64(id[8:]) & (1<<56 - 1)
	if rv != nil {
		r = *rv
	}
	p := new(big.Rat).Sub(big.NewRat(1, 1), big.NewRat(1, int64(n)))
	p.Mul(p, new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), 56)))
	// Round half up: floor(p + 1/2).
	p.Add(p, big.NewRat(1, 2))
	tr := new(big.Int).Quo(p.Num(), p.Denom())
	return new(big.Int).SetUint64(r).Cmp(tr) >= 0
}

// With Threshold, the traces kept are those of the specification's
// formula, and an explicit rv in tracestate replaces the trace ID's bits.
func TestThresholdAgreesWithSpec(t *testing.T) {
	ids := traceIDs(ratioIDs)
	now := time.Unix(0, 0)
	for _, n := range ratioRates {
		t.Run(fmt.Sprint("1 in ", n), func(t *testing.T) {
			s := ratioSampler(t, n, sampling.WithRatioMethod(sampling.Threshold))
			kept := 0
			for i, id := range ids {
				sc := spanContext(id)
				var rv *uint64
				if i%5 == 0 {
					// Every fifth trace carries an explicit randomness.
					v := binary.BigEndian.Uint64(id[:8]) & (1<<56 - 1)
					rv = &v
					ts, err := trace.ParseTraceState(fmt.Sprintf("ot=th:0;rv:%014x,other=1", v))
					if err != nil {
						t.Fatal(err)
					}
					sc = sc.WithTraceState(ts)
				}
				want := thresholdKeeps(id, rv, n)
				if got := s.Decide("GET", "/x", sc, now); got != want {
					t.Fatalf("trace %s (rv %v): kept %v, the spec %v", id, rv, got, want)
				}
				if want {
					kept++
				}
			}
			if lo, hi := len(ids)/n*8/10, len(ids)/n*12/10+10; kept < lo || kept > hi {
				t.Errorf("kept %d of %d, want about %d", kept, len(ids), len(ids)/n)
			}
		})
	}
}

// A malformed rv is ignored: the trace ID decides.
func TestThresholdBadRandomness(t *testing.T) {
	s := ratioSampler(t, 2, sampling.WithRatioMethod(sampling.Threshold))
	var keep, drop trace.TraceID
	keep[15], drop[0] = 0xff, 1
	binary.BigEndian.PutUint64(keep[8:], 1<<56-1)
	for _, ot := range []string{"rv:zz", "rv:123", "rv:FFFFFFFFFFFFFF", "th:8"} {
		ts, err := trace.ParseTraceState("ot=" + ot)
		if err != nil {
			t.Fatal(err)
		}
		if !s.Decide("GET", "/x", spanContext(keep).WithTraceState(ts), time.Unix(0, 0)) || s.Decide("GET", "/x", spanContext(drop).WithTraceState(ts), time.Unix(0, 0)) {
			t.Errorf("ot=%s changed the decision", ot)
		}
	}
	if n := testing.AllocsPerRun(100, func() {
		s.Decide("GET", "/x", spanContext(keep), time.Unix(0, 0))
	}); n != 0 {
		t.Errorf("Decide allocates %v times", n)
	}
}

// The method is read from a configuration file, and a bad one is refused.
func TestRatioMethodConfig(t *testing.T) {
	c, err := sampling.ParseConfig([]byte(`{"rules": [], "ratio_method": "threshold"}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Options()) != 1 {
		t.Errorf("options %v", c.Options())
	}
	if _, err := sampling.ParseConfig([]byte(`{"rules": [], "ratio_method": "coin"}`)); err == nil {
		t.Error("unknown ratio method accepted")
	}
	if sampling.DefaultRatioMethod != sampling.TraceIDRatio || sampling.Threshold.String() != "threshold" {
		t.Error("default or names changed")
	}
}
