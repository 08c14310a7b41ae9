package cli

import (
	"bufio"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// timeLayout is how line times are shown: UTC with microseconds.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return strings.Repeat("-", len(timeLayout))
	}
	return t.UTC().Format(timeLayout)
}

// fmtDur shows a duration with three or four significant digits.
func fmtDur(d time.Duration) string {
	switch {
	case d < 0:
		return "-" + fmtDur(-d)
	case d < time.Microsecond:
		return fmt.Sprintf("%dns", int64(d))
	case d < time.Millisecond:
		return fmt.Sprintf("%.0fµs", float64(d)/float64(time.Microsecond))
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	case d < time.Minute:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// hidden reports whether a key is not repeated among a line's key=value
// pairs: it is shown in columns, or is the trace ID that was asked for.
func hidden(key string) bool {
	switch tracefind.RoleOf(key) {
	case tracefind.RoleTime, tracefind.RoleLevel, tracefind.RoleMessage, tracefind.RoleService,
		tracefind.RoleTraceID, tracefind.RoleDDTraceID, tracefind.RoleTraceFlags,
		tracefind.RoleTraceSampled, tracefind.RoleStack, tracefind.RoleSchemaVersion:
		return true
	}
	return key == "ts"
}

// writeFields writes the line's other fields as key=value pairs, each
// preceded by two spaces (the first, unless started) or one. Keys in hide
// are left out too. Nested objects are shown as dotted keys and the pairs
// are sorted by key, so a line reads the same whether it comes from a file
// or from a log store, which flattens objects and keeps no key order.
func writeFields(w *bufio.Writer, r *tracefind.Record, p palette, started bool, hide ...string) {
	first := !started
	for _, f := range leaves(r.Fields) {
		if hidden(f.key) || slices.Contains(hide, f.key) {
			continue
		}
		if first {
			w.WriteString("  ")
			first = false
		} else {
			w.WriteByte(' ')
		}
		w.WriteString(p.paint(p.dim, f.key+"="))
		if d, ok := r.FieldDuration(f.key, f.value); ok {
			w.WriteString(fmtDur(d))
			continue
		}
		w.WriteString(fieldValue(f.value))
	}
}

// leaf is one key=value pair shown.
type leaf struct {
	key   string
	value []byte
}

// maxLeafDepth is how deep nested objects are shown as dotted keys; deeper
// objects are shown as JSON.
const maxLeafDepth = 3

// leaves returns the fields with nested objects flattened to dotted keys,
// sorted by key (stable, so repeated keys keep their order).
func leaves(fields []tracefind.Field) []leaf {
	var out []leaf
	var add func(prefix string, key, value []byte, depth int)
	add = func(prefix string, key, value []byte, depth int) {
		k := prefix + string(key)
		if len(value) > 0 && value[0] == '{' && depth < maxLeafDepth && len(value) > 2 {
			var sub []leaf
			err := tracefind.Members(value, func(sk, sv []byte) {
				sub = append(sub, leaf{string(sk), sv})
			})
			if err == nil {
				for _, l := range sub {
					add(k+".", []byte(l.key), l.value, depth+1)
				}
				return
			}
		}
		out = append(out, leaf{k, value})
	}
	for _, f := range fields {
		add("", f.Key, f.Value, 0)
	}
	slices.SortStableFunc(out, func(a, b leaf) int { return strings.Compare(a.key, b.key) })
	return out
}

// stacktrace returns the line's stacktrace field, if any.
func stacktrace(r *tracefind.Record) string {
	for _, f := range r.Fields {
		if tracefind.RoleOf(string(f.Key)) == tracefind.RoleStack {
			return decodeJSONString(f.Value)
		}
	}
	return ""
}

// writeStack writes a stack trace indented under its line.
func writeStack(w *bufio.Writer, indent, stack string, p palette) {
	for _, l := range strings.Split(strings.TrimRight(stack, "\n"), "\n") {
		w.WriteString(indent)
		w.WriteString(p.paint(p.dim, l))
		w.WriteByte('\n')
	}
}

// fieldValue shows a raw JSON value: strings bare when they are one
// simple word, else quoted; anything else as it is.
func fieldValue(raw []byte) string {
	if len(raw) == 0 || raw[0] != '"' {
		return string(raw)
	}
	s := decodeJSONString(raw)
	if s == "" || strings.ContainsFunc(s, func(r rune) bool {
		return r == '"' || r == '=' || r == '\\' || r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r)
	}) {
		return strconv.Quote(s)
	}
	return s
}

// decodeJSONString decodes a raw JSON string value, or returns it as it
// is when it is not one.
func decodeJSONString(raw []byte) string {
	if s, ok := tracefind.DecodeString(raw); ok {
		return s
	}
	return string(raw)
}

// pad pads s with spaces to width runes (on the right; on the left when
// right is set).
func pad(s string, width int, right bool) string {
	n := utf8.RuneCountInString(s)
	if n >= width {
		return s
	}
	if right {
		return strings.Repeat(" ", width-n) + s
	}
	return s + strings.Repeat(" ", width-n)
}
