package rules

import (
	"strings"
	"sync/atomic"
	"unsafe"
)

// The key verdict cache. Judging a key (the deny list word by word, the
// allowlist, the value patterns on the key itself) costs far more than
// remembering the answer, and a program logs the same few keys again and
// again; but keys also come from data (map keys, query parameter names,
// payload keys), so the cache is keyed by content, bounded, evicting, and
// keeps copies of the keys it holds, never the caller's memory.

const (
	setBits     = 7
	numSets     = 1 << setBits
	verdictWays = 4                     // slots of a set: a key may sit in any of them
	numVerdicts = numSets * verdictWays // slots
	// maxCachedKey bounds the keys kept: a longer key is judged every
	// time. With numVerdicts, it bounds what the cache holds to about
	// numVerdicts × (maxCachedKey + 48) bytes.
	maxCachedKey = 64
)

// A verdictEntry is a cached verdict. Entries never change once
// published: replacing one is storing another.
type verdictEntry struct {
	key  string // a copy of the key
	code uint64
	// The length and the first and last words of the key (keyWords): two
	// keys of up to 16 bytes are equal when these are.
	n    int
	a, b uint64
}

// verdictCache maps keys to verdict codes: numVerdicts slots in sets of
// verdictWays, a key's set chosen by a hash of its bytes. A key not found
// is judged and stored in the first slot of its set, the others moving
// down and the last falling out, so that keys from data never crowd out
// the cache for good (a key evicted is judged again on its next use and
// stored in front again), and a key just stored is found by the first
// look. Safe for concurrent use: slots are atomic pointers to immutable
// entries (a reader racing a store may miss a key and judge it again).
type verdictCache struct {
	sets [numSets]verdictSet
}

// A verdictSet is the slots a key may sit in, the most recently stored
// first.
type verdictSet [verdictWays]atomic.Pointer[verdictEntry]

// keyWords returns the first and last words of key (up to eight bytes
// each, overlapping for keys shorter than 16 bytes): together with the
// length they tell keys apart, and they are what the set is chosen by.
// Keys shorter than four bytes give their first, middle and last bytes.
func keyWords(key string) (a, b uint64) {
	n := len(key)
	p := unsafe.Pointer(unsafe.StringData(key))
	switch {
	case n >= 8:
		return load64(p), load64(unsafe.Add(p, n-8))
	case n >= 4:
		return uint64(load32(p)), uint64(load32(unsafe.Add(p, n-4)))
	case n > 0:
		// Every offset is below n.
		byteAt := func(i int) uint64 { return uint64(*(*byte)(unsafe.Add(p, i))) }
		return byteAt(0)<<16 | byteAt(n/2)<<8 | byteAt(n-1), 0
	}
	return 0, 0
}

// setOf returns the set of a key of length n and words a and b. The
// hash is a sum and a multiplication: it runs for every key of every
// line.
func setOf(n int, a, b uint64) uint64 {
	return (a + b + uint64(n)) * 0x9E3779B97F4A7C15 >> (64 - setBits)
}

// is reports whether e caches key, of length n and words a and b.
func (e *verdictEntry) is(key string, n int, a, b uint64) bool {
	return e.n == n && e.a == a && e.b == b && (n <= 16 || sameMiddle(e.key, key))
}

// sameMiddle reports whether x and y, of the same length (over 16 bytes)
// and with the same first and last words, are equal: it compares the
// words between, the last one overlapping. It calls nothing, so that the
// functions using it need no stack frame.
func sameMiddle(x, y string) bool {
	n := len(x)
	p, q := unsafe.Pointer(unsafe.StringData(x)), unsafe.Pointer(unsafe.StringData(y))
	for i := 8; i < n-8; i += 8 {
		j := min(i, n-16)
		if load64(unsafe.Add(p, j)) != load64(unsafe.Add(q, j)) {
			return false
		}
	}
	return true
}

// passes reports that c holds key with a passing verdict. It runs for
// every key of every line: it calls nothing (keyWords and the key
// comparison are written out), so it needs no stack frame, and a key
// logged on every line is found in the first slot of its set.
func (c *verdictCache) passes(key string) bool {
	n := len(key)
	p := unsafe.Pointer(unsafe.StringData(key))
	var a, b uint64
	switch {
	case n >= 8:
		a, b = load64(p), load64(unsafe.Add(p, n-8))
	case n >= 4:
		a, b = uint64(load32(p)), uint64(load32(unsafe.Add(p, n-4)))
	case n > 0:
		byteAt := func(i int) uint64 { return uint64(*(*byte)(unsafe.Add(p, i))) }
		a = byteAt(0)<<16 | byteAt(n/2)<<8 | byteAt(n-1)
	}
	// No entry holds a key longer than maxCachedKey: such a key is found
	// in no slot.
	set := &c.sets[setOf(n, a, b)]
	holds := func(e *verdictEntry) bool {
		return e != nil && e.n == n && e.a == a && e.b == b && (n <= 16 || sameMiddle(e.key, key))
	}
	if e := set[0].Load(); holds(e) {
		return e.code == codePass
	}
	for i := 1; i < len(set); i++ {
		if e := set[i].Load(); holds(e) {
			return e.code == codePass
		}
	}
	return false
}

// lookup returns the entry of key, or nil.
func (c *verdictCache) lookup(key string) *verdictEntry {
	n := len(key)
	a, b := keyWords(key)
	set := &c.sets[setOf(n, a, b)]
	for i := range set {
		if e := set[i].Load(); e != nil && e.is(key, n, a, b) {
			return e
		}
	}
	return nil
}

// store caches code for key (a copy of it) in the first slot of its set.
func (c *verdictCache) store(key string, code uint64) {
	if len(key) > maxCachedKey {
		return
	}
	n := len(key)
	a, b := keyWords(key)
	e := &verdictEntry{key: strings.Clone(key), code: code, n: n, a: a, b: b}
	set := &c.sets[setOf(n, a, b)]
	for i := verdictWays - 1; i > 0; i-- {
		set[i].Store(set[i-1].Load())
	}
	set[0].Store(e)
}

// judgeCached is Judge for Engines without path rules, where the
// verdict depends on the key alone.
func (r *Engine) judgeCached(key string) (Verdict, *Action) {
	if e := r.verdicts.lookup(key); e != nil {
		return r.decode(e.code)
	}
	_, _, code := r.judgeSlow(nil, key)
	r.verdicts.store(key, code)
	return r.decode(code)
}

// cachedVerdict returns the cache entry of key, or nil.
func (r *Engine) cachedVerdict(key string) *verdictEntry { return r.verdicts.lookup(key) }

// CachedPass reports that the verdict cache holds key as passing: the
// question a line's fast path asks of each key, and a frame of each key
// of a nested object, before anything else. False when the cache does not
// hold key (it is judged on the general path, which stores it) or holds
// it as redacted.
func (r *Engine) CachedPass(key string) bool { return r.verdicts.passes(key) }
