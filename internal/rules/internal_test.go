package rules

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// refWords splits a key into words as DefaultKeys documents it, written
// independently of wordIter: each byte is classified, and a word ends at a
// separator or where the documented boundary rules say.
func refWords(key string) []string {
	class := func(c byte) string {
		switch {
		case c >= 'a' && c <= 'z':
			return "lower"
		case c >= 'A' && c <= 'Z':
			return "upper"
		case c >= '0' && c <= '9':
			return "digit"
		case c >= 0x80:
			return "wide"
		}
		return "sep"
	}
	var words []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			words = append(words, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(key); i++ {
		k := class(key[i])
		if k == "sep" {
			flush()
			continue
		}
		if cur.Len() > 0 {
			p := class(key[i-1])
			next := ""
			if i+1 < len(key) {
				next = class(key[i+1])
			}
			if (p == "digit") != (k == "digit") || (p == "wide") != (k == "wide") ||
				p == "lower" && k == "upper" ||
				p == "upper" && k == "upper" && next == "lower" {
				flush()
			}
		}
		cur.WriteByte(key[i])
	}
	flush()
	return words
}

// refContains reports whether some entry's words appear, in order and
// whole, among the key's words.
func refContains(entries [][]string, key string) bool {
	words := refWords(key)
	for _, e := range entries {
		for i := 0; i+len(e) <= len(words); i++ {
			ok := true
			for j := range e {
				if !strings.EqualFold(words[i+j], e[j]) {
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

func TestWordsMatchReference(t *testing.T) {
	for _, key := range []string{"apiKey", "APIKey", "x-api-key", "user[api_key]", "v2Token", "token2", "ABC", "aB", "Ab", "", "__", "пароль2Token", "STRAßE", "HTTPServer", "a1b2"} {
		if got, want := strings.Join(splitWordsRaw(key), "|"), strings.Join(refWords(key), "|"); got != want {
			t.Errorf("words(%q) = %s, reference %s", key, got, want)
		}
	}
}

func splitWordsRaw(s string) []string {
	var out []string
	it := wordIter{s: s}
	for {
		w, _, ok := it.next()
		if !ok {
			return out
		}
		out = append(out, w)
	}
}

// FuzzSensitiveKey checks the key matcher against the reference, through
// the verdict cache and without it.
func FuzzSensitiveKey(f *testing.F) {
	for _, s := range []string{"apiKey", "x-api-key", "tokens_used", "author", "APIKey", "Пароль", "user[password]", "v2Token", "a.b.c", strings.Repeat("ab_", 40) + "secret"} {
		f.Add(s, "pin")
	}
	f.Fuzz(func(t *testing.T, key, extra string) {
		c := NewConfig()
		c.AddKey(extra, Action{})
		r, err := New(c)
		if err != nil {
			if len(splitWords(extra)) != 0 {
				t.Fatalf("New with key %q: %v", extra, err)
			}
			r = defaultEngine(t)
		}
		var entries [][]string
		for _, e := range r.deny.entries {
			entries = append(entries, e.words)
		}
		want := refContains(entries, key)
		if got := r.SensitiveKey(key); got != want {
			t.Fatalf("SensitiveKey(%q) with extra %q = %v, reference %v (words %q)", key, extra, got, want, refWords(key))
		}
		// Twice: the second answer comes from the cache.
		if got := r.SensitiveKey(key); got != want {
			t.Fatalf("cached SensitiveKey(%q) = %v, reference %v", key, got, want)
		}
		v, _, _ := r.judgeSlow(nil, key)
		if (v != Pass) != want {
			t.Fatalf("judgeSlow(%q) = %v, reference %v", key, v, want)
		}
	})
}

// FuzzPrefilter checks that the pre-filter never hides a match: whenever a
// built-in pattern finds something in s, the pre-filter triggers it, for
// strings and byte strings alike.
func FuzzPrefilter(f *testing.F) {
	for _, s := range []string{
		"Bearer abcDEF123456", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "AKIAIOSFODNN7EXAMPLE",
		"-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----", "4111 1111 1111 1111", "x 5555-5555-5555-4444 y",
		"postgres://a:b@c", "password=x", `"token": "y"`, "ada@example.com", "10.0.0.1:80", "::1", "12 4111111111111111",
		// Triggers across the eight-byte blocks and in the overlapping
		// last block.
		"0123456AKIAIOSFODNN7EXAMPLE", "abcdefghi10.0.0.1", "1234567password=x", "abcdefgh12345bearer Zm9vYmFyYmF6",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaa-----BEGIN RSA PRIVATE KEY-----\nx", "abcdefghij.eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
		// Digits around 13, split between the blocks and the last bytes.
		"b7ad6b7169203331", "abcdefg4111111111111111", "id 123456789012 x", "1234567-123456",
	} {
		f.Add(s)
	}
	c := NewConfig()
	c.AddPattern(PatternEmail, nil, Action{})
	c.AddPattern(PatternIP, nil, Action{})
	r, err := New(c)
	if err != nil {
		f.Fatal(err)
	}
	sc, def := &r.sc, &defaultEngine(f).sc
	f.Fuzz(func(t *testing.T, s string) {
		bits := triggers(sc, s)
		if b := triggers(sc, bytesText([]byte(s))); b != bits {
			t.Fatalf("triggers differ for string and []byte: %b, %b", bits, b)
		}
		// The quick check (cannotMatch) never hides a match either, and
		// finds clean whatever the pre-filter finds clean: with the IP
		// pattern's digit triggers and with the defaults.
		for _, c := range []struct {
			name string
			sc   *scanner
		}{{"emails and IPs", sc}, {"defaults", def}} {
			if !c.sc.cannotMatch(s) {
				if triggers(c.sc, s) == 0 {
					t.Fatalf("%s: cannotMatch(%q) = false, but the pre-filter finds it clean", c.name, s)
				}
				continue
			}
			if spans := c.sc.find(s, c.sc.on, nil); len(spans) > 0 {
				t.Fatalf("%s: cannotMatch(%q) = true, but %q is found", c.name, s, s[spans[0].start:spans[0].end])
			}
		}
		for id := 0; id < numBuiltins; id++ {
			if spans := sc.find(s, 1<<id, nil); len(spans) > 0 && bits&(1<<id) == 0 {
				t.Fatalf("pattern %s finds %q in %q but the pre-filter does not trigger it", builtins[id].name, s[spans[0].start:spans[0].end], s)
			}
		}
		// Masking never leaves what it found, and is stable.
		out, n, _ := r.Scan(s)
		if n > 0 {
			if again, _, _ := r.Scan(out); again != out {
				t.Fatalf("scan(%q) = %q, and again %q", s, out, again)
			}
		}
	})
}

// TestVerdictCacheCollisions: keys of one set are all cached up to
// verdictWays of them; one more evicts one; every key keeps its own
// verdict, cached or not.
func TestVerdictCacheCollisions(t *testing.T) {
	bySet := map[uint64][]string{}
	var keys []string
	for i := 0; keys == nil && i < 1<<16; i++ {
		k := fmt.Sprintf("field_%d", i)
		if i%2 == 1 {
			k = fmt.Sprintf("secret_%d", i)
		}
		a, w := keyWords(k)
		b := setOf(len(k), a, w)
		bySet[b] = append(bySet[b], k)
		if len(bySet[b]) == verdictWays+1 {
			keys = bySet[b]
		}
	}
	if keys == nil {
		t.Fatal("no set taken by enough keys")
	}
	r, err := New(NewConfig()) // a fresh engine: only these keys are judged
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		want := strings.HasPrefix(k, "field_")
		for range 2 {
			if got := r.Passes(nil, k); got != want {
				t.Fatalf("passes(%q) = %v, want %v", k, got, want)
			}
		}
	}
	cached := 0
	for _, k := range keys {
		if r.cachedVerdict(k) != nil {
			cached++
		}
	}
	if cached != verdictWays {
		t.Errorf("%d keys of a set cached, want %d", cached, verdictWays)
	}
}

// TestCachedPass: the cache answers for a key of any length it keeps,
// once judged, and never for another key of the same length, first and
// last words (keys that differ only in the middle, or in one byte of a
// short key), nor for a denied key.
func TestCachedPass(t *testing.T) {
	r, err := New(NewConfig())
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n <= maxCachedKey+2; n++ {
		b := []byte(strings.Repeat("k", n))
		for i := range b {
			b[i] = "abcdefghijklmnopqrstuvwxyz"[(i*7+n)%26]
		}
		key := string(b)
		if r.CachedPass(key) {
			t.Fatalf("%q passes before it was judged", key)
		}
		r.Judge(nil, key)
		if got, want := r.CachedPass(key), n <= maxCachedKey; got != want {
			t.Errorf("CachedPass(%q) = %v after judging it, want %v", key, got, want)
		}
		for i := range b {
			other := []byte(key)
			other[i] ^= 0x20 // upper case: the same verdict, another key
			if r.CachedPass(string(other)) {
				t.Errorf("CachedPass(%q) = true after judging only %q", other, key)
			}
		}
	}
	for _, key := range []string{"password", "x-amz-signature", "api_key_of_the_primary_upstream_service"} {
		r.Judge(nil, key)
		if r.cachedVerdict(key) == nil || r.CachedPass(key) {
			t.Errorf("%q: cached %v, CachedPass true", key, r.cachedVerdict(key) != nil)
		}
	}
}

// TestVerdictCacheKeepsNoCallerMemory: the cache holds copies of keys,
// never the memory they were cut from.
func TestVerdictCacheKeepsNoCallerMemory(t *testing.T) {
	r, err := New(NewConfig())
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 8192) + "&name=1"
	key := big[8193:8197]
	r.Judge(nil, key)
	e := r.cachedVerdict(key)
	if e == nil {
		t.Fatal("not cached")
	}
	if unsafe.StringData(e.key) == unsafe.StringData(key) {
		t.Error("the cache keeps the caller's string")
	}
	long := strings.Repeat("k", maxCachedKey+1)
	r.Judge(nil, long)
	if r.cachedVerdict(long) != nil {
		t.Error("a key longer than maxCachedKey was cached")
	}
}

// TestCannotMatchCounts checks the counts behind cannotMatch's sum:
// digits around the 13 a card number needs (from 13 on, the card finder
// decides), in the blocks and in the last bytes, trigger bytes that start
// nothing before one that does, and values too long for the sum.
func TestCannotMatchCounts(t *testing.T) {
	long := strings.Repeat("0123456789", 7000) // 70000 bytes of digits
	sc := &defaultEngine(t).sc
	// No key_value match is shorter than "pwd=x" (a word of one entry,
	// x-amz-signature's x, is shorter, but not a whole entry).
	if got := sc.minLens[pKeyValue]; got != len("pwd=x") {
		t.Errorf("key_value's minimum length is %d, want %d", got, len("pwd=x"))
	}
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"", true},
		{"GET", true},
		{"b7ad6b7169203331", true},                 // 12 digits, two 'b's
		{"order 123456789012 done", true},          // 12 digits
		{"order 1234567890123 done", false},        // 13 digits: the card finder decides
		{"card 4111111111111111", false},           // in the last bytes
		{"4111111111111111 card", false},           // in the blocks
		{"x4111-1111-1111-1111", false},            // with separators
		{"4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", false}, // single spaces
		{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb bearer abcDEF123456", false},
		// A bearer scheme is followed by a space or a tab, written or
		// encoded: its trigger bytes in a value without one start nothing.
		{"bearerabcDEF123456", true}, {"x Bearer abcDEF123456", false},
		{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbearer.abcDEF123456", true},
		{"Bearer\tabcDEF123456", false},
		{"Bearer+abcDEF123456", false},
		{"Bearer%20abcDEF123456", false},
		{"b7ad6b7169203331 1", true},
		{"a:b c:d e=f", true},
		// The shortest key_value match: the shortest entry (pwd), a
		// separator, a value.
		{"pwd=x", false},
		// A trigger counts only in values long enough for its patterns.
		{"Ada Lovelace", true},
		{"AKIAIOSFODNN7EXAMPL", true}, // 19 bytes: too short for a key
		{"AKIAIOSFODNN7EXAMPLE", false},
		{"eyJhbGciO.ab", true},
		{"eyJhbGciOi.ab", false},
		{"-----BEGIN KEY-----", true},
		{"-----BEGINPRIVATE KEY-----", false},
		{"Basic abc1234", true},
		{"Basic abcd1234", false},
		{"q?token=abcdef", false},
		{long, false},
		{strings.Repeat("order 12, ", 7000), true},
		{long[:69990] + " 4111111111111111", false},
		{strings.Repeat("b", 70000), true},
		{strings.Repeat("b", 70000) + " Bearer abcDEF123456", false},
	} {
		name := c.s
		if len(name) > 40 {
			name = name[:40] + "..."
		}
		if got := sc.cannotMatch(c.s); got != c.want {
			t.Errorf("cannotMatch(%q) = %v, want %v", name, got, c.want)
		}
		if found := sc.find(c.s, sc.on, nil); c.want && len(found) > 0 {
			t.Errorf("%q is clean by cannotMatch, but the patterns find %q", name, c.s[found[0].start:found[0].end])
		}
	}
}

// TestEveryPatternDocumented: the package documentation's table lists
// every row of builtins, and each can be turned off by name.
func TestEveryPatternDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../redact/doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for id, b := range builtins {
		if !strings.Contains(string(doc), "| "+b.name+" ") {
			t.Errorf("pattern %q is not in doc.go's table", b.name)
		}
		if builtinID(b.name) != id || b.find == nil {
			t.Errorf("row %d (%s): ID %d, finder %v", id, b.name, builtinID(b.name), b.find != nil)
		}
		c := NewConfig()
		c.RemovePattern(b.name)
		if _, err := New(c); err != nil {
			t.Errorf("WithoutPatterns(%q): %v", b.name, err)
		}
	}
}

// defaultEngine returns an Engine with the default rules.
func defaultEngine(tb testing.TB) *Engine {
	tb.Helper()
	e, err := New(NewConfig())
	if err != nil {
		tb.Fatal(err)
	}
	return e
}
