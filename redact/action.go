package redact

import "github.com/tracelog/tracelog/internal/rules"

// An Action says what happens to a value a rule matched. Make one with
// [MaskAction], [Drop], [KeepFirst], [KeepLast] or [Hash]. The zero Action
// stands for the default action ([WithAction], itself
// [MaskAction] unless changed).
type Action = rules.Action

// HashPrefix starts the values written by a [Hash] action.
const HashPrefix = rules.HashPrefix

// MaskAction replaces the value with [Mask], keeping the key. It is the
// default action.
func MaskAction() Action { return rules.MaskAction() }

// Drop removes the field (key and value). A pattern's Drop removes a
// string (a field, an array element) that is the secret whole; a secret
// found inside text (an error message, the message) is masked in place,
// so the rest of the text stays. Plain
// functions ([Redactor.Header], [Redactor.Metadata]) mask instead;
// [Redactor.Query] removes the parameter.
func Drop() Action { return rules.Drop() }

// KeepFirst writes the first n characters of the value followed by [Mask],
// as in "4111[REDACTED]". It never keeps more than half of the value's
// characters, so a short secret is not written whole. Values that are not
// text (objects, arrays) are masked.
func KeepFirst(n int) Action { return rules.KeepFirst(n) }

// KeepLast writes [Mask] followed by the last n characters of the value, as
// in "[REDACTED]1111" for a card number. Like [KeepFirst] it keeps at most
// half of the value.
func KeepLast(n int) Action { return rules.KeepLast(n) }

// Hash replaces the value with a keyed hash: [HashPrefix] and the first 12
// hex digits of HMAC-SHA256(key, value), as in "hmac:1a2b3c4d5e6f", so that
// lines about the same secret can still be matched without revealing it.
// Keep key secret and stable across instances; [New] rejects an empty
// key. It allocates for each value hashed.
func Hash(key []byte) Action { return rules.Hash(key) }
