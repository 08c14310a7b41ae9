package redact

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"fmt"
	"github.com/tracelog/tracelog/internal/rules"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Values of zap.Any fields (maps, slices, structs) are walked with reflect.
// A first walk (dirty) only looks: when nothing in the value would change,
// the field is left as it is and encoded by zap as usual (encoding/json).
// Otherwise the value is written by the walker through a redacting frame,
// following encoding/json's conventions: json tag names and omitempty,
// embedded structs flattened, exported fields only, map keys sorted, []byte
// as base64, time.Time and json.Marshaler and encoding.TextMarshaler
// values through their own encoding (JSON from a marshaler is decoded and
// walked, so keys inside it are checked too). Struct tags log:"-" leave a
// field out and log:"redact" redact it with the default action.

var (
	timeType          = reflect.TypeFor[time.Time]()
	numberType        = reflect.TypeFor[json.Number]()
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	contextType       = reflect.TypeFor[context.Context]()
)

// A structField is an encoded field of a struct type.
type structField struct {
	name      string
	index     []int
	omitEmpty bool
	redact    bool // log:"redact"
}

var structCache sync.Map // reflect.Type → []structField

func structFields(t reflect.Type) []structField {
	if v, ok := structCache.Load(t); ok {
		return v.([]structField)
	}
	var all []structField
	collectFields(t, nil, &all, 0)
	// Resolve duplicate names as encoding/json roughly does: the shallowest
	// field wins; equally shallow ones cancel out.
	byName := map[string][]int{}
	for i, f := range all {
		byName[f.name] = append(byName[f.name], i)
	}
	out := make([]structField, 0, len(all))
	for i, f := range all {
		idxs := byName[f.name]
		if len(idxs) == 1 {
			out = append(out, f)
			continue
		}
		min := len(all[idxs[0]].index)
		n := 0
		for _, j := range idxs {
			if d := len(all[j].index); d < min {
				min, n = d, 1
			} else if d == min {
				n++
			}
		}
		if len(f.index) == min && n == 1 {
			out = append(out, f)
		}
		_ = i
	}
	structCache.Store(t, out)
	return out
}

func collectFields(t reflect.Type, index []int, out *[]structField, depth int) {
	if depth > 8 {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		logTag := sf.Tag.Get("log")
		if logTag == "-" {
			continue
		}
		jsonTag := sf.Tag.Get("json")
		if jsonTag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(jsonTag, ",")
		idx := append(slices.Clip(index), i)
		if sf.Anonymous {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if name == "" && ft.Kind() == reflect.Struct {
				if !sf.IsExported() && sf.Type.Kind() == reflect.Pointer {
					continue
				}
				collectFields(ft, idx, out, depth+1)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		*out = append(*out, structField{
			name:      name,
			index:     idx,
			omitEmpty: strings.Contains(","+opts+",", ",omitempty,"),
			redact:    logTag == "redact",
		})
	}
}

// isEmptyValue is encoding/json's omitempty test.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

func isBytes(v reflect.Value) bool {
	return v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8
}

// special reports whether v is written through its own encoding rather
// than walked: time.Time, json.Number, contexts, and marshalers.
func special(v reflect.Value) bool {
	t := v.Type()
	if t == timeType || t == numberType {
		return true
	}
	if v.Kind() != reflect.Interface && t.Implements(contextType) {
		return true
	}
	if !v.CanInterface() {
		return false
	}
	return t.Implements(jsonMarshalerType) || t.Implements(textMarshalerType)
}

// deref follows pointers and interfaces, stopping at nil and at special
// values (a pointer type may be the marshaler).
func deref(v reflect.Value) reflect.Value {
	for (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && !v.IsNil() && !special(v) {
		v = v.Elem()
	}
	return v
}

// isContainerValue reports whether v is written as an object or array.
func isContainerValue(v reflect.Value) bool {
	v = deref(v)
	if !v.IsValid() || special(v) {
		return false
	}
	switch v.Kind() {
	case reflect.Struct, reflect.Map, reflect.Array:
		return true
	case reflect.Slice:
		return !isBytes(v)
	}
	return false
}

func isArrayKind(v reflect.Value) bool {
	v = deref(v)
	return v.IsValid() && !special(v) && (v.Kind() == reflect.Array || v.Kind() == reflect.Slice && !isBytes(v))
}

// textOf returns the text of a scalar for textual actions, else "".
func textOf(v reflect.Value, a Action) string {
	if !a.Textual() {
		return ""
	}
	v = deref(v)
	if !v.IsValid() {
		return ""
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	}
	if v.CanInterface() {
		if tm, ok := v.Interface().(encoding.TextMarshaler); ok {
			if b, err := tm.MarshalText(); err == nil {
				return string(b)
			}
		}
	}
	return ""
}

// marshalSpecial returns what a special value encodes to: text (for
// TextMarshalers), a decoded JSON value (for json.Marshalers), or
// passthrough for values written as they are (time.Time, json.Number,
// contexts, and marshalers that fail).
func marshalSpecial(v reflect.Value) (text string, isText bool, decoded any, isDecoded bool) {
	t := v.Type()
	if t == timeType || t == numberType || v.Kind() != reflect.Interface && t.Implements(contextType) {
		return "", false, nil, false
	}
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return "", false, nil, false
	}
	x := v.Interface()
	if m, ok := x.(json.Marshaler); ok {
		b, err := m.MarshalJSON()
		if err != nil {
			return "", false, nil, false
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var out any
		if dec.Decode(&out) != nil {
			return "", false, nil, false
		}
		return "", false, out, true
	}
	if m, ok := x.(encoding.TextMarshaler); ok {
		b, err := m.MarshalText()
		if err != nil {
			return "", false, nil, false
		}
		return string(b), true, nil, false
	}
	return "", false, nil, false
}

// walkable returns the value to walk for v: the decoded JSON of a
// json.Marshaler (json.RawMessage, say), so that its keys are checked and
// it is written as an object or array; else v.
// decoded reports that the value was rendered (MarshalJSON was called):
// the caller writes the returned value, never v again, so that what is
// written is what was checked.
func walkable(v reflect.Value) (_ reflect.Value, decoded bool) {
	d := deref(v)
	if !d.IsValid() || !special(d) || d.Type() == timeType || d.Type() == numberType || !d.Type().Implements(jsonMarshalerType) {
		return v, false
	}
	if _, _, dec, ok := marshalSpecial(d); ok && dec != nil {
		return reflect.ValueOf(dec), true
	}
	return v, false
}

// rendersItself reports whether v is written through its own code (a
// json.Marshaler or encoding.TextMarshaler other than time.Time and
// json.Number): such a value is rendered once, by the redacting writer,
// never by a check and then by the encoder.
func rendersItself(v reflect.Value) bool {
	t := v.Type()
	return t != timeType && t != numberType && (v.Kind() == reflect.Interface || !t.Implements(contextType))
}

// visitTop marks the pointers leading to a top-level zap.Any value as
// visited, so that a value pointing back to itself is cut at once.
func (w *walker) visitTop(v reflect.Value) {
	for v.IsValid() {
		switch v.Kind() {
		case reflect.Interface:
			if v.IsNil() {
				return
			}
			v = v.Elem()
			continue
		case reflect.Pointer:
			if v.IsNil() || special(v) {
				return
			}
			w.visited = append(w.visited, v.Pointer())
			v = v.Elem()
			continue
		case reflect.Map, reflect.Slice:
			if p := refPointer(v); p != 0 {
				w.visited = append(w.visited, p)
			}
		}
		return
	}
}

func (w *walker) seen(p uintptr) bool {
	return slices.Contains(w.visited, p)
}

// refPointer returns the pointer that identifies v for cycle detection,
// or 0.
func refPointer(v reflect.Value) uintptr {
	switch v.Kind() {
	case reflect.Pointer, reflect.Map:
		return v.Pointer()
	case reflect.Slice:
		if v.Len() > 0 {
			return v.Pointer()
		}
	}
	return 0
}

// mapKey returns the key a map entry is written under.
func mapKey(k reflect.Value) string {
	if k.Kind() == reflect.String {
		return k.String()
	}
	if k.CanInterface() {
		if tm, ok := k.Interface().(encoding.TextMarshaler); ok {
			if b, err := tm.MarshalText(); err == nil {
				return string(b)
			}
		}
	}
	switch k.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(k.Uint(), 10)
	}
	if k.CanInterface() {
		return fmt.Sprint(k.Interface())
	}
	return ""
}

// dirty reports whether writing v (found at w.path, depth levels down)
// would change anything: a key the rules redact, a pattern match, a card
// number, a log:"redact" tag, a cycle or too deep a value.
func (w *walker) dirty(v reflect.Value, depth int) bool {
	pushed := 0
	defer func() { w.visited = w.visited[:len(w.visited)-pushed] }()
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		if special(v) {
			break
		}
		if v.Kind() == reflect.Pointer {
			p := v.Pointer()
			if w.seen(p) {
				return true
			}
			w.visited = append(w.visited, p)
			pushed++
		}
		v = v.Elem()
	}
	if special(v) {
		if v.Type() == numberType {
			return w.r.cardOn() && rules.NumberCard(v.String())
		}
		// A marshaler is not called to look: the writer renders it once
		// and checks what it wrote.
		return rendersItself(v)
	}
	r := w.r
	switch v.Kind() {
	case reflect.String:
		_, n, _ := w.scan(v.String())
		return n > 0
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := v.Int()
		return r.cardOn() && rules.CardInt(i < 0, uint64(i))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return r.cardOn() && rules.CardInt(false, v.Uint())
	case reflect.Float32, reflect.Float64:
		_, n, _ := r.scanFloat(v.Float(), v.Type().Bits())
		return n > 0
	case reflect.Struct, reflect.Map, reflect.Slice, reflect.Array:
	default:
		return false
	}
	if isBytes(v) {
		_, n, _ := r.scanBytes(v.Bytes())
		return n > 0
	}
	if depth > r.maxDepth {
		return true
	}
	if p := refPointer(v); p != 0 && v.Kind() != reflect.Pointer {
		if w.seen(p) {
			return true
		}
		w.visited = append(w.visited, p)
		pushed++
	}
	switch v.Kind() {
	case reflect.Struct:
		for _, sf := range structFields(v.Type()) {
			if sf.redact {
				return true
			}
			fv, err := v.FieldByIndexErr(sf.index)
			if err != nil || sf.omitEmpty && isEmptyValue(fv) {
				continue
			}
			if w.dirtyEntry(sf.name, fv, depth) {
				return true
			}
		}
	case reflect.Map:
		if v.IsNil() || v.Len() == 0 {
			return false
		}
		// Keys and values are read into two reusable Values: reading them
		// one by one would copy (and allocate) each.
		var it reflect.MapIter
		it.Reset(v)
		k := reflect.New(v.Type().Key()).Elem()
		e := reflect.New(v.Type().Elem()).Elem()
		for it.Next() {
			k.SetIterKey(&it)
			e.SetIterValue(&it)
			if w.dirtyEntry(mapKey(k), e, depth) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if w.dirty(v.Index(i), depth+1) {
				return true
			}
		}
	}
	return false
}

func (w *walker) dirtyEntry(key string, v reflect.Value, depth int) bool {
	if verdict, _ := w.r.judge(w.path, key); verdict != vPass {
		return true
	}
	w.push(key)
	d := w.dirty(v, depth+1)
	w.pop()
	return d
}

// addValue writes v under key in the object of f, the key having passed
// the rules (containerOnly: as a container only, allowlist mode).
func (f *frame) addValue(key string, v reflect.Value, containerOnly bool) error {
	w := f.w
	pushed := 0
	defer func() { w.visited = w.visited[:len(w.visited)-pushed] }()
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return f.oenc.AddReflected(key, nil)
		}
		if special(v) {
			break
		}
		if v.Kind() == reflect.Pointer {
			p := v.Pointer()
			if w.seen(p) {
				f.oenc.AddString(key, cycleMark)
				return nil
			}
			w.visited = append(w.visited, p)
			pushed++
		}
		v = v.Elem()
	}
	if special(v) {
		if v.Type() == numberType {
			if w.r.cardOn() && rules.NumberCard(v.String()) {
				f.putRedacted(key, w.r.cardAction(), v.String(), true)
				return nil
			}
			return f.oenc.AddReflected(key, v.Interface())
		}
		text, isText, decoded, isDecoded := marshalSpecial(v)
		switch {
		case isText:
			f.putString(key, text)
			return nil
		case isDecoded:
			return f.addValue(key, reflect.ValueOf(decoded), containerOnly)
		}
		if !v.CanInterface() {
			return nil
		}
		return f.oenc.AddReflected(key, v.Interface())
	}
	if containerOnly && !isContainerValue(v) {
		f.putRedacted(key, w.r.defaultAction(), textOf(v, w.r.defaultAction()), true)
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		f.putString(key, v.String())
	case reflect.Bool:
		f.oenc.AddBool(key, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if i := v.Int(); !f.cardCheck(key, false, i < 0, uint64(i)) {
			f.oenc.AddInt64(key, i)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if u := v.Uint(); !f.cardCheck(key, false, false, u) {
			f.oenc.AddUint64(key, u)
		}
	case reflect.Float32:
		if !f.floatCheck(key, false, v.Float(), 32) {
			f.oenc.AddFloat32(key, float32(v.Float()))
		}
	case reflect.Float64:
		if !f.floatCheck(key, false, v.Float(), 64) {
			f.oenc.AddFloat64(key, v.Float())
		}
	case reflect.Complex64, reflect.Complex128:
		f.oenc.AddComplex128(key, v.Complex())
	case reflect.Slice:
		if v.IsNil() {
			return f.oenc.AddReflected(key, nil)
		}
		if isBytes(v) {
			f.putBinary(key, v.Bytes())
			return nil
		}
		fallthrough
	case reflect.Array, reflect.Struct, reflect.Map:
		if v.Kind() == reflect.Map && v.IsNil() {
			return f.oenc.AddReflected(key, nil)
		}
		if p := refPointer(v); p != 0 && v.Kind() != reflect.Pointer {
			if w.seen(p) {
				f.oenc.AddString(key, cycleMark)
				return nil
			}
			w.visited = append(w.visited, p)
			pushed++
		}
		return f.addChild(key, nil, nil, v, containerOnly)
	default:
		// Channels, functions: encoding/json reports them, and the error
		// is written as zap writes a field's.
		if v.CanInterface() {
			if err := f.oenc.AddReflected(key, v.Interface()); err != nil {
				f.oenc.AddString(key+"Error", err.Error())
			}
		}
	}
	return nil
}

// appendValue writes v as an element of the array of f.
func (f *frame) appendValue(v reflect.Value) error {
	w := f.w
	pushed := 0
	defer func() { w.visited = w.visited[:len(w.visited)-pushed] }()
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return f.aenc.AppendReflected(nil)
		}
		if special(v) {
			break
		}
		if v.Kind() == reflect.Pointer {
			p := v.Pointer()
			if w.seen(p) {
				f.aenc.AppendString(cycleMark)
				return nil
			}
			w.visited = append(w.visited, p)
			pushed++
		}
		v = v.Elem()
	}
	if special(v) {
		if v.Type() == numberType {
			if w.r.cardOn() && rules.NumberCard(v.String()) {
				f.appendRedacted(w.r.cardAction(), v.String(), true)
				return nil
			}
			return f.aenc.AppendReflected(v.Interface())
		}
		text, isText, decoded, isDecoded := marshalSpecial(v)
		switch {
		case isText:
			if a, ok := f.elementRule(); ok {
				f.appendRedacted(*a, text, true)
				return nil
			}
			f.appendString(text)
			return nil
		case isDecoded:
			return f.appendValue(reflect.ValueOf(decoded))
		}
		if !v.CanInterface() {
			return nil
		}
		return f.aenc.AppendReflected(v.Interface())
	}
	if a, ok := f.elementRule(); ok && !isContainerValue(v) {
		f.appendRedacted(*a, textOf(v, *a), true)
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		f.appendString(v.String())
	case reflect.Bool:
		f.aenc.AppendBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if i := v.Int(); !f.cardCheck("", true, i < 0, uint64(i)) {
			f.aenc.AppendInt64(i)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if u := v.Uint(); !f.cardCheck("", true, false, u) {
			f.aenc.AppendUint64(u)
		}
	case reflect.Float32:
		if !f.floatCheck("", true, v.Float(), 32) {
			f.aenc.AppendFloat32(float32(v.Float()))
		}
	case reflect.Float64:
		if !f.floatCheck("", true, v.Float(), 64) {
			f.aenc.AppendFloat64(v.Float())
		}
	case reflect.Complex64, reflect.Complex128:
		f.aenc.AppendComplex128(v.Complex())
	case reflect.Slice:
		if v.IsNil() {
			return f.aenc.AppendReflected(nil)
		}
		if isBytes(v) {
			return f.appendBinary(v.Bytes())
		}
		fallthrough
	case reflect.Array, reflect.Struct, reflect.Map:
		if v.Kind() == reflect.Map && v.IsNil() {
			return f.aenc.AppendReflected(nil)
		}
		if p := refPointer(v); p != 0 {
			if w.seen(p) {
				f.aenc.AppendString(cycleMark)
				return nil
			}
			w.visited = append(w.visited, p)
			pushed++
		}
		return f.appendChild(nil, nil, v)
	default:
		if v.CanInterface() {
			return f.aenc.AppendReflected(v.Interface())
		}
	}
	return nil
}

// emitObject writes the fields of a struct or the entries of a map.
func (f *frame) emitObject(v reflect.Value) error {
	v = deref(v)
	switch v.Kind() {
	case reflect.Struct:
		for _, sf := range structFields(v.Type()) {
			fv, err := v.FieldByIndexErr(sf.index)
			if err != nil || sf.omitEmpty && isEmptyValue(fv) {
				continue
			}
			if sf.redact {
				a := f.w.r.defaultAction()
				f.putRedacted(sf.name, a, textOf(fv, a), a.Textual())
				continue
			}
			if err := f.addEntry(sf.name, fv); err != nil {
				return err
			}
		}
	case reflect.Map:
		keys := v.MapKeys()
		names := make([]string, len(keys))
		order := make([]int, len(keys))
		for i, k := range keys {
			names[i] = mapKey(k)
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(names[a], names[b]) })
		for _, i := range order {
			if err := f.addEntry(names[i], v.MapIndex(keys[i])); err != nil {
				return err
			}
		}
	}
	return nil
}

// addEntry writes a struct field or map entry, applying the key rules.
func (f *frame) addEntry(key string, v reflect.Value) error {
	verdict, ap := f.judge(key)
	if verdict == vRedact || verdict == vContainer && !isContainerValue(v) {
		a := *ap
		f.putRedacted(key, a, textOf(v, a), a.Textual())
		return nil
	}
	return f.addValue(key, v, verdict == vContainer)
}

// emitArray writes the elements of a slice or array.
func (f *frame) emitArray(v reflect.Value) error {
	v = deref(v)
	for i := 0; i < v.Len(); i++ {
		if err := f.appendValue(v.Index(i)); err != nil {
			return err
		}
	}
	return nil
}
