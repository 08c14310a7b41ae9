package redact

import "strings"

// Mask replaces a masked value.
const Mask = "[REDACTED]"

// DefaultKeys is the default deny list. A key matches an entry when the
// entry's words appear, in order and whole, among the key's words: words
// are split at '-', '_', '.', ' ', '/', ':' and lower-to-upper case
// changes, and compared without case. So apiKey, api-key, API_KEY and
// x-api-key match "api_key", while tokens_used and author match nothing.
var defaultKeys = []string{
	"password", "passwd", "pwd", "passphrase", "secret", "client_secret", "token", "access_token",
	"refresh_token", "id_token", "api_key", "apikey", "authorization", "auth",
	"cookie", "set-cookie", "session", "private_key", "credential", "credentials",
	"credit_card", "card_number", "cvv", "cvc", "ssn", "signature", "sig", "x-amz-signature",
}

// DefaultKeys returns a copy of the default deny list.
func DefaultKeys() []string { return append([]string(nil), defaultKeys...) }

// keyMatcher matches keys against entries word by word, without allocating.
type keyMatcher struct {
	entries [][]string // each entry split into lowercase words
}

func newKeyMatcher(keys []string) keyMatcher {
	m := keyMatcher{entries: make([][]string, 0, len(keys))}
	for _, k := range keys {
		var words []string
		forEachWord(k, func(w string) bool {
			words = append(words, strings.ToLower(w))
			return true
		})
		if len(words) > 0 {
			m.entries = append(m.entries, words)
		}
	}
	return m
}

func isSep(c byte) bool {
	switch c {
	case '-', '_', '.', ' ', '/', ':', '\t':
		return true
	}
	return false
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// forEachWord calls fn with each word of key until fn returns false.
// A word boundary is a separator, a lower-or-digit to upper change
// (apiKey), or the last capital of a run before a lower (APIKey).
func forEachWord(key string, fn func(string) bool) {
	start := -1
	for i := 0; i < len(key); i++ {
		c := key[i]
		if isSep(c) {
			if start >= 0 {
				if !fn(key[start:i]) {
					return
				}
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := key[i-1]
		boundary := isUpper(c) && (isLower(prev) || isDigit(prev)) ||
			isUpper(c) && isUpper(prev) && i+1 < len(key) && isLower(key[i+1])
		if boundary {
			if !fn(key[start:i]) {
				return
			}
			start = i
		}
	}
	if start >= 0 {
		fn(key[start:])
	}
}

// match reports whether key matches any entry.
func (m *keyMatcher) match(key string) bool {
	if len(m.entries) == 0 || key == "" {
		return false
	}
	// Split key into at most 32 words, kept as offsets on the stack.
	var offs [32][2]int
	n := 0
	base := 0
	forEachWord(key, func(w string) bool {
		// w is a substring of key: find its offset.
		off := strings.Index(key[base:], w) + base
		offs[n] = [2]int{off, off + len(w)}
		base = off + len(w)
		n++
		return n < len(offs)
	})
	for _, e := range m.entries {
		for i := 0; i+len(e) <= n; i++ {
			ok := true
			for j, w := range e {
				o := offs[i+j]
				if !strings.EqualFold(key[o[0]:o[1]], w) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}
