package redact

import (
	"context"
	"github.com/tracelog/tracelog/internal/rules"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap/zapcore"
)

// Nested values are redacted while they are encoded: a marshaler given to a
// core is replaced by a [topMarshaler], which hands the real encoder,
// wrapped in a redacting [frame], to the original marshaler. No map is
// built; keys are checked and strings scanned as the marshaler adds them.
//
// A walker holds the state of one such traversal: the key path and one
// frame per depth. Frames are both the marshalers handed to the encoder for
// nested objects and arrays and the encoders handed to the user's
// marshalers, so a traversal allocates nothing once its walker comes from
// the pool. This relies on encoders calling a marshaler before AddObject,
// AddArray, AppendObject or AppendArray returns, as zap's encoders (and
// zap's own pooled error marshalers) do.

// cycleMark replaces a value of a zap.Any field that refers back to one
// of its parents.
const cycleMark = "[CYCLE]"

// maxSummaryKeys bounds the keys listed by the summary.
const maxSummaryKeys = 16

type walker struct {
	r       *Redactor
	e       *rules.Engine // r.e, one load nearer for the checks of every key
	path    []string
	frames  []frame
	visited []uintptr // pointers on the way down, for zap.Any cycles
	count   int
	collect bool     // a dry run for the summary: record keys
	keys    []string // the paths of redacted keys, when collect
	// payload: the value is a decoded JSON document (Redactor.JSON), whose
	// base64 strings (protobuf bytes) are checked as the bytes they hold.
	payload bool
}

func newWalker(r *Redactor) *walker {
	// frames[d] holds an object or array at depth d+1 (the value of a
	// top-level field is at depth 1).
	w := &walker{r: r, e: r.e, frames: make([]frame, r.maxDepth)}
	for i := range w.frames {
		w.frames[i].w = w
		w.frames[i].depth = i
	}
	return w
}

func (r *Redactor) getWalker(parents []string, key string, inline bool) *walker {
	w := r.walkers.Get().(*walker)
	w.start(parents, key, inline)
	return w
}

// start prepares w for the value of key under parents (inline: the
// value's keys are at the level of key).
func (w *walker) start(parents []string, key string, inline bool) {
	w.path = w.path[:0]
	if len(parents) > 0 {
		w.path = append(w.path, parents...)
	}
	if !inline {
		w.path = append(w.path, key)
	}
	w.count, w.collect, w.payload = 0, false, false
}

// release returns w to the pool, adding its redactions to r's count when
// count is set. The frames and path keep their last values until reused
// (the pool itself is emptied by the garbage collector): clearing them
// would cost a write barrier per pointer on every line.
func (r *Redactor) release(w *walker, count bool) {
	w.finish(count)
	r.walkers.Put(w)
}

// finish ends w's traversal, adding its redactions to the Redactor's
// count when count is set.
func (w *walker) finish(count bool) {
	if count && w.count > 0 {
		w.r.addCount(w.count)
	}
	w.path = w.path[:0]
	w.visited = w.visited[:0]
	w.keys = w.keys[:0]
}

// note records a redaction of key under the current path.
func (w *walker) note(key string) {
	w.count++
	if w.collect && len(w.keys) < maxSummaryKeys {
		w.keys = append(w.keys, joinPath(w.path, key))
	}
}

func (w *walker) push(key string) { w.path = append(w.path, key) }
func (w *walker) pop()            { w.path = w.path[:len(w.path)-1] }

// A topMarshaler replaces an ObjectMarshaler, ArrayMarshaler, inline
// marshaler or dirty reflected value in the fields given to a core. It is
// self-contained (encoders such as zaptest/observer's may marshal a field
// again after Write returns): it holds the path, not a walker. It is kept
// small, as one is allocated for each such field of a line.
type topMarshaler struct {
	r       *Redactor
	parents []string // never modified: cores copy on append
	key     string
	m       any     // zapcore.ObjectMarshaler, zapcore.ArrayMarshaler or reflect.Value
	forced  *Action // an inline marshaler inside a namespace the rules redact
	// w is the walker of the pooled line that holds t, or nil: take one
	// from the Redactor's pool.
	w     *walker
	flags uint8
}

const (
	topInline        uint8 = 1 << iota // an inline marshaler: no key of its own
	topCounted                         // a dry run (WithSummary) already counted its redactions
	topRedactScalars                   // an array allowed only as a container (allowlist)
	topLibrary                         // the library's own line (libfield.LibraryLine)
	topPayload                         // a decoded JSON document (walker.payload)
)

var (
	_ zapcore.ObjectMarshaler = (*topMarshaler)(nil)
	_ zapcore.ArrayMarshaler  = (*topMarshaler)(nil)
)

func (t *topMarshaler) parts() (zapcore.ObjectMarshaler, zapcore.ArrayMarshaler, reflect.Value) {
	switch m := t.m.(type) {
	case reflect.Value:
		return nil, nil, m
	case zapcore.ObjectMarshaler:
		return m, nil, reflect.Value{}
	case zapcore.ArrayMarshaler:
		return nil, m, reflect.Value{}
	}
	return nil, nil, reflect.Value{}
}

func (t *topMarshaler) walker() *walker {
	w := t.w
	if w != nil {
		w.start(t.parents, t.key, t.flags&topInline != 0)
	} else {
		w = t.r.getWalker(t.parents, t.key, t.flags&topInline != 0)
	}
	w.payload = t.flags&topPayload != 0
	return w
}

// scan is Redactor.scan, which in a payload also checks base64 text as
// the bytes it encodes.
func (w *walker) scan(s string) (string, int, bool) {
	if w.payload {
		return w.r.scanEncoded(s)
	}
	return w.r.scan(s)
}

// done ends the traversal of w, which walker returned.
func (t *topMarshaler) done(w *walker, count bool) {
	if w == t.w {
		w.finish(count)
		return
	}
	t.r.release(w, count)
}

// setup prepares the first frame of w for t.
func (t *topMarshaler) setup(w *walker, array bool) *frame {
	obj, arr, rv := t.parts()
	if rv.IsValid() {
		w.visitTop(rv)
	}
	f := &w.frames[0]
	if array {
		f.reset(nil, arr, rv)
		if t.flags&topRedactScalars != 0 {
			f.redactScalars, f.action = true, t.r.defaultAction()
		}
	} else {
		f.reset(obj, nil, rv)
		if t.forced != nil {
			f.forced, f.action = true, *t.forced
		}
		f.library = t.flags&topLibrary != 0
	}
	return f
}

func (t *topMarshaler) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	w := t.walker()
	err := t.setup(w, false).MarshalLogObject(enc)
	t.done(w, t.flags&topCounted == 0)
	return err
}

func (t *topMarshaler) MarshalLogArray(enc zapcore.ArrayEncoder) error {
	w := t.walker()
	err := t.setup(w, true).MarshalLogArray(enc)
	t.done(w, t.flags&topCounted == 0)
	return err
}

// dryRun runs the redaction into a discarding encoder, to count what the
// real pass will redact for the summary.
func (t *topMarshaler) dryRun(st *lineState, array bool) {
	w := t.walker()
	w.collect = true
	f := t.setup(w, array)
	if array {
		_ = f.MarshalLogArray(discard{})
	} else {
		_ = f.MarshalLogObject(discard{})
	}
	st.count += w.count
	for _, k := range w.keys {
		st.addPath(k)
	}
	t.flags |= topCounted
	t.done(w, false)
}

// A frame redacts one object or array of a traversal. As a marshaler it
// marshals obj, arr or rv; as an encoder it wraps oenc or aenc.
type frame struct {
	w     *walker
	depth int

	obj zapcore.ObjectMarshaler
	arr zapcore.ArrayMarshaler
	rv  reflect.Value

	oenc zapcore.ObjectEncoder
	aenc zapcore.ArrayEncoder

	base   int // len(w.path) when the object started
	forced bool
	action Action // when forced: a namespace the rules redact
	// redactScalars: an array allowed only as a container (allowlist):
	// its scalar elements are redacted with action.
	redactScalars bool
	// library: the object is one of the library's own lines, whose keys
	// pass allowlists (Redactor.judgeLibrary).
	library bool
}

var (
	_ zapcore.ObjectMarshaler = (*frame)(nil)
	_ zapcore.ArrayMarshaler  = (*frame)(nil)
	_ zapcore.ObjectEncoder   = (*frame)(nil)
	_ zapcore.ArrayEncoder    = (*frame)(nil)
)

func (f *frame) reset(obj zapcore.ObjectMarshaler, arr zapcore.ArrayMarshaler, rv reflect.Value) {
	f.obj, f.arr, f.rv = obj, arr, rv
	f.forced, f.redactScalars, f.library = false, false, false
}

func (f *frame) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	f.oenc = enc
	f.base = len(f.w.path)
	var err error
	switch {
	case f.obj != nil:
		err = f.obj.MarshalLogObject(f)
	case f.rv.IsValid():
		err = f.emitObject(f.rv)
	}
	f.w.path = f.w.path[:f.base]
	f.forced = false
	return err
}

func (f *frame) MarshalLogArray(enc zapcore.ArrayEncoder) error {
	f.aenc = enc
	switch {
	case f.arr != nil:
		return f.arr.MarshalLogArray(f)
	case f.rv.IsValid():
		return f.emitArray(f.rv)
	}
	return nil
}

// judge applies the key rules to key in this object.
func (f *frame) judge(key string) (verdict, *Action) {
	if f.forced {
		return vRedact, &f.action
	}
	if f.w.r.keyPasses(key) {
		return vPass, nil
	}
	if f.library {
		return f.w.r.judgeLibrary(f.w.path, key)
	}
	return f.w.r.judge(f.w.path, key)
}

// passes reports, quickly, that key passes the rules in this object: the
// common case, from the verdict cache. False when it cannot tell.
func (f *frame) passes(key string) bool {
	return !f.forced && f.w.e.CachedPass(key)
}

// scalarRule returns the action for a scalar under key, if the rules
// redact it.
func (f *frame) scalarRule(key string) (*Action, bool) {
	v, a := f.judge(key)
	return a, v != vPass
}

// putRedacted writes what action a leaves of a value under key; text is
// the value's text (used by KeepFirst, KeepLast and Hash) when hasText.
func (f *frame) putRedacted(key string, a Action, text string, hasText bool) {
	key = f.w.r.writtenKey(key)
	f.w.note(key)
	switch {
	case a.IsDrop():
	case a.Textual() && hasText:
		f.oenc.AddString(key, a.Apply(text))
	default:
		f.oenc.AddString(key, Mask)
	}
}

// appendRedacted is putRedacted for an array element.
func (f *frame) appendRedacted(a Action, text string, hasText bool) {
	f.w.note("")
	switch {
	case a.IsDrop():
	case a.Textual() && hasText:
		f.aenc.AppendString(a.Apply(text))
	default:
		f.aenc.AppendString(Mask)
	}
}

// cardCheck handles an integer that may be a card number; it reports
// whether it wrote (or dropped) it. Most integers are too small to be
// one: that is seen here, inlined (rules.MayBeCard).
func (f *frame) cardCheck(key string, inArray bool, neg bool, u uint64) bool {
	return rules.MayBeCard(neg, u) && f.cardRedact(key, inArray, neg, u)
}

// cardRedact is cardCheck for an integer of 13 digits or more.
func (f *frame) cardRedact(key string, inArray bool, neg bool, u uint64) bool {
	if !f.w.r.cardOn() || !rules.CardInt(neg, u) {
		return false
	}
	a := f.w.r.cardAction()
	text := strconv.FormatUint(u, 10)
	if inArray {
		f.appendRedacted(a, text, true)
	} else {
		f.putRedacted(key, a, text, true)
	}
	return true
}

// --- ObjectEncoder ---

func (f *frame) AddString(key, val string) {
	if f.passes(key) && f.w.e.CleanString(val) {
		f.oenc.AddString(key, val)
		return
	}
	if a, ok := f.scalarRule(key); ok {
		f.putRedacted(key, *a, val, true)
		return
	}
	f.putString(key, val)
}

// putString writes a string whose key passed, masking what the patterns
// find.
func (f *frame) putString(key, val string) {
	out, n, drop := f.w.scan(val)
	if n > 0 {
		for range n {
			f.w.note(key)
		}
		if drop {
			return
		}
	}
	f.oenc.AddString(key, out)
}

func (f *frame) AddByteString(key string, val []byte) {
	if a, ok := f.scalarRule(key); ok {
		f.putRedacted(key, *a, string(val), true)
		return
	}
	out, n, drop := f.w.r.scanBytes(val)
	if n > 0 {
		for range n {
			f.w.note(key)
		}
		if !drop {
			f.oenc.AddString(key, out)
		}
		return
	}
	f.oenc.AddByteString(key, val)
}

func (f *frame) AddBinary(key string, val []byte) {
	if a, ok := f.scalarRule(key); ok {
		f.putRedacted(key, *a, string(val), a.IsHash())
		return
	}
	f.putBinary(key, val)
}

// putBinary writes bytes whose key passed: their text is scanned, and
// written masked when a pattern matches (as a string when it is UTF-8).
func (f *frame) putBinary(key string, val []byte) {
	out, n, drop := f.w.r.scanBytes(val)
	if n == 0 {
		f.oenc.AddBinary(key, val)
		return
	}
	for range n {
		f.w.note(key)
	}
	if drop {
		return
	}
	if bf := bytesField(key, out); bf.Type == zapcore.StringType {
		f.oenc.AddString(key, out)
	} else {
		f.oenc.AddBinary(key, bf.Interface.([]byte))
	}
}

// appendBinary appends bytes (base64 in JSON), masked as putBinary masks.
func (f *frame) appendBinary(val []byte) error {
	out, n, drop := f.w.r.scanBytes(val)
	if n == 0 {
		return f.aenc.AppendReflected(val)
	}
	for range n {
		f.w.note("")
	}
	if !drop {
		f.aenc.AppendString(out)
	}
	return nil
}

// floatCheck handles a float that may be written as a card number; it
// reports whether it wrote (or dropped) it.
func (f *frame) floatCheck(key string, inArray bool, v float64, bits int) bool {
	out, n, drop := f.w.r.scanFloat(v, bits)
	if n == 0 {
		return false
	}
	for range n {
		f.w.note(key)
	}
	switch {
	case drop:
	case inArray:
		f.aenc.AppendString(out)
	default:
		f.oenc.AddString(key, out)
	}
	return true
}

func (f *frame) AddBool(key string, val bool) {
	if !f.passes(key) {
		if a, ok := f.scalarRule(key); ok {
			f.putRedacted(key, *a, strconv.FormatBool(val), true)
			return
		}
	}
	f.oenc.AddBool(key, val)
}

func (f *frame) AddComplex128(key string, val complex128) {
	if a, ok := f.scalarRule(key); ok {
		f.putRedacted(key, *a, strconv.FormatComplex(val, 'g', -1, 128), true)
		return
	}
	f.oenc.AddComplex128(key, val)
}

func (f *frame) AddComplex64(key string, val complex64) {
	if a, ok := f.scalarRule(key); ok {
		f.putRedacted(key, *a, strconv.FormatComplex(complex128(val), 'g', -1, 64), true)
		return
	}
	f.oenc.AddComplex64(key, val)
}

func (f *frame) AddDuration(key string, val time.Duration) {
	if a, ok := f.scalarRule(key); ok {
		f.putRedacted(key, *a, val.String(), true)
		return
	}
	f.oenc.AddDuration(key, val)
}

func (f *frame) AddFloat64(key string, val float64) {
	if a, ok := f.scalarRule(key); ok {
		f.putRedacted(key, *a, strconv.FormatFloat(val, 'g', -1, 64), true)
		return
	}
	if f.floatCheck(key, false, val, 64) {
		return
	}
	f.oenc.AddFloat64(key, val)
}

func (f *frame) AddFloat32(key string, val float32) {
	if a, ok := f.scalarRule(key); ok {
		f.putRedacted(key, *a, strconv.FormatFloat(float64(val), 'g', -1, 32), true)
		return
	}
	if f.floatCheck(key, false, float64(val), 32) {
		return
	}
	f.oenc.AddFloat32(key, val)
}

func (f *frame) addInt(key string, val int64) bool {
	if !f.passes(key) {
		if a, ok := f.scalarRule(key); ok {
			f.putRedacted(key, *a, strconv.FormatInt(val, 10), true)
			return true
		}
	}
	return f.cardCheck(key, false, val < 0, uint64(val))
}

func (f *frame) addUint(key string, val uint64) bool {
	if !f.passes(key) {
		if a, ok := f.scalarRule(key); ok {
			f.putRedacted(key, *a, strconv.FormatUint(val, 10), true)
			return true
		}
	}
	return f.cardCheck(key, false, false, val)
}

func (f *frame) AddInt(key string, val int) {
	if !f.addInt(key, int64(val)) {
		f.oenc.AddInt(key, val)
	}
}

func (f *frame) AddInt64(key string, val int64) {
	if !f.addInt(key, val) {
		f.oenc.AddInt64(key, val)
	}
}

func (f *frame) AddInt32(key string, val int32) {
	if !f.addInt(key, int64(val)) {
		f.oenc.AddInt32(key, val)
	}
}

func (f *frame) AddInt16(key string, val int16) {
	if !f.addInt(key, int64(val)) {
		f.oenc.AddInt16(key, val)
	}
}

func (f *frame) AddInt8(key string, val int8) {
	if !f.addInt(key, int64(val)) {
		f.oenc.AddInt8(key, val)
	}
}

func (f *frame) AddUint(key string, val uint) {
	if !f.addUint(key, uint64(val)) {
		f.oenc.AddUint(key, val)
	}
}

func (f *frame) AddUint64(key string, val uint64) {
	if !f.addUint(key, val) {
		f.oenc.AddUint64(key, val)
	}
}

func (f *frame) AddUint32(key string, val uint32) {
	if !f.addUint(key, uint64(val)) {
		f.oenc.AddUint32(key, val)
	}
}

func (f *frame) AddUint16(key string, val uint16) {
	if !f.addUint(key, uint64(val)) {
		f.oenc.AddUint16(key, val)
	}
}

func (f *frame) AddUint8(key string, val uint8) {
	if !f.addUint(key, uint64(val)) {
		f.oenc.AddUint8(key, val)
	}
}

func (f *frame) AddUintptr(key string, val uintptr) {
	if !f.addUint(key, uint64(val)) {
		f.oenc.AddUintptr(key, val)
	}
}

func (f *frame) AddTime(key string, val time.Time) {
	if a, ok := f.scalarRule(key); ok {
		f.putRedacted(key, *a, val.Format(time.RFC3339Nano), true)
		return
	}
	f.oenc.AddTime(key, val)
}

func (f *frame) AddObject(key string, m zapcore.ObjectMarshaler) error {
	if !f.passes(key) {
		if v, a := f.judge(key); v == vRedact {
			f.putRedacted(key, *a, "", false)
			return nil
		}
	}
	return f.addChild(key, m, nil, reflect.Value{}, false)
}

func (f *frame) AddArray(key string, m zapcore.ArrayMarshaler) error {
	v, a := f.judge(key)
	if v == vRedact {
		if a.IsDrop() {
			f.putRedacted(key, *a, "", false)
			return nil
		}
		// An array stays an array, of one mask, as at the top level: a
		// backend typing the key as string[] still reads it.
		key = f.w.r.writtenKey(key)
		f.w.note(key)
		return f.oenc.AddArray(key, stringArray{Mask})
	}
	return f.addChild(key, nil, m, reflect.Value{}, v == vContainer)
}

// addChild writes a nested object or array through the next frame, or a
// mask when the depth limit is reached.
func (f *frame) addChild(key string, obj zapcore.ObjectMarshaler, arr zapcore.ArrayMarshaler, rv reflect.Value, containerOnly bool) error {
	w := f.w
	if f.depth+1 >= len(w.frames) {
		f.putRedacted(key, MaskAction(), "", false)
		return nil
	}
	ch := &w.frames[f.depth+1]
	ch.reset(obj, arr, rv)
	w.push(key)
	var err error
	if arr != nil || rv.IsValid() && isArrayKind(rv) {
		if containerOnly {
			ch.redactScalars, ch.action = true, w.r.defaultAction()
		}
		err = f.oenc.AddArray(key, ch)
	} else {
		err = f.oenc.AddObject(key, ch)
	}
	w.pop()
	return err
}

func (f *frame) AddReflected(key string, val any) error {
	if _, ok := val.(context.Context); ok {
		return f.oenc.AddReflected(key, val)
	}
	v, ap := f.judge(key)
	if val == nil {
		if v != vPass {
			f.putRedacted(key, *ap, "", false)
			return nil
		}
		return f.oenc.AddReflected(key, nil)
	}
	rv, decoded := walkable(reflect.ValueOf(val))
	if v == vRedact || v == vContainer && !isContainerValue(rv) {
		a := *ap
		f.putRedacted(key, a, textOf(rv, a), a.Textual())
		return nil
	}
	f.w.push(key)
	dirty := f.w.dirty(rv, f.depth+2)
	f.w.pop()
	switch {
	case dirty:
		return f.addValue(key, rv, v == vContainer)
	case decoded:
		return f.oenc.AddReflected(key, rv.Interface())
	}
	return f.oenc.AddReflected(key, val)
}

func (f *frame) OpenNamespace(key string) {
	w := f.w
	if !f.forced {
		if v, a := f.judge(key); v == vRedact {
			f.forced, f.action = true, *a
			if a.IsDrop() {
				// Everything in it goes: leave the namespace out.
				w.push(key)
				return
			}
		}
	}
	w.push(key)
	if f.forced && f.action.IsDrop() {
		return
	}
	if f.forced {
		key = w.r.writtenKey(key)
	}
	f.oenc.OpenNamespace(key)
}

// --- ArrayEncoder ---

// elementRule returns the action for a scalar element, for arrays allowed
// only as containers.
func (f *frame) elementRule() (*Action, bool) { return &f.action, f.redactScalars }

func (f *frame) AppendString(val string) {
	if a, ok := f.elementRule(); ok {
		f.appendRedacted(*a, val, true)
		return
	}
	f.appendString(val)
}

// appendString appends a string element, masking what the patterns find.
func (f *frame) appendString(val string) {
	out, n, drop := f.w.scan(val)
	if n > 0 {
		for range n {
			f.w.note("")
		}
		if drop {
			return
		}
	}
	f.aenc.AppendString(out)
}

func (f *frame) AppendByteString(val []byte) {
	if a, ok := f.elementRule(); ok {
		f.appendRedacted(*a, string(val), true)
		return
	}
	out, n, drop := f.w.r.scanBytes(val)
	if n > 0 {
		for range n {
			f.w.note("")
		}
		if !drop {
			f.aenc.AppendString(out)
		}
		return
	}
	f.aenc.AppendByteString(val)
}

func (f *frame) AppendBool(val bool) {
	if a, ok := f.elementRule(); ok {
		f.appendRedacted(*a, strconv.FormatBool(val), true)
		return
	}
	f.aenc.AppendBool(val)
}

func (f *frame) AppendComplex128(val complex128) {
	if a, ok := f.elementRule(); ok {
		f.appendRedacted(*a, strconv.FormatComplex(val, 'g', -1, 128), true)
		return
	}
	f.aenc.AppendComplex128(val)
}

func (f *frame) AppendComplex64(val complex64) {
	if a, ok := f.elementRule(); ok {
		f.appendRedacted(*a, strconv.FormatComplex(complex128(val), 'g', -1, 64), true)
		return
	}
	f.aenc.AppendComplex64(val)
}

func (f *frame) AppendFloat64(val float64) {
	if a, ok := f.elementRule(); ok {
		f.appendRedacted(*a, strconv.FormatFloat(val, 'g', -1, 64), true)
		return
	}
	if f.floatCheck("", true, val, 64) {
		return
	}
	f.aenc.AppendFloat64(val)
}

func (f *frame) AppendFloat32(val float32) {
	if a, ok := f.elementRule(); ok {
		f.appendRedacted(*a, strconv.FormatFloat(float64(val), 'g', -1, 32), true)
		return
	}
	if f.floatCheck("", true, float64(val), 32) {
		return
	}
	f.aenc.AppendFloat32(val)
}

func (f *frame) appendInt(val int64) bool {
	if a, ok := f.elementRule(); ok {
		f.appendRedacted(*a, strconv.FormatInt(val, 10), true)
		return true
	}
	return f.cardCheck("", true, val < 0, uint64(val))
}

func (f *frame) appendUint(val uint64) bool {
	if a, ok := f.elementRule(); ok {
		f.appendRedacted(*a, strconv.FormatUint(val, 10), true)
		return true
	}
	return f.cardCheck("", true, false, val)
}

func (f *frame) AppendInt(val int) {
	if !f.appendInt(int64(val)) {
		f.aenc.AppendInt(val)
	}
}

func (f *frame) AppendInt64(val int64) {
	if !f.appendInt(val) {
		f.aenc.AppendInt64(val)
	}
}

func (f *frame) AppendInt32(val int32) {
	if !f.appendInt(int64(val)) {
		f.aenc.AppendInt32(val)
	}
}

func (f *frame) AppendInt16(val int16) {
	if !f.appendInt(int64(val)) {
		f.aenc.AppendInt16(val)
	}
}

func (f *frame) AppendInt8(val int8) {
	if !f.appendInt(int64(val)) {
		f.aenc.AppendInt8(val)
	}
}

func (f *frame) AppendUint(val uint) {
	if !f.appendUint(uint64(val)) {
		f.aenc.AppendUint(val)
	}
}

func (f *frame) AppendUint64(val uint64) {
	if !f.appendUint(val) {
		f.aenc.AppendUint64(val)
	}
}

func (f *frame) AppendUint32(val uint32) {
	if !f.appendUint(uint64(val)) {
		f.aenc.AppendUint32(val)
	}
}

func (f *frame) AppendUint16(val uint16) {
	if !f.appendUint(uint64(val)) {
		f.aenc.AppendUint16(val)
	}
}

func (f *frame) AppendUint8(val uint8) {
	if !f.appendUint(uint64(val)) {
		f.aenc.AppendUint8(val)
	}
}

func (f *frame) AppendUintptr(val uintptr) {
	if !f.appendUint(uint64(val)) {
		f.aenc.AppendUintptr(val)
	}
}

func (f *frame) AppendDuration(val time.Duration) {
	if a, ok := f.elementRule(); ok {
		f.appendRedacted(*a, val.String(), true)
		return
	}
	f.aenc.AppendDuration(val)
}

func (f *frame) AppendTime(val time.Time) {
	if a, ok := f.elementRule(); ok {
		f.appendRedacted(*a, val.Format(time.RFC3339Nano), true)
		return
	}
	f.aenc.AppendTime(val)
}

func (f *frame) AppendObject(m zapcore.ObjectMarshaler) error {
	return f.appendChild(m, nil, reflect.Value{})
}

func (f *frame) AppendArray(m zapcore.ArrayMarshaler) error {
	return f.appendChild(nil, m, reflect.Value{})
}

// appendChild is addChild for an array element: the path does not change.
func (f *frame) appendChild(obj zapcore.ObjectMarshaler, arr zapcore.ArrayMarshaler, rv reflect.Value) error {
	w := f.w
	if f.depth+1 >= len(w.frames) {
		f.appendRedacted(MaskAction(), "", false)
		return nil
	}
	ch := &w.frames[f.depth+1]
	ch.reset(obj, arr, rv)
	if arr != nil || rv.IsValid() && isArrayKind(rv) {
		ch.redactScalars, ch.action = f.redactScalars, f.action
		return f.aenc.AppendArray(ch)
	}
	return f.aenc.AppendObject(ch)
}

func (f *frame) AppendReflected(val any) error {
	if isOpaque(val) {
		return f.aenc.AppendReflected(val)
	}
	rv, decoded := walkable(reflect.ValueOf(val))
	if a, ok := f.elementRule(); ok && !isContainerValue(rv) {
		f.appendRedacted(*a, textOf(rv, *a), a.Textual())
		return nil
	}
	switch {
	case f.w.dirty(rv, f.depth+2):
		return f.appendValue(rv)
	case decoded:
		return f.aenc.AppendReflected(rv.Interface())
	}
	return f.aenc.AppendReflected(val)
}

// discard is an encoder that writes nothing but still runs nested
// marshalers, for dry runs.
type discard struct{}

var (
	_ zapcore.ObjectEncoder = discard{}
	_ zapcore.ArrayEncoder  = discard{}
)

func (discard) AddArray(_ string, m zapcore.ArrayMarshaler) error {
	return m.MarshalLogArray(discard{})
}
func (discard) AddObject(_ string, m zapcore.ObjectMarshaler) error {
	return m.MarshalLogObject(discard{})
}
func (discard) AddBinary(string, []byte)                     {}
func (discard) AddByteString(string, []byte)                 {}
func (discard) AddBool(string, bool)                         {}
func (discard) AddComplex128(string, complex128)             {}
func (discard) AddComplex64(string, complex64)               {}
func (discard) AddDuration(string, time.Duration)            {}
func (discard) AddFloat64(string, float64)                   {}
func (discard) AddFloat32(string, float32)                   {}
func (discard) AddInt(string, int)                           {}
func (discard) AddInt64(string, int64)                       {}
func (discard) AddInt32(string, int32)                       {}
func (discard) AddInt16(string, int16)                       {}
func (discard) AddInt8(string, int8)                         {}
func (discard) AddString(string, string)                     {}
func (discard) AddTime(string, time.Time)                    {}
func (discard) AddUint(string, uint)                         {}
func (discard) AddUint64(string, uint64)                     {}
func (discard) AddUint32(string, uint32)                     {}
func (discard) AddUint16(string, uint16)                     {}
func (discard) AddUint8(string, uint8)                       {}
func (discard) AddUintptr(string, uintptr)                   {}
func (discard) AddReflected(string, any) error               { return nil }
func (discard) OpenNamespace(string)                         {}
func (discard) AppendBool(bool)                              {}
func (discard) AppendByteString([]byte)                      {}
func (discard) AppendComplex128(complex128)                  {}
func (discard) AppendComplex64(complex64)                    {}
func (discard) AppendFloat64(float64)                        {}
func (discard) AppendFloat32(float32)                        {}
func (discard) AppendInt(int)                                {}
func (discard) AppendInt64(int64)                            {}
func (discard) AppendInt32(int32)                            {}
func (discard) AppendInt16(int16)                            {}
func (discard) AppendInt8(int8)                              {}
func (discard) AppendString(string)                          {}
func (discard) AppendUint(uint)                              {}
func (discard) AppendUint64(uint64)                          {}
func (discard) AppendUint32(uint32)                          {}
func (discard) AppendUint16(uint16)                          {}
func (discard) AppendUint8(uint8)                            {}
func (discard) AppendUintptr(uintptr)                        {}
func (discard) AppendDuration(time.Duration)                 {}
func (discard) AppendTime(time.Time)                         {}
func (discard) AppendArray(m zapcore.ArrayMarshaler) error   { return m.MarshalLogArray(discard{}) }
func (discard) AppendObject(m zapcore.ObjectMarshaler) error { return m.MarshalLogObject(discard{}) }
func (discard) AppendReflected(any) error                    { return nil }

// isOpaque reports whether a reflected value passes as is, never walked:
// nil and contexts (the tracelog and otelzap context fields).
func isOpaque(val any) bool {
	if val == nil {
		return true
	}
	_, ok := val.(context.Context)
	return ok
}

// joinPath joins a path and key with dots, for the summary.
func joinPath(parents []string, key string) string {
	var b strings.Builder
	for _, p := range parents {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	if key != "" {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(key)
	}
	return b.String()
}
