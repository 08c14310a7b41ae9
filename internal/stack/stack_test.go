package stack_test

import (
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/internal/stack"
)

// frameRE is one frame of zap's stack shape.
var frameRE = regexp.MustCompile(`^[^\n\t]+\n\t[^\n]+:\d+$`)

func checkShape(t *testing.T, s string) []string {
	t.Helper()
	if s == "" {
		t.Fatal("empty stack")
	}
	lines := strings.Split(s, "\n")
	if len(lines)%2 != 0 {
		t.Fatalf("odd line count: %q", s)
	}
	var funcs []string
	for i := 0; i < len(lines); i += 2 {
		if f := lines[i] + "\n" + lines[i+1]; !frameRE.MatchString(f) {
			t.Errorf("frame %q is not zap's shape", f)
		}
		funcs = append(funcs, lines[i])
	}
	if strings.Contains(s, "goroutine ") || strings.Contains(s, "runtime.goexit") || strings.Contains(s, "(0x") {
		t.Errorf("stack has a header, the outermost runtime frame or arguments: %q", s)
	}
	return funcs
}

// record stands for slog.Logger.Info: it records its caller's PC, then
// asks for the stack from there, deeper down the same goroutine.
//
//go:noinline
func record() (string, uintptr) {
	var pcs [1]uintptr
	runtime.Callers(2, pcs[:])
	return stack.From(pcs[0]), pcs[0]
}

//go:noinline
func userCode() (string, uintptr) { return record() }

func TestFrom(t *testing.T) {
	s, pc := userCode()
	funcs := checkShape(t, s)
	if len(funcs) < 2 || !strings.HasSuffix(funcs[0], ".userCode") || !strings.HasSuffix(funcs[1], ".TestFrom") {
		t.Fatalf("stack starts at %v, want userCode then TestFrom", funcs)
	}
	// A PC that is not on the stack gives its one frame.
	funcs = checkShape(t, stack.From(pc))
	if len(funcs) != 1 || !strings.HasSuffix(funcs[0], ".userCode") {
		t.Fatalf("stack of a PC off the stack: %v", funcs)
	}
}

//go:noinline
func panicWith(kind string) {
	switch kind {
	case "value":
		panic("boom")
	case "nil":
		var p *struct{ n int }
		_ = p.n
	case "index":
		var s []int
		i := 3
		_ = s[i]
	}
}

func recovered(kind string) (s string) {
	defer func() {
		if recover() != nil {
			s = stack.Panic()
		}
	}()
	panicWith(kind)
	return ""
}

func TestPanic(t *testing.T) {
	for _, kind := range []string{"value", "nil", "index"} {
		t.Run(kind, func(t *testing.T) {
			funcs := checkShape(t, recovered(kind))
			if !strings.HasSuffix(funcs[0], ".panicWith") {
				t.Fatalf("stack starts at %v, want panicWith", funcs)
			}
			for _, f := range funcs {
				if strings.HasPrefix(f, "runtime.") || strings.Contains(f, ".recovered.func") {
					t.Errorf("recovery or runtime frame %q in %v", f, funcs)
				}
			}
		})
	}
}

// Without a panic, the stack starts at the caller of Panic's caller.
func TestPanicWithoutPanic(t *testing.T) {
	funcs := checkShape(t, helper())
	if !strings.HasSuffix(funcs[0], ".TestPanicWithoutPanic") {
		t.Fatalf("stack starts at %v", funcs)
	}
}

//go:noinline
func helper() string { return stack.Panic() }

// tracebackRE is a Go traceback as the runtime prints a panic: a first
// line, a blank line, the goroutine header, then frames whose function
// ends in its arguments.
var tracebackRE = regexp.MustCompile(`^([^\n]*)\n\ngoroutine ([1-9][0-9]*) \[running\]:((\n[^\n\t]+\(\.\.\.\)\n\t[^\n]+:\d+)+)$`)

func TestTraceback(t *testing.T) {
	s, _ := userCode()
	tb := stack.Traceback("lookup failed", s)
	m := tracebackRE.FindStringSubmatch(tb)
	if m == nil {
		t.Fatalf("not a Go traceback:\n%s", tb)
	}
	var buf [64]byte
	header := string(buf[:runtime.Stack(buf[:], false)])
	if m[1] != "lookup failed" || !strings.HasPrefix(header, "goroutine "+m[2]+" ") {
		t.Errorf("first line %q, goroutine %s; this goroutine: %q", m[1], m[2], header)
	}
	// The same frames, with their arguments elided.
	if got := strings.ReplaceAll(strings.TrimPrefix(m[3], "\n"), "(...)\n", "\n"); got != s {
		t.Errorf("frames\n%s\nwant\n%s", got, s)
	}
	if tb := stack.Traceback("x", ""); tb != "x\n\ngoroutine "+m[2]+" [running]:" {
		t.Errorf("no frames: %q", tb)
	}
}
