package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"unicode/utf8"
)

type actionKind uint8

const (
	actDefault actionKind = iota // the zero Action: the Redactor's default
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

// An Action says what happens to a value a rule matched. Make one with
// [MaskAction], [Drop], [KeepFirst], [KeepLast] or [Hash]. The zero Action
// stands for the Redactor's default action ([WithAction], itself
// [MaskAction] unless changed).
type Action struct {
	kind actionKind
	n    int
	key  []byte
}

// MaskAction replaces the value with [Mask], keeping the key. It is the
// default action.
func MaskAction() Action { return Action{kind: actMask} }

// Drop removes the field (key and value). A pattern's Drop removes a
// string (a field, an array element) that is the secret whole; a secret
// found inside text (an error message, the message) is masked in place,
// so the rest of the text stays. Plain
// functions ([Redactor.Header], [Redactor.Metadata]) mask instead;
// [Redactor.Query] removes the parameter.
func Drop() Action { return Action{kind: actDrop} }

// KeepFirst writes the first n characters of the value followed by [Mask],
// as in "4111[REDACTED]". It never keeps more than half of the value's
// characters, so a short secret is not written whole. Values that are not
// text (objects, arrays) are masked.
func KeepFirst(n int) Action { return Action{kind: actKeepFirst, n: max(n, 0)} }

// KeepLast writes [Mask] followed by the last n characters of the value, as
// in "[REDACTED]1111" for a card number. Like [KeepFirst] it keeps at most
// half of the value.
func KeepLast(n int) Action { return Action{kind: actKeepLast, n: max(n, 0)} }

// Hash replaces the value with a keyed hash: [HashPrefix] and the first 12
// hex digits of HMAC-SHA256(key, value), as in "hmac:1a2b3c4d5e6f", so that
// lines about the same secret can still be matched without revealing it.
// Keep key secret and stable across instances; [New] rejects an empty
// key. It allocates for each value hashed.
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

// or returns a, or def when a is the zero Action.
func (a Action) or(def Action) Action {
	if a.kind == actDefault {
		return def
	}
	return a
}

func (a Action) drop() bool { return a.kind == actDrop }

// textual reports whether the action uses the value's text.
func (a Action) textual() bool {
	return a.kind == actKeepFirst || a.kind == actKeepLast || a.kind == actHash
}

// apply returns what to write for the text s under a (which is never
// Drop or the default here: Drop is handled by callers and masks when it
// cannot drop).
func (a Action) apply(s string) string {
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
