package tracefind

import (
	"slices"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// A Hop is one request served within the trace, from its access line.
type Hop struct {
	// Access is the hop's access line.
	Access *Found
	// Service, Route and Status come from the access line (see
	// [Record.AppendRoute] and [Record.StatusText]).
	Service, Route, Status string
	// Start is the access line's time less its duration; End is the
	// access line's time (it is written when the request ends).
	Start, End time.Time
	Duration   time.Duration
	// Error marks a failed hop (see [Record.IsError]).
	Error bool
	// Panic is the value the hop's handler panicked with, "" when it did
	// not panic.
	Panic string
	// MissingParent is set on a hop whose caller's span (parent_span_id)
	// is not a hop, nor a client span of one, among the lines read; the
	// hop is then a root. Cycle marks a hop whose parents lead back to
	// itself (bad data); it is a root too.
	MissingParent bool
	Cycle         bool
	ParentSpanID  trace.SpanID

	Parent *Hop
	// Call is the caller's client line that started this hop: the one
	// whose span_id is the hop's parent_span_id, when the client call had
	// a span of its own. A handler that calls one service twice has two
	// client lines, each the Call of its own callee hop.
	Call     *Found
	Children []*Hop
	// Lines are the trace's other lines with the hop's span_id (or the
	// span of one of its client calls), in time order.
	Lines []*Found
}

// A Tree is the call tree of a trace.
type Tree struct {
	// Roots are the hops without a caller among the lines read, in order of
	// start.
	Roots []*Hop
	// Unattributed are the lines whose span is no hop's.
	Unattributed []*Found
	// Start and End bound every hop and line of the trace.
	Start, End time.Time
	// Hops and Lines count the hops and all lines; Services lists the
	// services in order of first appearance.
	Hops, Lines int
	Services    []string

	callees map[*Found]*Hop // client line -> the hop it started
}

// Callee returns the hop the client line f started ([Hop.Call] is f), or
// nil.
func (t *Tree) Callee(f *Found) *Hop { return t.callees[f] }

// BuildTree rebuilds the call tree from the lines of one trace, in time
// order (as [Find] returns them).
//
// Each access line ("http request" or "grpc call") is a hop. A hop's
// parent is the hop whose span_id is its parent_span_id. When a client
// call was traced in a span of its own (a client line whose span_id is no
// hop's but whose parent_span_id is), that span stands for its hop too, so
// the callee still finds its parent. Other lines go under the hop of their
// span_id, or to [Tree.Unattributed].
func BuildTree(lines []*Found) *Tree {
	t := &Tree{Lines: len(lines)}
	bySpan := make(map[trace.SpanID]*Hop)
	var hops []*Hop
	seen := make(map[string]bool)
	for _, f := range lines {
		if s := string(f.Service); s != "" && !seen[s] {
			seen[s] = true
			t.Services = append(t.Services, s)
		}
		if !f.IsAccess() {
			continue
		}
		h := &Hop{
			Access:   f,
			Service:  string(f.Service),
			Route:    string(f.AppendRoute(nil)),
			Status:   f.StatusText(),
			End:      f.Time,
			Duration: f.Duration,
			Start:    f.Time.Add(-f.Duration),
			Error:    f.IsError(),
			Panic:    string(f.Panic),
		}
		if f.HasParentSpanID {
			h.ParentSpanID = f.ParentSpanID
		}
		hops = append(hops, h)
		if f.HasSpanID && bySpan[f.SpanID] == nil {
			bySpan[f.SpanID] = h
		}
	}
	t.Hops = len(hops)

	// Spans of client calls made by a hop, and their client lines.
	alias := make(map[trace.SpanID]*Hop)
	calls := make(map[trace.SpanID]*Found)
	for _, f := range lines {
		if f.IsAccess() || !f.HasSpanID || !f.HasParentSpanID || bySpan[f.SpanID] != nil {
			continue
		}
		if h := bySpan[f.ParentSpanID]; h != nil {
			alias[f.SpanID] = h
			if calls[f.SpanID] == nil {
				calls[f.SpanID] = f
			}
		}
	}
	hopOf := func(id trace.SpanID) *Hop {
		if h := bySpan[id]; h != nil {
			return h
		}
		return alias[id]
	}

	for _, h := range hops {
		if !h.ParentSpanID.IsValid() {
			continue
		}
		if p := hopOf(h.ParentSpanID); p != nil && p != h {
			h.Parent, h.Call = p, calls[h.ParentSpanID]
		} else {
			h.MissingParent = true
		}
	}
	// Break cycles: a hop that reaches itself through its parents loses its
	// parent.
	for _, h := range hops {
		p := h.Parent
		for steps := 0; p != nil && steps <= len(hops); steps++ {
			if p == h {
				h.Parent, h.Call, h.Cycle = nil, nil, true
				break
			}
			p = p.Parent
		}
	}
	for _, h := range hops {
		if h.Call != nil {
			if t.callees == nil {
				t.callees = make(map[*Found]*Hop)
			}
			t.callees[h.Call] = h
		}
		if h.Parent != nil {
			h.Parent.Children = append(h.Parent.Children, h)
		} else {
			t.Roots = append(t.Roots, h)
		}
	}
	for _, f := range lines {
		if f.IsAccess() {
			continue
		}
		var h *Hop
		if f.HasSpanID {
			h = hopOf(f.SpanID)
		}
		if h != nil {
			h.Lines = append(h.Lines, f)
		} else {
			t.Unattributed = append(t.Unattributed, f)
		}
	}

	byStart := func(a, b *Hop) int { return a.Start.Compare(b.Start) }
	slices.SortStableFunc(t.Roots, byStart)
	for _, h := range hops {
		slices.SortStableFunc(h.Children, byStart)
	}

	for _, h := range hops {
		t.widen(h.Start)
		t.widen(h.End)
	}
	for _, f := range lines {
		t.widen(f.Time)
	}
	return t
}

func (t *Tree) widen(at time.Time) {
	if at.IsZero() {
		return
	}
	if t.Start.IsZero() || at.Before(t.Start) {
		t.Start = at
	}
	if t.End.IsZero() || at.After(t.End) {
		t.End = at
	}
}

// Walk calls fn for each hop, depth first, children in order of start,
// with the hop's depth (0 for roots) and whether it is the last child of
// its parent; fn is given the "last" flags of all its ancestors too, for
// drawing.
func (t *Tree) Walk(fn func(h *Hop, lastPath []bool)) {
	var walk func(h *Hop, path []bool)
	walk = func(h *Hop, path []bool) {
		fn(h, path)
		for i, c := range h.Children {
			walk(c, append(path, i == len(h.Children)-1))
		}
	}
	for i, r := range t.Roots {
		walk(r, []bool{i == len(t.Roots)-1})
	}
}
