package redact_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"go.uber.org/zap"

	"github.com/tracelog/tracelog/redact"
)

// churn judges n distinct keys through r, as a service logging maps,
// query strings and payloads with keys from data does.
func churn(r *redact.Redactor, n int) {
	for i := range n {
		_ = r.SensitiveKey(fmt.Sprintf("dyn_%d_key", i))
	}
}

// The verdict cache keeps copies of at most a bounded number of keys:
// 5,000 distinct 8 KiB query strings leave at most 64 KiB alive (issue 16:
// 6.1 MB, the cache holding names cut from the queries).
func TestQueriesRetainLittle(t *testing.T) {
	r := mustNew(t)
	value := strings.Repeat("v", 1000)
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	_ = r.Query("warm=1")
	before := heap()
	for q := range 5000 {
		var b strings.Builder
		for i := 0; b.Len() < 8<<10; i++ {
			fmt.Fprintf(&b, "n%d_%d=%s&", q, i, value)
		}
		_ = r.Query(b.String())
	}
	after := heap()
	runtime.KeepAlive(r)
	if after > before && after-before > 64<<10 {
		t.Errorf("5,000 queries of 8 KiB retain %d bytes, want at most 64 KiB", after-before)
	}
	t.Logf("retained %d bytes", int64(after)-int64(before))
}

// After many dynamic keys, a clean line is still found clean from the
// cache, without allocating.
func TestCleanLineAfterChurn(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	r := mustNew(t)
	churn(r, 20000)
	log := zap.New(redact.NewCore(benchCore(), r))
	fields := sixFields()
	log.Info("request served", fields...)
	if n := testing.AllocsPerRun(100, func() { log.Info("request served", fields...) }); n != 0 {
		t.Errorf("clean line after 20k keys: %v allocations, want 0", n)
	}
}

// freshRedactor returns a new Redactor with the default rules.
func freshRedactor() *redact.Redactor {
	r, err := redact.New()
	if err != nil {
		panic(err)
	}
	return r
}
