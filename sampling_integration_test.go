package tracelog_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/internal/headsample"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/otellogs"
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
		d := new(headsample.Request)
		d.Begin(headsample.FromLogger(log.With(zap.String("derived", "yes"))), routeOf("/healthz"), trace.SpanContextFromContext(exampleContext()), time.Now())
		ctx := logger.NewContext(headsample.With(exampleContext(), d), log)
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

// With OpenTelemetry Logs export, a sampled-out request's lines below
// Error are neither written nor exported, and each is counted once.
func TestSampledOutLinesAreNotExported(t *testing.T) {
	s, err := sampling.New(nil, []sampling.Rule{sampling.Limit("GET /healthz", 0, 0)}, sampling.WithSummaryInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	exp := &memExporter{}
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp)))
	defer func() { _ = lp.Shutdown(context.Background()) }()
	var buf bytes.Buffer
	log, err := tracelog.New(tracelog.WithOutput(&buf), tracelog.WithSampler(s), otellogs.WithLoggerProvider(lp))
	if err != nil {
		t.Fatal(err)
	}
	d := new(headsample.Request)
	d.Begin(headsample.FromLogger(log), routeOf("/healthz"), trace.SpanContextFromContext(exampleContext()), time.Now())
	ctx := logger.NewContext(headsample.With(exampleContext(), d), log)
	logger.FromContext(ctx).Info("bound line")
	log.Warn("line with context", logger.Context(ctx))
	logger.FromContext(ctx).Error("error line")

	lines := decode(t, &buf)
	if len(lines) != 1 || lines[0]["msg"] != "error line" || lines[0]["tracelog.sampled"] != "forced" {
		t.Fatalf("stdout = %v", lines)
	}
	exp.mu.Lock()
	var exported []string
	for _, r := range exp.records {
		exported = append(exported, r.Body().AsString())
	}
	exp.mu.Unlock()
	if len(exported) != 1 || exported[0] != "error line" {
		t.Fatalf("exported %q, want only the error line", exported)
	}
	buf.Reset()
	if err := log.Sync(); err != nil {
		t.Fatal(err)
	}
	if lines := decode(t, &buf); len(lines) != 1 || lines[0][sampling.KeyDroppedLines] != float64(2) {
		t.Fatalf("summary = %v, want 2 dropped lines", lines)
	}
}
