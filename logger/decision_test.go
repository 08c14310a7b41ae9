package logger_test

import (
	"context"
	"sync/atomic"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog/logger"

	"github.com/tracelog/tracelog/internal/headsample"
)

type fakeDecision struct {
	keep, forced bool
	dropped      atomic.Int64
}

func (d *fakeDecision) Keep() bool   { return d.keep }
func (d *fakeDecision) Forced() bool { return d.forced }
func (d *fakeDecision) DropLine() bool {
	if d.keep {
		return false
	}
	d.dropped.Add(1)
	return true
}

func TestDecisionIsFollowedByEveryLineOfTheRequest(t *testing.T) {
	tests := []struct {
		name         string
		d            *fakeDecision
		wantLines    int
		wantDropped  int64
		wantMarkedAt []int // indexes of written lines marked sampled=forced
	}{
		{"kept", &fakeDecision{keep: true}, 6, 0, nil},
		{"dropped: only errors, marked", &fakeDecision{}, 2, 4, []int{0, 1}},
		{"forced after the fact", &fakeDecision{keep: true, forced: true}, 6, 0, []int{0, 1, 2, 3, 4, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, logs := observed(t)
			ctx := headsample.With(ctxWith(spanContext(t, testTraceHex, testSpanHex, true)), tt.d)
			ctx = logger.NewContext(ctx, log)
			req := logger.FromContext(ctx)
			req.Info("handler line")
			req.Error("handler error")
			log.Info("line with context", logger.Context(ctx))
			log.Error("error with context", logger.Context(ctx))
			log.With(logger.Context(ctx)).Warn("bound warn")
			req.With(zap.String("k", "v")).Debug("derived debug")
			log.Info("unrelated line")

			all := logs.TakeAll()
			if got := len(all) - 1; got != tt.wantLines {
				t.Fatalf("wrote %d request lines, want %d: %v", got, tt.wantLines, all)
			}
			if all[len(all)-1].ContextMap()["tracelog.sampled"] != nil {
				t.Fatal("a line outside the request was marked")
			}
			marked := map[int]bool{}
			for _, i := range tt.wantMarkedAt {
				marked[i] = true
			}
			for i, e := range all[:len(all)-1] {
				m := e.ContextMap()
				if (m["tracelog.sampled"] == "forced") != marked[i] {
					t.Errorf("line %d (%s): sampled=%v", i, e.Message, m["tracelog.sampled"])
				}
				if m["trace_id"] != testTraceHex {
					t.Errorf("line %d lost its trace: %v", i, m)
				}
			}
			if got := tt.d.dropped.Load(); got != tt.wantDropped {
				t.Errorf("dropped %d lines, want %d", got, tt.wantDropped)
			}
		})
	}
}

func TestDecisionWithoutSpan(t *testing.T) {
	log, logs := observed(t)
	d := &fakeDecision{}
	ctx := logger.NewContext(headsample.With(context.Background(), d), log)
	logger.FromContext(ctx).Info("dropped")
	if logs.Len() != 0 || d.dropped.Load() != 1 {
		t.Fatalf("lines=%d dropped=%d", logs.Len(), d.dropped.Load())
	}
}

func TestDroppedLineCostsADisabledLine(t *testing.T) {
	log, _ := observed(t)
	ctx := headsample.With(ctxWith(spanContext(t, testTraceHex, testSpanHex, true)), &fakeDecision{})
	req := logger.FromContext(logger.NewContext(ctx, log))
	if n := testing.AllocsPerRun(100, func() { req.Info("dropped", zap.Int("n", 1)) }); n > 1 {
		t.Fatalf("a dropped line allocates %v times, want at most 1 (the variadic slice)", n)
	}
	if headsample.FromContext(context.Background()) != nil {
		t.Fatal("no decision expected")
	}
}

// A nil context is handled as context.Background is, never with a panic.
func TestDecisionNilContext(t *testing.T) {
	//lint:ignore SA1012 nil on purpose
	if d := headsample.FromContext(nil); d != nil {
		t.Fatalf("DecisionFromContext(nil) = %v", d)
	}
	d := &fakeDecision{}
	//lint:ignore SA1012 nil on purpose
	ctx := headsample.With(nil, d)
	if ctx == nil || headsample.FromContext(ctx) != d {
		t.Fatal("WithDecision(nil, d) must carry d")
	}
}

// FromContext without a stored logger follows the context's decision too,
// with or without a span.
func TestDecisionFollowedByGlobalFallback(t *testing.T) {
	log, logs := observed(t)
	undo := zap.ReplaceGlobals(log)
	defer undo()
	for _, tt := range []struct {
		name string
		ctx  context.Context
	}{
		{"no span", context.Background()},
		{"span", ctxWith(spanContext(t, testTraceHex, testSpanHex, true))},
	} {
		d := &fakeDecision{}
		logger.FromContext(headsample.With(tt.ctx, d)).Info("dropped")
		if logs.Len() != 0 || d.dropped.Load() != 1 {
			t.Errorf("%s: lines=%d dropped=%d, want 0 and 1", tt.name, logs.Len(), d.dropped.Load())
		}
		logs.TakeAll()
	}
}

// A dropped line is counted once when the tracelog core sits in a tee
// beside a core that takes the line's level (zap asks the tee's Enabled,
// then its Check).
func TestDroppedLineCountedOnceInATee(t *testing.T) {
	obs, _ := observer.New(zapcore.DebugLevel)
	other, _ := observer.New(zapcore.DebugLevel)
	log := zap.New(zapcore.NewTee(logger.NewCore(obs), other))
	d := &fakeDecision{}
	log.With(logger.Context(headsample.With(context.Background(), d))).Info("dropped")
	if got := d.dropped.Load(); got != 1 {
		t.Fatalf("one dropped line counted %d times", got)
	}
}
