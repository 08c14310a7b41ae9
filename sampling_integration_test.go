package tracelog_test

import (
	"bytes"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/sampling"
)

type routeOf string

func (r routeOf) Route() (string, string) { return "GET", string(r) }

// Sync writes the sampler's summary through the logger New built.
func TestWithSamplerSummaryAtSync(t *testing.T) {
	s, err := sampling.New(nil, []sampling.Rule{sampling.Limit("GET /healthz", 0, 0)}, sampling.WithSummaryInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var buf bytes.Buffer
	log, err := tracelog.New(tracelog.WithOutput(&buf), tracelog.WithSampler(s), tracelog.WithService("svc", ""))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		d := new(sampling.Decision)
		s.Begin(d, routeOf("/healthz"), trace.SpanContextFromContext(exampleContext()), time.Now())
		ctx := logger.NewContext(logger.WithDecision(exampleContext(), d), log)
		logger.FromContext(ctx).Info("probe")
		logger.FromContext(ctx).Warn("probe warning")
	}
	if buf.Len() != 0 {
		t.Fatalf("lines of sampled-out requests were written: %s", buf.String())
	}
	if err := log.With(logger.Context(exampleContext())).Sync(); err != nil {
		t.Fatal(err)
	}
	lines := decode(t, &buf)
	if len(lines) != 1 {
		t.Fatalf("want one summary line, got %v", lines)
	}
	m := lines[0]
	if m["msg"] != "sampled out 6 lines of route GET /healthz" || m["service.name"] != "svc" ||
		m[sampling.KeyDroppedLines] != float64(6) || m[sampling.KeyDroppedRequests] != float64(3) {
		t.Fatalf("summary = %v", m)
	}
}
