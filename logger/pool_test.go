package logger_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog/logger"
)

// lockedBuffer is a WriteSyncer safe for concurrent lines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Sync() error { return nil }

// TestPooledLinesConcurrent writes the first lines of many spans from
// several goroutines to a core that keeps nothing of them, so the lines'
// memory is reused from a pool: every line still carries its own span's
// IDs and its own fields.
func TestPooledLinesConcurrent(t *testing.T) {
	var out lockedBuffer
	enc := zapcore.NewJSONEncoder(zapcore.EncoderConfig{MessageKey: "msg"})
	log := zap.New(logger.NewCore(zapcore.NewCore(enc, &out, zapcore.InfoLevel), logger.WithSpanCacheSize(0)))
	const workers, lines = 4, 300
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range lines {
				span := fmt.Sprintf("%08x%08x", w+1, i+1)
				ctx := ctxWith(spanContext(t, testTraceHex, span, true))
				log.Info("line", logger.Context(ctx), zap.Int("worker", w), zap.String("span_copy", span))
			}
		}()
	}
	wg.Wait()
	got := strings.Split(strings.TrimSpace(out.buf.String()), "\n")
	if len(got) != workers*lines {
		t.Fatalf("%d lines, want %d", len(got), workers*lines)
	}
	for _, l := range got {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		if m[logger.KeySpanID] != m["span_copy"] || m[logger.KeyTraceID] != testTraceHex {
			t.Fatalf("line mixes two lines' memory: %s", l)
		}
	}
}

// TestKeepingCoreKeepsItsLines: a core that keeps the fields it is given
// (zaptest/observer) still holds every line intact after later lines are
// written: its lines' memory is never reused.
func TestKeepingCoreKeepsItsLines(t *testing.T) {
	obs, logs := observer.New(zapcore.InfoLevel)
	log := zap.New(logger.NewCore(obs, logger.WithSpanCacheSize(0)))
	const n = 50
	for i := range n {
		span := fmt.Sprintf("%016x", i+1)
		log.Info("line", logger.Context(ctxWith(spanContext(t, testTraceHex, span, true))), zap.String("span_copy", span))
	}
	all := logs.AllUntimed()
	if len(all) != n {
		t.Fatalf("%d entries, want %d", len(all), n)
	}
	for _, e := range all {
		m := e.ContextMap()
		if m[logger.KeySpanID] != m["span_copy"] {
			t.Fatalf("entry changed after it was written: %v", m)
		}
	}
}
