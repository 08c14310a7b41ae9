package tracefind

import (
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds a small JSON reader made for log lines: it walks the
// members of one object without building maps or interfaces, so a line
// costs no allocation unless a string holds escapes. It checks the syntax
// as it goes (a truncated or mangled line is an error), but keeps values as
// raw bytes for the caller to convert.

var (
	errSyntax   = errors.New("malformed JSON")
	errNotJSON  = errors.New("not a JSON object")
	errTooDeep  = errors.New("JSON nested too deeply")
	errTrailing = errors.New("data after the JSON object")
)

// maxDepth bounds the nesting of arrays and objects in a line.
const maxDepth = 64

// jsonReader walks one JSON text.
type jsonReader struct {
	data []byte
	pos  int
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (r *jsonReader) skipSpace() {
	for r.pos < len(r.data) && isSpace(r.data[r.pos]) {
		r.pos++
	}
}

// readString reads a string at r.pos (which must be '"') and returns its
// raw contents without the quotes, and whether it holds escapes.
func (r *jsonReader) readString() (raw []byte, escaped bool, err error) {
	if r.pos >= len(r.data) || r.data[r.pos] != '"' {
		return nil, false, errSyntax
	}
	start := r.pos + 1
	i := start
	for i < len(r.data) {
		c := r.data[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return r.data[start:i], escaped, nil
		case c == '\\':
			escaped = true
			if i+1 >= len(r.data) {
				return nil, false, errSyntax
			}
			switch r.data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(r.data) || !isHex4(r.data[i+2:i+6]) {
					return nil, false, errSyntax
				}
				i += 6
			default:
				return nil, false, errSyntax
			}
		case c < 0x20:
			return nil, false, errSyntax
		default:
			i++
		}
	}
	return nil, false, errSyntax
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if hexVal(c) < 0 {
			return false
		}
	}
	return true
}

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// unescape appends the decoded form of the raw string contents s (already
// checked by readString) to dst. Invalid surrogates become U+FFFD, as
// encoding/json does.
func unescape(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c != '\\' {
			j := i + 1
			for j < len(s) && s[j] != '\\' {
				j++
			}
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		switch s[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := rune(hex4(s[i+2 : i+6]))
			i += 6
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
					r2 = rune(hex4(s[i+2 : i+6]))
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					i += 6
					r = dec
				} else {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default: // '"', '\\', '/'
			dst = append(dst, s[i+1])
		}
		i += 2
	}
	return dst
}

func hex4(b []byte) int {
	return hexVal(b[0])<<12 | hexVal(b[1])<<8 | hexVal(b[2])<<4 | hexVal(b[3])
}

// skipValue moves past one value of any kind and returns its raw text.
// Nesting is tracked with a counter, so deep input cannot exhaust the
// stack.
func (r *jsonReader) skipValue() ([]byte, error) {
	r.skipSpace()
	start := r.pos
	if r.pos >= len(r.data) {
		return nil, errSyntax
	}
	switch c := r.data[r.pos]; {
	case c == '"':
		if _, _, err := r.readString(); err != nil {
			return nil, err
		}
	case c == '{' || c == '[':
		if err := r.skipComposite(); err != nil {
			return nil, err
		}
	case c == '-' || ('0' <= c && c <= '9'):
		if err := r.skipNumber(); err != nil {
			return nil, err
		}
	default:
		if err := r.skipLiteral(); err != nil {
			return nil, err
		}
	}
	return r.data[start:r.pos], nil
}

func (r *jsonReader) skipLiteral() error {
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(r.data)-r.pos >= len(lit) && string(r.data[r.pos:r.pos+len(lit)]) == lit {
			r.pos += len(lit)
			return nil
		}
	}
	return errSyntax
}

// skipNumber checks the JSON number grammar.
func (r *jsonReader) skipNumber() error {
	d := r.data
	i := r.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	default:
		return errSyntax
	}
	if i < len(d) && d[i] == '.' {
		i++
		j := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		if i == j {
			return errSyntax
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		if i == j {
			return errSyntax
		}
	}
	r.pos = i
	return nil
}

// skipComposite skips an object or array, checking its structure: the
// expected token at each point is tracked per level with a small stack.
func (r *jsonReader) skipComposite() error {
	var stack [maxDepth]byte // '{' or '['
	depth := 0
	// state: 0 = want a value (or a close bracket right after an open one),
	// handled inline below.
	for {
		r.skipSpace()
		if r.pos >= len(r.data) {
			return errSyntax
		}
		c := r.data[r.pos]
		if c == '{' || c == '[' {
			if depth == maxDepth {
				return errTooDeep
			}
			stack[depth] = c
			depth++
			r.pos++
			r.skipSpace()
			if r.pos >= len(r.data) {
				return errSyntax
			}
			if (c == '{' && r.data[r.pos] == '}') || (c == '[' && r.data[r.pos] == ']') {
				r.pos++
				depth--
				if depth == 0 {
					return nil
				}
				if err := r.afterValue(&stack, &depth); err != nil || depth == 0 {
					return err
				}
				continue
			}
			if c == '{' {
				if err := r.objectKey(); err != nil {
					return err
				}
			}
			continue
		}
		// A scalar value.
		if _, err := r.skipValue(); err != nil {
			return err
		}
		if err := r.afterValue(&stack, &depth); err != nil || depth == 0 {
			return err
		}
	}
}

// objectKey reads `"key" :` at r.pos.
func (r *jsonReader) objectKey() error {
	r.skipSpace()
	if _, _, err := r.readString(); err != nil {
		return err
	}
	r.skipSpace()
	if r.pos >= len(r.data) || r.data[r.pos] != ':' {
		return errSyntax
	}
	r.pos++
	return nil
}

// afterValue consumes the separators after a value inside composites:
// commas (and the next key in objects) and closing brackets.
func (r *jsonReader) afterValue(stack *[maxDepth]byte, depth *int) error {
	for {
		r.skipSpace()
		if r.pos >= len(r.data) {
			return errSyntax
		}
		top := stack[*depth-1]
		switch c := r.data[r.pos]; {
		case c == ',':
			r.pos++
			if top == '{' {
				return r.objectKey()
			}
			return nil
		case (c == '}' && top == '{') || (c == ']' && top == '['):
			r.pos++
			*depth--
			if *depth == 0 {
				return nil
			}
		default:
			return errSyntax
		}
	}
}

// walkObject calls fn for each member of the object at r.pos, in order.
// Keys with escapes are unescaped into *scratch. It stops at the first
// syntax error.
func (r *jsonReader) walkObject(scratch *[]byte, fn func(key, value []byte) error) error {
	r.skipSpace()
	if r.pos >= len(r.data) || r.data[r.pos] != '{' {
		return errNotJSON
	}
	r.pos++
	r.skipSpace()
	if r.pos < len(r.data) && r.data[r.pos] == '}' {
		r.pos++
		return nil
	}
	for {
		r.skipSpace()
		key, esc, err := r.readString()
		if err != nil {
			return err
		}
		if esc {
			start := len(*scratch)
			*scratch = unescape(*scratch, key)
			key = (*scratch)[start:len(*scratch):len(*scratch)]
		}
		r.skipSpace()
		if r.pos >= len(r.data) || r.data[r.pos] != ':' {
			return errSyntax
		}
		r.pos++
		val, err := r.skipValue()
		if err != nil {
			return err
		}
		if err := fn(key, val); err != nil {
			return err
		}
		r.skipSpace()
		if r.pos >= len(r.data) {
			return errSyntax
		}
		switch r.data[r.pos] {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return nil
		default:
			return errSyntax
		}
	}
}

// DecodeString decodes a raw JSON string value (with its quotes), as a
// [Field]'s Value holds it. ok is false when raw is not a valid string.
func DecodeString(raw []byte) (s string, ok bool) {
	jr := jsonReader{data: raw}
	contents, escaped, err := jr.readString()
	if err != nil || jr.pos != len(raw) {
		return "", false
	}
	if !escaped {
		return string(contents), true
	}
	return string(unescape(nil, contents)), true
}

// Members calls fn for each member of the JSON object raw (as a [Field]'s
// Value holds it), in order, with the key unescaped and the value raw. It
// returns an error, having called fn for the members before it, when raw
// is not a valid object.
func Members(raw []byte, fn func(key, value []byte)) error {
	jr := jsonReader{data: raw}
	var scratch []byte
	err := jr.walkObject(&scratch, func(k, v []byte) error {
		fn(k, v)
		return nil
	})
	if err == nil {
		if jr.skipSpace(); jr.pos != len(raw) {
			err = errTrailing
		}
	}
	return err
}
