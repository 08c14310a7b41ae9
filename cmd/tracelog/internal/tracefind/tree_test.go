package tracefind_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// found parses lines into a trace's lines, in order.
func found(t *testing.T, lines ...string) []*tracefind.Found {
	t.Helper()
	var out []*tracefind.Found
	for i, l := range lines {
		f := &tracefind.Found{Offset: int64(i)}
		if err := f.Parse([]byte(l), true); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		out = append(out, f)
	}
	return out
}

func hopLine(service, span, parent string, ms int) string {
	p := ""
	if parent != "" {
		p = `,"tracelog.parent_span_id":"` + parent + `"`
	}
	return fmt.Sprintf(`{"time":"2026-11-21T18:21:19.%03dZ","msg":"http request","service.name":%q,"span_id":%q,"http.request.method":"GET","http.route":"/%s","http.response.status_code":200,"duration":1%s}`,
		ms, service, span, service, p)
}

func logLine(span, msg string, ms int) string {
	return fmt.Sprintf(`{"time":"2026-11-21T18:21:19.%03dZ","msg":%q,"span_id":%q}`, ms, msg, span)
}

// draw renders a tree as "service(lines)" with children in brackets.
func draw(t *tracefind.Tree) string {
	var b strings.Builder
	var walk func(h *tracefind.Hop)
	walk = func(h *tracefind.Hop) {
		b.WriteString(h.Service)
		if h.MissingParent {
			b.WriteString("?")
		}
		if h.Cycle {
			b.WriteString("!")
		}
		for _, l := range h.Lines {
			b.WriteString(" " + string(l.Msg))
		}
		if len(h.Children) > 0 {
			b.WriteString(" [")
			for i, c := range h.Children {
				if i > 0 {
					b.WriteString(", ")
				}
				walk(c)
			}
			b.WriteString("]")
		}
	}
	for i, r := range t.Roots {
		if i > 0 {
			b.WriteString("; ")
		}
		walk(r)
	}
	for _, u := range t.Unattributed {
		b.WriteString(" | " + string(u.Msg))
	}
	return b.String()
}

const (
	s1 = "0000000000000001"
	s2 = "0000000000000002"
	s3 = "0000000000000003"
	s4 = "0000000000000004"
	s9 = "0000000000000009"
)

func TestBuildTree(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"chain", []string{
			logLine(s1, "a1", 1), hopLine("c", s3, s2, 3), hopLine("b", s2, s1, 5), hopLine("a", s1, "", 9),
		}, "a a1 [b [c]]"},
		{"children by start", []string{
			hopLine("late", s3, s1, 8), hopLine("early", s2, s1, 3), hopLine("root", s1, "", 9),
		}, "root [early, late]"},
		{"missing parent and unattributed", []string{
			hopLine("a", s1, "", 5), hopLine("orphan", s2, s9, 6), logLine(s4, "stray", 7), `{"msg":"no span","trace_id":"` + tid + `"}`,
		}, "a; orphan? | stray | no span"},
		{"client span stands for its hop", []string{
			hopLine("a", s1, "", 9),
			`{"msg":"http client request","span_id":"` + s2 + `","tracelog.parent_span_id":"` + s1 + `"}`,
			hopLine("b", s3, s2, 5),
		}, "a http client request [b]"},
		{"cycle", []string{
			hopLine("a", s1, s2, 5), hopLine("b", s2, s1, 6),
		}, "a! [b]"},
		{"own parent", []string{hopLine("a", s1, s1, 5)}, "a?"},
		{"no hops", []string{logLine(s1, "x", 1)}, " | x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tree := tracefind.BuildTree(found(t, tc.lines...))
			if got := draw(tree); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// A handler that calls the same service twice: two client lines, each
// with a span of its own, two edges, each callee linked to its call.
func TestBuildTreeTwoCalls(t *testing.T) {
	client := func(span string, ms int) string {
		return fmt.Sprintf(`{"time":"2026-11-21T18:21:19.%03dZ","msg":"http client request","span_id":%q,"tracelog.parent_span_id":%q}`, ms, span, s1)
	}
	tree := tracefind.BuildTree(found(t,
		client(s2, 3), hopLine("b", s4, s2, 3), client(s3, 6), hopLine("b", s9, s3, 6), hopLine("a", s1, "", 9),
	))
	if got, want := draw(tree), "a http client request http client request [b, b]"; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	a := tree.Roots[0]
	for i, b := range a.Children {
		if b.Call == nil || b.Call.SpanID != b.ParentSpanID || b.Call != a.Lines[i] || tree.Callee(a.Lines[i]) != b {
			t.Errorf("callee %d: call %v, want the client line with span %s", i, b.Call, b.ParentSpanID)
		}
	}
	if a.Call != nil {
		t.Errorf("root has a call: %v", a.Call)
	}
}

func TestBuildTreeTimes(t *testing.T) {
	tree := tracefind.BuildTree(found(t, logLine(s1, "first", 2), hopLine("a", s1, "", 9)))
	h := tree.Roots[0]
	base := time.Date(2026, 11, 21, 18, 21, 19, 0, time.UTC)
	if !h.End.Equal(base.Add(9*time.Millisecond)) || !h.Start.Equal(base.Add(8*time.Millisecond)) || h.Duration != time.Millisecond {
		t.Errorf("hop start %v end %v duration %v", h.Start, h.End, h.Duration)
	}
	if !tree.Start.Equal(base.Add(2*time.Millisecond)) || !tree.End.Equal(base.Add(9*time.Millisecond)) {
		t.Errorf("tree from %v to %v", tree.Start, tree.End)
	}
	if tree.Hops != 1 || tree.Lines != 2 || len(tree.Services) != 1 {
		t.Errorf("hops %d lines %d services %v", tree.Hops, tree.Lines, tree.Services)
	}
}
