package tracelog_test

import (
	"bytes"
	"context"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/logger"
)

// A line logged where no logger was stored (a goroutine of
// context.Background(), a cron job, main) reaches New's output.
func TestBackgroundLineIsWritten(t *testing.T) {
	t.Cleanup(func() { logger.SetDefault(nil) })
	var buf syncBuffer
	if _, err := tracelog.New(tracelog.WithService("cron", ""), tracelog.WithOutput(&buf)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		logger.FromContext(context.Background()).Info("nightly job done")
	}()
	wg.Wait()
	logger.FromContext(exampleContext()).Info("with a span")
	out := buf.String()
	if !strings.Contains(out, `"msg":"nightly job done"`) || !strings.Contains(out, `"service.name":"cron"`) {
		t.Fatalf("background line lost: %q", out)
	}
	if !strings.Contains(out, `"trace_id":"`) {
		t.Fatalf("the default logger lost the trace keys: %q", out)
	}
}

// WithoutDefault leaves the default as it was; the last logger built
// without it is the default.
func TestWithoutDefault(t *testing.T) {
	t.Cleanup(func() { logger.SetDefault(nil) })
	var main, other syncBuffer
	if _, err := tracelog.New(tracelog.WithOutput(&main)); err != nil {
		t.Fatal(err)
	}
	if _, err := tracelog.New(tracelog.WithOutput(&other), tracelog.WithoutDefault()); err != nil {
		t.Fatal(err)
	}
	logger.FromContext(context.Background()).Info("to main")
	if !strings.Contains(main.String(), "to main") || other.String() != "" {
		t.Fatalf("main %q, other %q", main.String(), other.String())
	}
}

// Without any logger set, the fallback still writes (to standard error):
// never zap's no-op.
func TestDefaultIsNeverNop(t *testing.T) {
	t.Cleanup(func() { logger.SetDefault(nil) })
	logger.SetDefault(nil)
	if !logger.Default().Core().Enabled(zapcore.InfoLevel) {
		t.Fatal("the fallback logger drops Info lines")
	}
}

// The slog and zap lines of one logger have the same keys, caller and
// stack trace included, for every option that shapes a line.
func TestSlogLinesMatchZapLines(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []tracelog.Option
	}{
		{"defaults", nil},
		{"without caller", []tracelog.Option{tracelog.WithoutCaller()}},
		{"zap options", []tracelog.Option{tracelog.WithZapOptions(zap.AddStacktrace(zapcore.WarnLevel), zap.Fields(zap.String("region", "eu")))}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			log, err := tracelog.New(append([]tracelog.Option{tracelog.WithService("svc", "1"), tracelog.WithOutput(&buf), tracelog.WithoutDefault()}, tt.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			log = log.Named("api")
			ctx := exampleContext()
			sl := slog.New(logger.NewSlogHandler(log))
			for _, lvl := range []zapcore.Level{zapcore.InfoLevel, zapcore.WarnLevel, zapcore.ErrorLevel} {
				buf.Reset()
				log.Log(lvl, "m", logger.Context(ctx), zap.Int("n", 1))
				sl.Log(ctx, slog.Level(int(lvl)*4), "m", "n", 1)
				lines := decode(t, &buf)
				if len(lines) != 2 {
					t.Fatalf("%v: %d lines: %s", lvl, len(lines), buf.String())
				}
				if zk, sk := keys(lines[0]), keys(lines[1]); zk != sk {
					t.Errorf("%v: zap keys %s, slog keys %s", lvl, zk, sk)
				}
				zs, _ := lines[0]["code.stacktrace"].(string)
				ss, _ := lines[1]["code.stacktrace"].(string)
				if first(zs) != first(ss) {
					t.Errorf("%v: stacks start at %q (zap) and %q (slog)", lvl, first(zs), first(ss))
				}
				for k, v := range lines[0] {
					switch k {
					case "time", "code.file.path", "code.line.number", "code.stacktrace":
						continue
					}
					if lines[1][k] != v {
						t.Errorf("%v: %s = %v (zap), %v (slog)", lvl, k, v, lines[1][k])
					}
				}
			}
		})
	}
}

func keys(m map[string]any) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func first(stack string) string {
	f, _, _ := strings.Cut(stack, "\n")
	return f
}

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
