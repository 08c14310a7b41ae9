package tracecontext

import (
	"context"
	"strings"

	"go.opentelemetry.io/otel/trace"
)

const (
	// MaxTracestate is the longest combined tracestate propagated, the
	// 512 characters the spec asks every vendor to carry. Longer lists
	// lose whole members, as the spec's truncation rules say.
	MaxTracestate = 512
	// maxTracestateRead bounds the raw tracestate fields of one request:
	// beyond it, the tracestate is dropped unread.
	maxTracestateRead = 8192
	// maxMembers is the most list members a tracestate may have.
	maxMembers = 32
	// longMember is the length above which a member is dropped first
	// when the list must be truncated.
	longMember = 128
	maxKey     = 256
	maxValue   = 256
)

// member is one key=value pair of a tracestate.
type member struct{ key, value string }

// ParseTracestate combines the tracestate fields of a request, in order,
// and returns the valid list as canonical text ("k=v,k=v", at most
// [MaxTracestate] characters), or "" when there is none or it is invalid.
func ParseTracestate(values []string) string {
	n := 0
	for _, v := range values {
		n += len(v)
	}
	if n > maxTracestateRead {
		return ""
	}
	var buf [maxMembers]member
	list := buf[:0]
	for _, v := range values {
		for v != "" {
			var m string
			m, v, _ = strings.Cut(v, ",")
			m = trimOWS(m)
			if m == "" {
				continue
			}
			key, value, ok := strings.Cut(m, "=")
			if !ok || !validKey(key) || !validValue(value) {
				return ""
			}
			if hasKey(list, key) {
				continue // duplicated: the first is kept
			}
			if len(list) == maxMembers {
				return ""
			}
			list = append(list, member{key, value})
		}
	}
	return format(truncate(list))
}

func hasKey(list []member, key string) bool {
	for _, m := range list {
		if m.key == key {
			return true
		}
	}
	return false
}

// truncate drops members until the list fits in MaxTracestate: those
// longer than 128 characters first, then from the end.
func truncate(list []member) []member {
	size := func() int {
		n := 0
		for i, m := range list {
			if i > 0 {
				n++
			}
			n += len(m.key) + 1 + len(m.value)
		}
		return n
	}
	if size() <= MaxTracestate {
		return list
	}
	kept := list[:0]
	for _, m := range list {
		if len(m.key)+1+len(m.value) <= longMember {
			kept = append(kept, m)
		}
	}
	list = kept
	for size() > MaxTracestate {
		list = list[:len(list)-1]
	}
	return list
}

func format(list []member) string {
	var b strings.Builder
	for i, m := range list {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(m.key)
		b.WriteByte('=')
		b.WriteString(m.value)
	}
	return b.String()
}

// validKey reports whether key follows Level 2's grammar:
// ( lcalpha / DIGIT ) 0*255( lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@" ).
func validKey(key string) bool {
	if key == "" || len(key) > maxKey || !isLowerAlnum(key[0]) {
		return false
	}
	for i := 1; i < len(key); i++ {
		c := key[i]
		if !isLowerAlnum(c) && c != '_' && c != '-' && c != '*' && c != '/' && c != '@' {
			return false
		}
	}
	return true
}

func isLowerAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// validValue reports whether value follows the grammar
// 0*255( %x20-7E except "," and "=" ) ( the same but not a space ).
func validValue(value string) bool {
	if value == "" || len(value) > maxValue || value[len(value)-1] == ' ' {
		return false
	}
	for i := 0; i < len(value); i++ {
		if c := value[i]; c < 0x20 || c > 0x7e || c == ',' || c == '=' {
			return false
		}
	}
	return true
}

// carried is a tracestate that trace.TraceState cannot hold whole, kept in
// the context beside the span context holding the members it can.
type carried struct {
	traceID trace.TraceID
	subset  trace.TraceState
	full    string
}

type carriedKey struct{}

// WithTracestate returns sc with the trace state of the tracestate
// fields values. When trace.TraceState cannot hold the whole list (Level 2
// keys, or a list otel rejects but Level 2 repairs), sc gets the members
// otel accepts and ctx the whole list, which [Tracestate] gives back for
// as long as sc's trace state is unchanged. A single field that
// trace.ParseTraceState takes is used as otel's propagator uses it, with
// no allocation more (FuzzTracestate holds the two paths equal).
func WithTracestate(ctx context.Context, sc trace.SpanContext, values []string) (context.Context, trace.SpanContext) {
	if len(values) == 0 {
		return ctx, sc
	}
	if len(values) == 1 && len(values[0]) <= MaxTracestate {
		if ts, err := trace.ParseTraceState(values[0]); err == nil {
			return ctx, sc.WithTraceState(ts)
		}
	}
	full := ParseTracestate(values)
	if full == "" {
		return ctx, sc
	}
	// The members otel accepts, in order (Insert puts in front).
	var list [maxMembers]member
	members := list[:0]
	for v := full; v != ""; {
		var m string
		m, v, _ = strings.Cut(v, ",")
		key, value, _ := strings.Cut(m, "=")
		members = append(members, member{key, value})
	}
	var subset trace.TraceState
	for i := len(members) - 1; i >= 0; i-- {
		if next, err := subset.Insert(members[i].key, members[i].value); err == nil {
			subset = next
		}
	}
	sc = sc.WithTraceState(subset)
	if subset.Len() == len(members) {
		return ctx, sc
	}
	return context.WithValue(ctx, carriedKey{}, &carried{traceID: sc.TraceID(), subset: subset, full: full}), sc
}

// Tracestate returns the tracestate to send for sc from ctx: the whole
// list kept by WithTracestate while sc's trace state is still the one
// made from it, else sc's trace state.
func Tracestate(ctx context.Context, sc trace.SpanContext) string {
	if c, ok := ctx.Value(carriedKey{}).(*carried); ok && c.traceID == sc.TraceID() && sameState(c.subset, sc.TraceState()) {
		return c.full
	}
	return sc.TraceState().String()
}

// sameState reports whether a and b hold the same members in order.
func sameState(a, b trace.TraceState) bool {
	if a.Len() != b.Len() {
		return false
	}
	var am [maxMembers]member
	i := 0
	a.Walk(func(k, v string) bool { am[i] = member{k, v}; i++; return true })
	same, j := true, 0
	b.Walk(func(k, v string) bool {
		same = am[j] == member{k, v}
		j++
		return same
	})
	return same
}
