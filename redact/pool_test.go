package redact_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/tracelog/tracelog/redact"
)

// poolSecret is an object with a secret and a value that tells lines apart.
type poolSecret struct {
	n      int
	secret string
}

func (c poolSecret) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddInt("n", c.n)
	enc.AddString("password", c.secret)
	return nil
}

// TestPooledLinesConcurrent logs objects from several goroutines through
// a core that keeps nothing of a line, so each line's wrapper comes from a
// pool: every line holds its own object, redacted.
func TestPooledLinesConcurrent(t *testing.T) {
	var mu sync.Mutex
	var out strings.Builder
	w := zapcore.AddSync(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return out.Write(p)
	}))
	log := zap.New(redact.NewCore(zapcore.NewCore(zapcore.NewJSONEncoder(testEncoderConfig()), w, zapcore.InfoLevel), redact.Default()))
	const workers, lines = 4, 300
	var wg sync.WaitGroup
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range lines {
				n := g*lines + i
				log.Info("m", zap.Object("card", poolSecret{n, fmt.Sprintf("hunter%d", n)}), zap.Int("n", n))
			}
		}()
	}
	wg.Wait()
	got := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(got) != workers*lines {
		t.Fatalf("%d lines, want %d", len(got), workers*lines)
	}
	for _, l := range got {
		var m struct {
			N    float64 `json:"n"`
			Card struct {
				N        float64 `json:"n"`
				Password string  `json:"password"`
			} `json:"card"`
		}
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		if m.Card.N != m.N || m.Card.Password != redact.Mask {
			t.Fatalf("line mixes two lines' memory or leaks: %s", l)
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestKeepingCoreKeepsItsLines: a core that keeps the fields it is given
// (zaptest/observer) still reads each line's own object, redacted, after
// later lines are written.
func TestKeepingCoreKeepsItsLines(t *testing.T) {
	obs, logs := observer.New(zapcore.InfoLevel)
	log := zap.New(redact.NewCore(obs, redact.Default()))
	const n = 50
	for i := range n {
		log.Info("m", zap.Object("card", poolSecret{i, "hunter2"}), zap.Int("n", i))
	}
	all := logs.AllUntimed()
	if len(all) != n {
		t.Fatalf("%d entries, want %d", len(all), n)
	}
	for _, e := range all {
		m := e.ContextMap()
		c, _ := m["card"].(map[string]any)
		if c == nil || fmt.Sprint(c["n"]) != fmt.Sprint(m["n"]) || c["password"] != redact.Mask {
			t.Fatalf("entry changed after it was written: %v", m)
		}
	}
}
