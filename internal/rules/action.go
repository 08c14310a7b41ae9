package rules

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"unicode/utf8"
)

type actionKind uint8

const (
	actDefault actionKind = iota // the zero Action: the Engine's default
	actMask
	actDrop
	actKeepFirst
	actKeepLast
	actHash
)

// HashPrefix starts the values written by a [Hash] action.
const HashPrefix = "hmac:"

// hashBytes is how many bytes of the HMAC a [Hash] action writes (as
// twice as many hex digits).
const hashBytes = 6

// An Action says what happens to a value a rule matched; the zero Action
// stands for the default action. Package redact documents each (redact.Action).
type Action struct {
	kind actionKind
	n    int
	key  []byte
}

// MaskAction replaces the value with [Mask] (redact.MaskAction).
func MaskAction() Action { return Action{kind: actMask} }

// Drop removes the value, or masks a secret inside text (redact.Drop).
func Drop() Action { return Action{kind: actDrop} }

// KeepFirst keeps the first n characters, at most half (redact.KeepFirst).
func KeepFirst(n int) Action { return Action{kind: actKeepFirst, n: max(n, 0)} }

// KeepLast keeps the last n characters, at most half (redact.KeepLast).
func KeepLast(n int) Action { return Action{kind: actKeepLast, n: max(n, 0)} }

// Hash writes a keyed HMAC-SHA256 of the value (redact.Hash).
func Hash(key []byte) Action {
	return Action{kind: actHash, key: append([]byte(nil), key...)}
}

// String names the action: "default", "mask", "drop", "keep_first(n)",
// "keep_last(n)" or "hash".
func (a Action) String() string {
	switch a.kind {
	case actMask:
		return "mask"
	case actDrop:
		return "drop"
	case actKeepFirst:
		return "keep_first(" + strconv.Itoa(a.n) + ")"
	case actKeepLast:
		return "keep_last(" + strconv.Itoa(a.n) + ")"
	case actHash:
		return "hash"
	default:
		return "default"
	}
}

// Or returns a, or def when a is the zero Action.
func (a Action) Or(def Action) Action {
	if a.kind == actDefault {
		return def
	}
	return a
}

// IsDrop reports whether a is [Drop].
func (a Action) IsDrop() bool { return a.kind == actDrop }

// IsHash reports whether a is a [Hash] action.
func (a Action) IsHash() bool { return a.kind == actHash }

// IsDefault reports whether a is the zero Action, the default's stand-in.
func (a Action) IsDefault() bool { return a.kind == actDefault }

// Textual reports whether the action uses the value's text.
func (a Action) Textual() bool {
	return a.kind == actKeepFirst || a.kind == actKeepLast || a.kind == actHash
}

// Apply returns what to write for the text s under a (which is never
// Drop or the default here: Drop is handled by callers and masks when it
// cannot drop).
func (a Action) Apply(s string) string {
	switch a.kind {
	case actKeepFirst, actKeepLast:
		n := utf8.RuneCountInString(s)
		k := min(a.n, n/2)
		if k == 0 {
			return Mask
		}
		if a.kind == actKeepFirst {
			i := 0
			for range k {
				_, size := utf8.DecodeRuneInString(s[i:])
				i += size
			}
			return s[:i] + Mask
		}
		i := len(s)
		for range k {
			_, size := utf8.DecodeLastRuneInString(s[:i])
			i -= size
		}
		return Mask + s[i:]
	case actHash:
		return hashString(a.key, s)
	default:
		return Mask
	}
}

func hashString(key []byte, s string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	var sum [sha256.Size]byte
	var out [len(HashPrefix) + 2*hashBytes]byte
	copy(out[:], HashPrefix)
	hex.Encode(out[len(HashPrefix):], m.Sum(sum[:0])[:hashBytes])
	return string(out[:])
}
