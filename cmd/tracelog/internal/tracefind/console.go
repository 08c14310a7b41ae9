package tracefind

import (
	"bytes"
	"strconv"
)

// parseConsole reads a line of zap's console encoding:
//
//	TIME \t LEVEL [\t LOGGER] [\t CALLER] \t MESSAGE [\t {JSON fields}]
//
// The time must be RFC 3339 (as tracelog's encoder writes it); a line that
// does not start with one is not a log line this package reads. A message
// that holds tabs itself is read correctly only when the caller is there to
// mark where it starts.
func (r *Record) parseConsole(line []byte) error {
	tab := bytes.IndexByte(line, '\t')
	if tab < 0 {
		return errNotJSON
	}
	t, ok := parseTime(line[:tab])
	if !ok {
		return errNotJSON
	}
	r.Time = t
	rest := line[tab+1:]
	tab = bytes.IndexByte(rest, '\t')
	if tab < 0 {
		return errSyntax
	}
	r.Level = rest[:tab]
	rest = rest[tab+1:]

	// The fields object, if any, is the last part: JSON strings cannot hold
	// a raw tab, so the last tab starts it.
	if i := bytes.LastIndexByte(rest, '\t'); i >= 0 && len(rest) > i+1 && rest[i+1] == '{' {
		obj := rest[i+1:]
		rest = rest[:i]
		jr := jsonReader{data: obj}
		if err := jr.walkObject(&r.scratch, r.topMember); err != nil {
			return err
		}
		jr.skipSpace()
		if jr.pos != len(obj) {
			return errTrailing
		}
	}
	// What is left is [LOGGER \t] [CALLER \t] MESSAGE.
	first, afterFirst, hasTab := bytes.Cut(rest, []byte{'\t'})
	switch {
	case !hasTab:
	case looksLikeCaller(first):
		r.syntheticField("caller", first)
		rest = afterFirst
	default:
		r.syntheticField("logger", first)
		rest = afterFirst
		if second, afterSecond, ok := bytes.Cut(rest, []byte{'\t'}); ok && looksLikeCaller(second) {
			r.syntheticField("caller", second)
			rest = afterSecond
		}
	}
	r.Msg = rest
	return nil
}

// looksLikeCaller reports whether b reads like "pkg/file.go:42".
func looksLikeCaller(b []byte) bool {
	i := bytes.LastIndex(b, []byte(".go:"))
	if i < 0 || i+4 == len(b) {
		return false
	}
	for _, c := range b[i+4:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// syntheticField records a console line's plain-text part as a field.
func (r *Record) syntheticField(key string, value []byte) {
	if !r.withFields {
		return
	}
	start := len(r.scratch)
	r.scratch = append(r.scratch, key...)
	mid := len(r.scratch)
	r.scratch = strconv.AppendQuote(r.scratch, string(value))
	end := len(r.scratch)
	r.Fields = append(r.Fields, Field{Key: r.scratch[start:mid:mid], Value: r.scratch[mid:end:end]})
}
