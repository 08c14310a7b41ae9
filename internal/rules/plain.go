package rules

import (
	"net/url"
	"strings"
)

// Header returns the value to log for a header: when the name is
// sensitive (see [Engine.SensitiveKey]), what its rule's action leaves of
// the value ([Mask] for Mask and Drop); else the value with what the
// patterns find masked. It returns value itself when nothing changes.
func (r *Engine) Header(name, value string) string {
	if a, ok := r.KeyAction(name); ok {
		r.count.Add(1)
		if a.Textual() {
			return a.Apply(value)
		}
		return Mask
	}
	return r.String(value)
}

// Metadata returns the values to log for a gRPC metadata key, each masked
// as [Engine.Header] masks a header. It returns values itself when
// nothing changes.
func (r *Engine) Metadata(key string, values []string) []string {
	var out []string
	for i, v := range values {
		m := r.Header(key, v)
		if m != v && out == nil {
			out = append(make([]string, 0, len(values)), values[:i]...)
		}
		if out != nil {
			out = append(out, m)
		}
	}
	if out == nil {
		return values
	}
	return out
}

// Query returns rawQuery with the values of sensitive parameters replaced
// as their rule says (Drop removes the parameter), and the secrets the
// patterns find in other names and values masked, keeping the order and
// the raw form of everything else. Parameters are split at '&' and ';'. A
// query whose names do not decode is replaced by [Mask] entirely. It
// returns rawQuery itself when nothing changes.
func (r *Engine) Query(rawQuery string) string {
	if rawQuery == "" {
		return ""
	}
	// A first pass only looks, so that a query with nothing to redact is
	// returned without allocating.
	changed := false
	for rest := rawQuery; ; {
		part, tail, more := cutParam(rest)
		c, ok := r.paramChanges(part)
		if !ok {
			r.count.Add(1)
			return Mask
		}
		changed = changed || c
		if !more {
			break
		}
		rest = tail
	}
	if !changed {
		return rawQuery
	}
	var b strings.Builder
	b.Grow(len(rawQuery) + len(Mask))
	wrote := false
	sep := ""
	for rest := rawQuery; ; {
		part, tail, more := cutParam(rest)
		if out, keep := r.redactParam(part); keep {
			// A part keeps the separator before it, unless it is the
			// first written (a dropped part goes with its separator).
			if wrote {
				b.WriteString(sep)
			}
			b.WriteString(out)
			wrote = true
		}
		if !more {
			break
		}
		sep, rest = rest[len(part):len(part)+1], tail
	}
	return b.String()
}

// cutParam cuts the first parameter of a query at '&' or ';'.
func cutParam(q string) (part, rest string, more bool) {
	if i := strings.IndexAny(q, "&;"); i >= 0 {
		return q[:i], q[i+1:], true
	}
	return q, "", false
}

// paramChanges reports whether redactParam would change part, and false
// ok when its name does not decode. It does not allocate for plain
// parameters.
func (r *Engine) paramChanges(part string) (changed, ok bool) {
	name, value, hasValue := strings.Cut(part, "=")
	dn, err := url.QueryUnescape(name)
	if err != nil {
		return false, false
	}
	if r.SensitiveKey(dn) && hasValue {
		return true, true
	}
	if _, n, _ := r.Scan(dn); n > 0 {
		return true, true
	}
	if hasValue {
		dv, err := url.QueryUnescape(value)
		if err != nil {
			dv = value
		}
		if _, n, _ := r.Scan(dv); n > 0 {
			return true, true
		}
	}
	return false, true
}

// redactParam redacts one name=value part of a query whose name decodes.
func (r *Engine) redactParam(part string) (out string, keep bool) {
	name, value, hasValue := strings.Cut(part, "=")
	dn, _ := url.QueryUnescape(name)
	if a, sensitive := r.KeyAction(dn); sensitive && hasValue {
		r.count.Add(1)
		if m := r.WrittenKey(dn); m != dn {
			name = url.QueryEscape(m)
		}
		if a.IsDrop() {
			return "", false
		}
		v := Mask
		if a.Textual() {
			dv, err := url.QueryUnescape(value)
			if err != nil {
				dv = value
			}
			v = a.Apply(dv)
		}
		return name + "=" + url.QueryEscape(v), true
	}
	if m := r.String(dn); m != dn {
		name = url.QueryEscape(m)
	}
	if !hasValue {
		return name, true
	}
	dv, err := url.QueryUnescape(value)
	if err != nil {
		dv = value
	}
	if m := r.String(dv); m != dv {
		value = url.QueryEscape(m)
	}
	return name + "=" + value, true
}
