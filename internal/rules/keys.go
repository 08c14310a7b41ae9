package rules

import (
	"strings"
)

// Mask replaces a masked value.
const Mask = "[REDACTED]"

// defaultKeys is the default deny list; see [DefaultKeys].
var defaultKeys = []string{
	"password", "passwords", "passwd", "pwd", "passphrase", "secret", "secrets", "client_secret",
	"token", "access_token", "refresh_token", "id_token", "csrf", "xsrf",
	"api_key", "apikey", "access_key", "private_key",
	"authorization", "auth", "credential", "credentials",
	"cookie", "cookies", "set-cookie", "session",
	"signature", "sig", "x-amz-signature", "otp",
	"credit_card", "card_number", "cvv", "cvc", "ssn", "iban",
}

// DefaultKeys returns a copy of the default deny list; redact.DefaultKeys
// documents how keys match.
func DefaultKeys() []string { return append([]string(nil), defaultKeys...) }

// Character classes of key bytes.
const (
	cSep   uint8 = iota // ASCII other than letters and digits
	cLower              // a-z
	cUpper              // A-Z
	cDigit              // 0-9
	cWide               // a byte of a multi-byte UTF-8 sequence
)

var charClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 'a' && c <= 'z':
			t[c] = cLower
		case c >= 'A' && c <= 'Z':
			t[c] = cUpper
		case c >= '0' && c <= '9':
			t[c] = cDigit
		case c >= 0x80:
			t[c] = cWide
		}
	}
	return t
}()

// wordIter yields the words of a key; see [DefaultKeys] for where words
// split. It does not allocate.
type wordIter struct {
	s string
	i int
}

// next returns the next word and whether it is all ASCII, or ok false at
// the end.
func (it *wordIter) next() (w string, ascii, ok bool) {
	s, i := it.s, it.i
	for i < len(s) && charClass[s[i]] == cSep {
		i++
	}
	if i >= len(s) {
		it.i = i
		return "", false, false
	}
	start := i
	prev := charClass[s[i]]
	ascii = prev != cWide
	for i++; i < len(s); i++ {
		c := charClass[s[i]]
		if c == cSep {
			break
		}
		if (prev == cDigit) != (c == cDigit) || (prev == cWide) != (c == cWide) ||
			c == cUpper && prev == cLower ||
			c == cUpper && prev == cUpper && i+1 < len(s) && charClass[s[i+1]] == cLower {
			break
		}
		if c == cWide {
			ascii = false
		}
		prev = c
	}
	it.i = i
	return s[start:i], ascii, true
}

// splitWords returns the words of s, lower-cased.
func splitWords(s string) []string {
	var out []string
	it := wordIter{s: s}
	for {
		w, _, ok := it.next()
		if !ok {
			return out
		}
		out = append(out, strings.ToLower(w))
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// equalASCIIFold reports whether the ASCII word w equals the lower-case
// ASCII word e, ignoring case.
func equalASCIIFold(w, e string) bool {
	if len(w) != len(e) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if lowerASCII(w[i]) != e[i] {
			return false
		}
	}
	return true
}

// wordEqual compares a word of a key with a word of an entry.
func wordEqual(w string, wASCII bool, e string, eASCII bool) bool {
	if wASCII && eASCII {
		return equalASCIIFold(w, e)
	}
	return strings.EqualFold(w, e)
}

// A keyEntry is one entry of a key list, split into lower-case words.
type keyEntry struct {
	words  []string
	ascii  []bool
	action Action
}

// keySet matches keys against a list of entries, without allocating. Entries
// whose first word is ASCII are indexed by the first byte and length of that
// word, so that most words of most keys are rejected with one table lookup.
type keySet struct {
	entries []keyEntry
	lens    [128]uint64  // by lower-case first byte: bit n set when an entry's first word has n bytes (63: 63 or more)
	buckets [128][]int32 // by lower-case first byte: entries whose first word is ASCII
	wide    []int32      // entries whose first word is not ASCII
	exact   map[string]int32
}

func lenBit(n int) uint64 {
	if n > 63 {
		n = 63
	}
	return 1 << uint(n)
}

// add adds an entry (replacing one with the same words) and reports
// whether key had any words.
func (s *keySet) add(key string, a Action) bool {
	words := splitWords(key)
	if len(words) == 0 {
		return false
	}
	for i := range s.entries {
		if equalWords(s.entries[i].words, words) {
			s.entries[i].action = a
			return true
		}
	}
	e := keyEntry{words: words, ascii: make([]bool, len(words)), action: a}
	for i, w := range words {
		e.ascii[i] = isASCII(w)
	}
	s.entries = append(s.entries, e)
	return true
}

// remove removes the entry with the words of key, if any.
func (s *keySet) remove(key string) {
	words := splitWords(key)
	for i := range s.entries {
		if equalWords(s.entries[i].words, words) {
			s.entries = append(s.entries[:i], s.entries[i+1:]...)
			return
		}
	}
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// build indexes the entries; call it once all entries are added.
func (s *keySet) build() {
	s.lens = [128]uint64{}
	s.buckets = [128][]int32{}
	s.wide = nil
	s.exact = make(map[string]int32, len(s.entries))
	for i, e := range s.entries {
		s.exact[strings.Join(e.words, "_")] = int32(i)
		if len(e.words) == 1 {
			s.exact[e.words[0]] = int32(i)
		}
		first := e.words[0]
		if !e.ascii[0] {
			s.wide = append(s.wide, int32(i))
			continue
		}
		b := first[0]
		s.lens[b] |= lenBit(len(first))
		s.buckets[b] = append(s.buckets[b], int32(i))
	}
}

// index returns the position of e, an entry of s.
func (s *keySet) index(e *keyEntry) int {
	for i := range s.entries {
		if &s.entries[i] == e {
			return i
		}
	}
	return -1
}

// matchFrom reports whether the words of e, after its first, follow at it.
func (e *keyEntry) matchRest(it wordIter) bool {
	for j := 1; j < len(e.words); j++ {
		w, a, ok := it.next()
		if !ok || !wordEqual(w, a, e.words[j], e.ascii[j]) {
			return false
		}
	}
	return true
}

// contains returns the entry whose words appear, in order and whole, among
// the words of key. When several do, the one with the most words wins, then
// the one added last.
func (s *keySet) contains(key string) (*keyEntry, bool) {
	if len(s.entries) == 0 || key == "" {
		return nil, false
	}
	best := -1
	consider := func(i int32) {
		if best < 0 || len(s.entries[i].words) > len(s.entries[best].words) ||
			len(s.entries[i].words) == len(s.entries[best].words) && int(i) > best {
			best = int(i)
		}
	}
	it := wordIter{s: key}
	for {
		w, ascii, ok := it.next()
		if !ok {
			break
		}
		if ascii {
			b := lowerASCII(w[0])
			if s.lens[b]&lenBit(len(w)) != 0 {
				for _, i := range s.buckets[b] {
					e := &s.entries[i]
					if equalASCIIFold(w, e.words[0]) && e.matchRest(it) {
						consider(i)
					}
				}
			}
			for _, i := range s.wide {
				e := &s.entries[i]
				if strings.EqualFold(w, e.words[0]) && e.matchRest(it) {
					consider(i)
				}
			}
			continue
		}
		for i := range s.entries {
			e := &s.entries[i]
			if strings.EqualFold(w, e.words[0]) && e.matchRest(it) {
				consider(int32(i))
			}
		}
	}
	if best < 0 {
		return nil, false
	}
	return &s.entries[best], true
}

// equal returns the entry whose words are exactly the words of key.
func (s *keySet) equal(key string) (*keyEntry, bool) {
	if len(s.entries) == 0 || key == "" {
		return nil, false
	}
	if i, ok := s.exact[key]; ok {
		return &s.entries[i], true
	}
	it := wordIter{s: key}
	w, ascii, ok := it.next()
	if !ok {
		return nil, false
	}
	try := func(i int32) bool {
		e := &s.entries[i]
		if !wordEqual(w, ascii, e.words[0], e.ascii[0]) || !e.matchRest(it) {
			return false
		}
		rest := it
		for j := 1; j < len(e.words); j++ {
			rest.next()
		}
		_, _, more := rest.next()
		return !more
	}
	if ascii {
		b := lowerASCII(w[0])
		if s.lens[b]&lenBit(len(w)) != 0 {
			for _, i := range s.buckets[b] {
				if try(i) {
					return &s.entries[i], true
				}
			}
		}
		for _, i := range s.wide {
			if try(i) {
				return &s.entries[i], true
			}
		}
		return nil, false
	}
	for i := range s.entries {
		if try(int32(i)) {
			return &s.entries[i], true
		}
	}
	return nil, false
}
