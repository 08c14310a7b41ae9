package redact

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"

	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/libfield"
	"github.com/tracelog/tracelog/internal/rules"
)

// lineState collects the redactions of one line (or one With call).
type lineState struct {
	count   int
	summary bool
	keys    []string // with summary: the paths of redacted keys, unique
	spare   *topMarshaler
	// pooled: the core the line goes to keeps nothing of it
	// (corewrite.Transient), so the line's memory may come from the
	// Redactor's pool (never for With).
	pooled bool
	// small is the pooled memory of the line, to give back after the
	// write.
	small *smallLine
	// payload: the fields hold a decoded JSON document (Redactor.JSON).
	payload bool
}

// release gives the line's pooled memory back to r's pool. Like a
// walker's frames, it keeps its last values until reused (the pool itself
// is emptied by the garbage collector): clearing them would cost a write
// barrier per pointer on every line, and the next line overwrites what it
// uses (newTop sets the whole marshaler).
func (st *lineState) release(r *Redactor) {
	if s := st.small; s != nil {
		r.lines.Put(s)
		st.small = nil
	}
}

// addKey records the path of a redacted key for the summary.
func (st *lineState) addKey(parents []string, key string) {
	if !st.summary || len(st.keys) >= maxSummaryKeys {
		return
	}
	st.addPath(joinPath(parents, key))
}

// addPath records a path for the summary.
func (st *lineState) addPath(p string) {
	if !st.summary || len(st.keys) >= maxSummaryKeys {
		return
	}
	for _, k := range st.keys {
		if k == p {
			return
		}
	}
	st.keys = append(st.keys, p)
}

func (st *lineState) note(parents []string, key string, n int) {
	st.count += n
	st.addKey(parents, key)
}

// nsState is where fields given to a core land: under the namespaces
// opened so far, possibly inside one the rules redact.
type nsState struct {
	parents []string // never modified in place: copied on append
	forced  bool
	action  Action
}

func (ns *nsState) open(key string) {
	ns.parents = append(ns.parents[:len(ns.parents):len(ns.parents)], key)
}

// rewrite applies r's rules to fields given to a core (Write or With)
// under ns, which it updates for the namespaces the fields open. It returns
// fields itself, without allocating, when nothing changes; otherwise a new
// slice (fields is never modified).
func (r *Redactor) rewrite(st *lineState, ns *nsState, fields []zapcore.Field) []zapcore.Field {
	var out []zapcore.Field
	var repl [2]zapcore.Field
	var small *smallLine
	for i := range fields {
		if !ns.forced && r.plain(ns.parents, &fields[i]) {
			if out != nil {
				out = append(out, fields[i])
			}
			continue
		}
		if out == nil && small == nil && len(fields) <= len(smallLine{}.fields) && isMarshalerField(&fields[i]) {
			// A marshaler is always replaced.
			small = st.takeSmall(r)
		}
		n, changed := r.rewriteField(st, ns, &fields[i], &repl)
		if !changed {
			if out != nil {
				out = append(out, fields[i])
			}
			continue
		}
		if out == nil {
			if small != nil {
				out = append(small.fields[:0], fields[:i]...)
			} else {
				out = make([]zapcore.Field, i, len(fields))
				copy(out, fields[:i])
			}
		}
		if n == 1 {
			out = append(out, repl[0]) // a store, not a slice copy
		} else {
			out = append(out, repl[:n]...)
		}
	}
	st.spare = nil
	if out == nil {
		return fields
	}
	return out
}

// smallLine holds the new fields of a short line with a marshaler, and the
// marshaler that replaces it, in one allocation. Those of a Redactor's pool
// (lines written to cores that keep nothing of them) also hold the walker
// the marshaler uses, so that a line takes one thing from a pool.
type smallLine struct {
	fields [4]zapcore.Field
	top    topMarshaler
	w      *walker // kept from line to line; nil outside the pool
}

// takeSmall returns a smallLine for the new fields of the line and the
// first marshaler it replaces (st.spare): the two share one allocation,
// or none when the core below keeps nothing of the line (st.pooled), the
// smallLine then coming from r's pool with its walker.
func (st *lineState) takeSmall(r *Redactor) *smallLine {
	var small *smallLine
	if st.pooled {
		small = r.lines.Get().(*smallLine)
		if small.w == nil {
			small.w = newWalker(r)
		}
		st.small = small
	} else {
		small = new(smallLine)
	}
	st.spare = &small.top
	return small
}

func isMarshalerField(f *zapcore.Field) bool {
	switch f.Type {
	case zapcore.ObjectMarshalerType, zapcore.ArrayMarshalerType, zapcore.InlineMarshalerType:
		return f.Interface != nil
	}
	return false
}

// newTop returns the line's spare topMarshaler, if it has one, or a new
// one.
func (st *lineState) newTop(t topMarshaler) *topMarshaler {
	p := st.spare
	if p == nil {
		p = new(topMarshaler)
	}
	st.spare = nil
	*p = t
	if s := st.small; s != nil && p == &s.top {
		// The pooled line's own walker: no other pool to visit.
		p.w = s.w
	}
	return p
}

// cleanFields reports, in one pass, that the fields of a line need
// nothing redacted (lineClean), or nothing but what its marshalers hold
// (lineWrap): every other field is a scalar whose key the verdict cache
// holds as passing, and whose value no pattern can match; the keys of the
// marshalers pass too. It reports lineGeneral when it cannot tell, and the
// line takes the general path. Only for Redactors with r.quick, and for
// lines whose message cannotMatch found clean.
func (r *Redactor) cleanFields(fields []zapcore.Field) lineCheck {
	for i := range fields {
		f := &fields[i]
		kind := fieldKinds[f.Type]
		if kind >= kindSkip {
			if kind == kindSkip {
				// logger.Context's field: never written.
				continue
			}
			// An inline marshaler has no key of its own: its keys are
			// checked as it encodes.
			return r.cleanAfterMarshaler(f, fields[i+1:len(fields):len(fields)])
		}
		if !r.keyPasses(f.Key) {
			return lineGeneral
		}
		// cleanScalar, with its commonest cases here (it is too big to
		// inline).
		switch kind {
		case kindString:
			if !r.cannotMatch(f.String) {
				return lineGeneral
			}
		case kindPlain:
		case kindInteger:
			if !r.cleanInteger(f) {
				return lineGeneral
			}
		case kindMarshaler:
			return r.cleanAfterMarshaler(f, fields[i+1:len(fields):len(fields)])
		default:
			if !r.cleanScalar(f) {
				return lineGeneral
			}
		}
	}
	return lineClean
}

// cleanAfterMarshaler is cleanFields for the fields after a marshaler f
// (whose key, if it has one, passed): the line needs its marshalers
// wrapped, and no flag is carried from field to field. (Not inlined, it
// keeps cleanFields' loop small.)
//
//go:noinline
func (r *Redactor) cleanAfterMarshaler(f *zapcore.Field, rest []zapcore.Field) lineCheck {
	if f.Interface == nil || len(rest) > 0 && r.cleanFields(rest) == lineGeneral {
		return lineGeneral
	}
	return lineWrap
}

// What cleanFields finds of a line.
type lineCheck uint8

const (
	lineGeneral lineCheck = iota // it cannot tell: the general path
	lineClean                    // nothing to redact
	lineWrap                     // nothing to redact but in marshalers, to wrap
)

// wrapMarshalers returns fields with each marshaler replaced by one that
// redacts while it encodes: what rewrite returns, in the same memory, for
// a line whose fields cleanFields found clean but for its marshalers.
func (r *Redactor) wrapMarshalers(st *lineState, ns *nsState, fields []zapcore.Field) []zapcore.Field {
	var out []zapcore.Field
	if len(fields) <= len(smallLine{}.fields) {
		out = st.takeSmall(r).fields[:0]
	} else {
		out = make([]zapcore.Field, 0, len(fields))
	}
	var repl [2]zapcore.Field
	for i := range fields {
		if isMarshalerField(&fields[i]) {
			r.wrap(st, ns, &fields[i], &repl, false)
			out = append(out, repl[0])
		} else {
			out = append(out, fields[i])
		}
	}
	st.spare = nil
	return out
}

// plain reports, quickly, that f is a scalar whose key passes and whose
// value no pattern can match: the common case, checked without the
// general path's calls.
func (r *Redactor) plain(parents []string, f *zapcore.Field) bool {
	if libfield.Of(f) == libfield.Trace {
		return true
	}
	return r.cleanScalar(f) && r.passes(parents, f.Key)
}

// cleanScalar reports that f is a scalar whose value no pattern can match,
// whatever its key. It is small enough to inline: it runs for every field
// of every line.
func (r *Redactor) cleanScalar(f *zapcore.Field) bool {
	switch fieldKinds[f.Type] {
	case kindString:
		return r.cannotMatch(f.String)
	case kindPlain, kindSkip:
		return true
	case kindInteger:
		return r.cleanInteger(f)
	case kindFloat:
		v, _ := fieldFloat(f)
		return !r.e.FloatMayHold(v)
	}
	return false
}

// cleanInteger reports that an integer field (of kindInteger) cannot be a
// card number: zap writes integers in decimal, and a card number has 13
// digits or more.
func (r *Redactor) cleanInteger(f *zapcore.Field) bool {
	return uint64(f.Integer) < 1e12 || !r.cardOn()
}

// Kinds of field types, for cleanFields and cleanScalar.
const (
	kindOther     uint8 = iota // a field for the general path
	kindString                 // a string, scanned
	kindPlain                  // never holds a pattern
	kindInteger                // may be a card number from 13 digits on
	kindFloat                  // written in full: may be a card number too
	kindMarshaler              // an object or array marshaler: wrapped
	// From here, kinds without a key to check.
	kindSkip   // never written (SkipType)
	kindInline // an inline marshaler: wrapped
)

// fieldKinds gives the kind of each field type.
var fieldKinds = func() (k [256]uint8) {
	k[zapcore.StringType] = kindString
	k[zapcore.SkipType] = kindSkip
	for _, t := range []zapcore.FieldType{zapcore.BoolType,
		zapcore.Int32Type, zapcore.Int16Type, zapcore.Int8Type,
		zapcore.Uint32Type, zapcore.Uint16Type, zapcore.Uint8Type,
		zapcore.DurationType, zapcore.TimeType, zapcore.TimeFullType} {
		k[t] = kindPlain
	}
	for _, t := range []zapcore.FieldType{zapcore.Int64Type, zapcore.Uint64Type, zapcore.UintptrType} {
		k[t] = kindInteger
	}
	k[zapcore.Float64Type] = kindFloat
	k[zapcore.Float32Type] = kindFloat
	k[zapcore.ObjectMarshalerType] = kindMarshaler
	k[zapcore.ArrayMarshalerType] = kindMarshaler
	k[zapcore.InlineMarshalerType] = kindInline
	return k
}()

// fieldFloat returns the value of a float field and its size in bits.
func fieldFloat(f *zapcore.Field) (float64, int) {
	if f.Type == zapcore.Float32Type {
		return float64(math.Float32frombits(uint32(f.Integer))), 32
	}
	return math.Float64frombits(uint64(f.Integer)), 64
}

// bytesField is the field that replaces a byte string whose text was
// masked: a string when the text is UTF-8, else bytes again.
func bytesField(key, masked string) zapcore.Field {
	if utf8.ValidString(masked) {
		return zapcore.Field{Key: key, Type: zapcore.StringType, String: masked}
	}
	return zapcore.Field{Key: key, Type: zapcore.BinaryType, Interface: []byte(masked)}
}

// rewriteField returns the fields that replace f (n of them, in repl), or
// changed false to keep f.
func (r *Redactor) rewriteField(st *lineState, ns *nsState, f *zapcore.Field, repl *[2]zapcore.Field) (n int, changed bool) {
	if libfield.Of(f) == libfield.Trace {
		// The trace keys the tracelog core wrote (hex and decimal IDs,
		// never secrets), wherever the core sits; a caller's field with
		// the same key is checked like any other.
		return 0, false
	}
	switch f.Type {
	case zapcore.SkipType:
		return 0, false
	case zapcore.ReflectType:
		if f.Interface == nil {
			break
		}
		if _, ok := f.Interface.(context.Context); ok {
			return 0, false
		}
	case zapcore.StringerType:
		if _, ok := f.Interface.(context.Context); ok {
			// zap.Any of a standard context makes a Stringer field, whose
			// String would print the context's values. It becomes a
			// field like logger.Context's: the same context, never
			// printed, still found by the cores below (the tracelog core,
			// the otelzap bridge).
			repl[0] = zapcore.Field{Key: f.Key, Type: zapcore.SkipType, Interface: f.Interface}
			return 1, true
		}
	case zapcore.InlineMarshalerType:
		if ns.forced {
			if ns.action.IsDrop() {
				return 0, true
			}
			// Its keys land in the redacted namespace: each is masked.
		}
		return r.wrap(st, ns, f, repl, false)
	case zapcore.NamespaceType:
		if ns.forced {
			ns.open(f.Key)
			return 0, ns.action.IsDrop()
		}
		// The namespace itself is not counted: the fields in it are.
		if v, a := r.judge(ns.parents, f.Key); v == vRedact {
			ns.forced, ns.action = true, *a
		}
		ns.open(f.Key)
		if ns.forced && ns.action.IsDrop() {
			return 0, true
		}
		if key := r.writtenKey(f.Key); key != f.Key {
			repl[0] = *f
			repl[0].Key = key
			return 1, true
		}
		return 0, false
	}
	if ns.forced {
		return r.redactField(st, ns.parents, f, ns.action, repl)
	}
	if r.keyPasses(f.Key) {
		return r.rewriteValue(st, ns, f, repl, false)
	}
	var v verdict
	var a *Action
	if libfield.Of(f) == libfield.Line {
		v, a = r.judgeLibrary(ns.parents, f.Key)
	} else {
		v, a = r.judge(ns.parents, f.Key)
	}
	switch v {
	case vRedact:
		return r.redactField(st, ns.parents, f, *a, repl)
	case vContainer:
		if !isContainerField(f) {
			return r.redactField(st, ns.parents, f, *a, repl)
		}
		return r.rewriteValue(st, ns, f, repl, true)
	}
	return r.rewriteValue(st, ns, f, repl, false)
}

func isContainerField(f *zapcore.Field) bool {
	switch f.Type {
	case zapcore.ObjectMarshalerType, zapcore.ArrayMarshalerType:
		return true
	case zapcore.ReflectType:
		return f.Interface != nil && isContainerValue(reflect.ValueOf(f.Interface))
	}
	return false
}

// redactField replaces f as action a says.
func (r *Redactor) redactField(st *lineState, parents []string, f *zapcore.Field, a Action, repl *[2]zapcore.Field) (int, bool) {
	if f.Type == zapcore.InlineMarshalerType {
		// An inline marshaler has no key of its own: mask its keys one by
		// one (wrap does, under the forced namespace).
		return r.wrap(st, &nsState{parents: parents, forced: true, action: a}, f, repl, false)
	}
	key := r.writtenKey(f.Key)
	st.note(parents, key, 1)
	if a.IsDrop() {
		return 0, true
	}
	val := Mask
	if a.Textual() {
		if text, ok := fieldText(f, a); ok {
			val = a.Apply(text)
		}
	}
	if f.Type == zapcore.ArrayMarshalerType {
		// An array stays an array (one masked element), so that a backend
		// typing the key as string[] (semconv's header attributes) still
		// reads it.
		repl[0] = zapcore.Field{Key: key, Type: zapcore.ArrayMarshalerType, Interface: stringArray{val}}
		return 1, true
	}
	repl[0] = zapcore.Field{Key: key, Type: zapcore.StringType, String: val}
	return 1, true
}

// fieldText returns the text of a scalar field, for textual actions.
func fieldText(f *zapcore.Field, a Action) (string, bool) {
	switch f.Type {
	case zapcore.StringType:
		return f.String, true
	case zapcore.ByteStringType:
		return string(f.Interface.([]byte)), true
	case zapcore.BinaryType:
		return string(f.Interface.([]byte)), a.IsHash()
	case zapcore.Int64Type, zapcore.Int32Type, zapcore.Int16Type, zapcore.Int8Type:
		return strconv.FormatInt(f.Integer, 10), true
	case zapcore.Uint64Type, zapcore.Uint32Type, zapcore.Uint16Type, zapcore.Uint8Type, zapcore.UintptrType:
		return strconv.FormatUint(uint64(f.Integer), 10), true
	case zapcore.BoolType:
		return strconv.FormatBool(f.Integer == 1), true
	case zapcore.DurationType:
		return time.Duration(f.Integer).String(), true
	case zapcore.StringerType:
		return safeString(f.Interface)
	case zapcore.ErrorType:
		return safeError(f.Interface)
	case zapcore.ReflectType:
		if f.Interface != nil {
			s := textOf(reflect.ValueOf(f.Interface), a)
			return s, s != ""
		}
	}
	return "", false
}

// safeString calls String, which may panic (a nil receiver), as zap's own
// encoder guards it.
func safeString(v any) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	st, isStringer := v.(fmt.Stringer)
	if !isStringer {
		return "", false
	}
	return st.String(), true
}

func safeError(v any) (s string, ok bool) {
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	err, isErr := v.(error)
	if !isErr {
		return "", false
	}
	return err.Error(), true
}

// rewriteValue applies the value rules to a field whose key passed.
func (r *Redactor) rewriteValue(st *lineState, ns *nsState, f *zapcore.Field, repl *[2]zapcore.Field, containerOnly bool) (int, bool) {
	switch f.Type {
	case zapcore.StringType:
		out, n, drop := r.scan(f.String)
		if n == 0 {
			return 0, false
		}
		st.note(ns.parents, f.Key, n)
		if drop {
			return 0, true
		}
		repl[0] = *f
		repl[0].String = out
		return 1, true
	case zapcore.ByteStringType:
		out, n, drop := r.scanBytes(f.Interface.([]byte))
		if n == 0 {
			return 0, false
		}
		st.note(ns.parents, f.Key, n)
		if drop {
			return 0, true
		}
		repl[0] = zapcore.Field{Key: f.Key, Type: zapcore.StringType, String: out}
		return 1, true
	case zapcore.StringerType:
		// Rendered once, and the checked text written (render.go).
		text, key := renderStringer(f.Key, f.Interface)
		out, n, drop := r.scan(text)
		if n > 0 {
			st.note(ns.parents, f.Key, n)
			if drop {
				return 0, true
			}
		}
		repl[0] = zapcore.Field{Key: key, Type: zapcore.StringType, String: out}
		return 1, true
	case zapcore.ErrorType:
		return r.rewriteError(st, ns, f, repl)
	case zapcore.BinaryType:
		out, n, drop := r.scanBytes(f.Interface.([]byte))
		if n == 0 {
			return 0, false
		}
		st.note(ns.parents, f.Key, n)
		if drop {
			return 0, true
		}
		repl[0] = bytesField(f.Key, out)
		return 1, true
	case zapcore.Float64Type, zapcore.Float32Type:
		v, bits := fieldFloat(f)
		out, n, drop := r.scanFloat(v, bits)
		if n == 0 {
			return 0, false
		}
		st.note(ns.parents, f.Key, n)
		if drop {
			return 0, true
		}
		repl[0] = zapcore.Field{Key: f.Key, Type: zapcore.StringType, String: out}
		return 1, true
	case zapcore.Int64Type:
		return r.rewriteCard(st, ns, f, repl, f.Integer < 0, uint64(f.Integer))
	case zapcore.Uint64Type, zapcore.UintptrType:
		return r.rewriteCard(st, ns, f, repl, false, uint64(f.Integer))
	case zapcore.ObjectMarshalerType, zapcore.ArrayMarshalerType:
		return r.wrap(st, ns, f, repl, containerOnly)
	case zapcore.ReflectType:
		return r.rewriteReflected(st, ns, f, repl, containerOnly)
	}
	return 0, false
}

func (r *Redactor) rewriteCard(st *lineState, ns *nsState, f *zapcore.Field, repl *[2]zapcore.Field, neg bool, u uint64) (int, bool) {
	if !r.cardOn() || !rules.CardInt(neg, u) {
		return 0, false
	}
	st.note(ns.parents, f.Key, 1)
	a := r.cardAction()
	if a.IsDrop() {
		return 0, true
	}
	repl[0] = zapcore.Field{Key: f.Key, Type: zapcore.StringType, String: a.Apply(strconv.FormatUint(u, 10))}
	return 1, true
}

// rewriteError renders an error once, as zap would write it (its text,
// its %+v form, the causes of a group), masks what the patterns find in
// those texts, and replaces the field with the checked texts.
func (r *Redactor) rewriteError(st *lineState, ns *nsState, f *zapcore.Field, repl *[2]zapcore.Field) (int, bool) {
	err, ok := f.Interface.(error)
	if !ok {
		return 0, false
	}
	e := renderError(f.Key, err, r.maxDepth)
	if n := r.maskError(&e); n > 0 {
		st.note(ns.parents, f.Key, n)
	}
	repl[0] = zapcore.Field{Type: zapcore.InlineMarshalerType, Interface: &e}
	return 1, true
}

// wrap replaces a marshaler with one that redacts while it encodes.
func (r *Redactor) wrap(st *lineState, ns *nsState, f *zapcore.Field, repl *[2]zapcore.Field, containerOnly bool) (int, bool) {
	t := st.newTop(topMarshaler{r: r, parents: ns.parents, key: f.Key, m: f.Interface})
	switch f.Type {
	case zapcore.ArrayMarshalerType:
		if containerOnly {
			t.flags |= topRedactScalars
		}
	case zapcore.InlineMarshalerType:
		t.flags |= topInline
		if _, ok := f.Interface.(libfield.LibraryLine); ok {
			t.flags |= topLibrary
		}
	}
	if ns.forced {
		a := ns.action
		t.forced = &a
	}
	if r.summary {
		t.dryRun(st, f.Type == zapcore.ArrayMarshalerType)
	}
	repl[0] = *f
	repl[0].Interface = t
	return 1, true
}

// rewriteReflected walks a zap.Any value and replaces it when something in
// it would change.
func (r *Redactor) rewriteReflected(st *lineState, ns *nsState, f *zapcore.Field, repl *[2]zapcore.Field, containerOnly bool) (int, bool) {
	if f.Interface == nil {
		return 0, false
	}
	rv, decoded := walkable(reflect.ValueOf(f.Interface))
	w := r.getWalker(ns.parents, f.Key, false)
	w.payload = st.payload
	dirty := w.dirty(rv, 1)
	r.release(w, false)
	if !dirty {
		if !decoded {
			return 0, false
		}
		// The rendered value, as checked, never the marshaler again.
		repl[0] = zapcore.Field{Key: f.Key, Type: zapcore.ReflectType, Interface: rv.Interface()}
		return 1, true
	}
	if !isContainerValue(rv) {
		return r.rewriteScalar(st, ns, f, rv, repl)
	}
	t := st.newTop(topMarshaler{r: r, parents: ns.parents, key: f.Key, m: rv})
	if st.payload {
		t.flags |= topPayload
	}
	array := isArrayKind(rv)
	if array && containerOnly {
		t.flags |= topRedactScalars
	}
	if r.summary {
		t.dryRun(st, array)
	}
	repl[0] = zapcore.Field{Key: f.Key, Type: zapcore.ObjectMarshalerType, Interface: t}
	if array {
		repl[0].Type = zapcore.ArrayMarshalerType
	}
	return 1, true
}

// rewriteScalar replaces a dirty zap.Any scalar (a string type, a
// TextMarshaler, a card-like integer) with its text, masked. What cannot
// be told apart is masked whole.
func (r *Redactor) rewriteScalar(st *lineState, ns *nsState, f *zapcore.Field, rv reflect.Value, repl *[2]zapcore.Field) (int, bool) {
	text, ok := scalarText(rv)
	if !ok {
		return r.redactField(st, ns.parents, f, MaskAction(), repl)
	}
	masked, n, drop := r.scan(text)
	if n == 0 {
		if rules.IsCard([]byte(text)) {
			return r.redactField(st, ns.parents, f, r.cardAction(), repl)
		}
		if v := deref(rv); v.IsValid() && special(v) && rendersItself(v) {
			// A TextMarshaler, rendered once: its checked text.
			repl[0] = zapcore.Field{Key: f.Key, Type: zapcore.StringType, String: text}
			return 1, true
		}
		return r.redactField(st, ns.parents, f, MaskAction(), repl)
	}
	st.note(ns.parents, f.Key, n)
	if drop {
		return 0, true
	}
	repl[0] = zapcore.Field{Key: f.Key, Type: zapcore.StringType, String: masked}
	return 1, true
}

// scalarText returns the text a scalar value is written as.
func scalarText(rv reflect.Value) (string, bool) {
	v := deref(rv)
	if !v.IsValid() {
		return "", false
	}
	if special(v) {
		if v.Type() == numberType {
			return v.String(), true
		}
		text, isText, decoded, isDecoded := marshalSpecial(v)
		switch {
		case isText:
			return text, true
		case isDecoded:
			if d, ok := decoded.(string); ok {
				return d, true
			}
			if d, ok := decoded.(json.Number); ok {
				return string(d), true
			}
		}
		return "", false
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10), true
	}
	return "", false
}
