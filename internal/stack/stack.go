package stack

import (
	"runtime"
	"strconv"
	"strings"
)

// maxDepth bounds the frames a stack holds; deeper stacks are cut.
const maxDepth = 64

// From returns the stack of the calling goroutine starting at the frame
// whose program counter is pc (as slog.Record.PC records it). When no frame
// of the stack has pc, the stack is that one frame.
func From(pc uintptr) string {
	var buf [maxDepth]uintptr
	pcs := buf[:runtime.Callers(2, buf[:])]
	for i, p := range pcs {
		if p == pc {
			return format(pcs[i:])
		}
	}
	return format([]uintptr{pc})
}

// Panic returns, when called from a deferred function that recovered a
// panic, the stack of the goroutine starting at the frame that panicked:
// the deferred function, runtime.gopanic and the runtime's fault frames
// (a nil dereference, an index out of range) are left out. Called
// elsewhere, it returns the stack of its caller's caller.
func Panic() string {
	var buf [maxDepth]uintptr
	pcs := buf[:runtime.Callers(3, buf[:])]
	frames := runtime.CallersFrames(pcs)
	// Find runtime.gopanic, then the first frame after it outside the
	// runtime.
	seen, i := false, 0
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			seen = true
		case seen && !strings.HasPrefix(f.Function, "runtime."):
			return formatFrames(pcs, i)
		}
		i++
		if !more {
			break
		}
	}
	return format(pcs)
}

// formatFrames formats the frames of pcs from the skip-th on (frames, not
// PCs: a PC may stand for several inlined frames).
func formatFrames(pcs []uintptr, skip int) string {
	frames := runtime.CallersFrames(pcs)
	var b strings.Builder
	n := 0
	for {
		f, more := frames.Next()
		if n >= skip && !(last(f, more)) {
			appendFrame(&b, f)
		}
		n++
		if !more {
			return b.String()
		}
	}
}

func format(pcs []uintptr) string { return formatFrames(pcs, 0) }

// last reports whether f is the goroutine's outermost runtime frame, which
// zap leaves out as noise.
func last(f runtime.Frame, more bool) bool {
	return !more && (f.Function == "runtime.main" || f.Function == "runtime.goexit")
}

func appendFrame(b *strings.Builder, f runtime.Frame) {
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	b.WriteString(f.Function)
	b.WriteString("\n\t")
	b.WriteString(f.File)
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(f.Line))
}

// Traceback returns stack, in the shape the other functions here give it,
// in the shape of a Go traceback after a first line of text, as the Go
// runtime prints a panic and runtime.Stack a goroutine: first, a blank
// line, "goroutine N [running]:" with the calling goroutine's number, then
// each frame's function with its arguments elided, "(...)", and its
// "\tfile:line". Cloud Error Reporting reads a Go stack in this shape only
// (https://cloud.google.com/error-reporting/docs/formatting-error-messages;
// cloud.google.com/go/errorreporting asks for runtime.Stack's format); it
// takes the first line for the error's message. It is called on the
// goroutine the stack was taken on, for lines that have a stack (it reads
// the goroutine's number through runtime.Stack).
func Traceback(first, stack string) string {
	var b strings.Builder
	b.Grow(len(first) + len(stack) + 32 + 5*strings.Count(stack, "\n\t"))
	b.WriteString(first)
	b.WriteString("\n\ngoroutine ")
	b.WriteString(strconv.FormatUint(goroutineID(), 10))
	b.WriteString(" [running]:")
	if stack == "" {
		return b.String()
	}
	for line := range strings.SplitSeq(stack, "\n") {
		b.WriteByte('\n')
		b.WriteString(line)
		if !strings.HasPrefix(line, "\t") {
			b.WriteString("(...)")
		}
	}
	return b.String()
}

// goroutineID returns the number of the calling goroutine, from the
// header runtime.Stack writes ("goroutine 18 [running]:"), or 0.
func goroutineID() uint64 {
	var buf [64]byte
	s := string(buf[:runtime.Stack(buf[:], false)])
	s, ok := strings.CutPrefix(s, "goroutine ")
	if !ok {
		return 0
	}
	if i := strings.IndexByte(s, ' '); i > 0 {
		s = s[:i]
	}
	id, _ := strconv.ParseUint(s, 10, 64)
	return id
}
