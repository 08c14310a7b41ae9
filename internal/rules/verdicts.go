package rules

import (
	"math/bits"
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
	verdictBits = 9
	numVerdicts = 1 << verdictBits // slots
	verdictWays = 4                // slots of a set: a key may sit in any of them
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
	slots [numVerdicts]atomic.Pointer[verdictEntry]
}

// keyWords returns the first and last words of key (up to eight bytes
// each, overlapping for keys shorter than 16 bytes): together with the
// length they tell keys apart, and they are what the set is chosen by.
func keyWords(key string) (a, b uint64) {
	if n := len(key); n >= 8 {
		p := unsafe.Pointer(unsafe.StringData(key))
		return load64(p), load64(unsafe.Add(p, n-8))
	}
	return shortWords(key)
}

// shortWords is keyWords for keys shorter than eight bytes.
//
//go:noinline
func shortWords(key string) (a, b uint64) {
	n := len(key)
	switch {
	case n >= 4:
		p := unsafe.Pointer(unsafe.StringData(key))
		return uint64(load32(p)), uint64(load32(unsafe.Add(p, n-4)))
	case n > 0:
		return uint64(key[0])<<16 | uint64(key[n/2])<<8 | uint64(key[n-1]), 0
	}
	return 0, 0
}

// setOf returns the first slot of the set of a key of length n and words
// a and b.
func setOf(n int, a, b uint64) uint64 {
	h := (a ^ bits.RotateLeft64(b, 29) ^ uint64(n)<<56) * 0x9E3779B97F4A7C15
	return h >> (64 - verdictBits) &^ (verdictWays - 1)
}

// is reports whether e caches key, of length n and words a and b.
func (e *verdictEntry) is(key string, n int, a, b uint64) bool {
	return e.n == n && e.a == a && e.b == b && (n <= 16 || e.key == key)
}

// first returns the entry in the first slot of key's set when it holds
// key: where a key just stored sits, and a key logged on every line stays.
func (c *verdictCache) first(key string) *verdictEntry {
	n := len(key)
	var a, b uint64
	// keyWords, written out: this runs for every key of every line.
	switch p := unsafe.Pointer(unsafe.StringData(key)); {
	case n >= 8:
		a, b = load64(p), load64(unsafe.Add(p, n-8))
	case n >= 4:
		a, b = uint64(load32(p)), uint64(load32(unsafe.Add(p, n-4)))
	default:
		a, b = shortWords(key)
	}
	if e := c.slots[setOf(n, a, b)].Load(); e != nil && e.is(key, n, a, b) {
		return e
	}
	return nil
}

// lookup returns the entry of key, or nil.
func (c *verdictCache) lookup(key string) *verdictEntry {
	n := len(key)
	a, b := keyWords(key)
	set := setOf(n, a, b)
	for i := range uint64(verdictWays) {
		if e := c.slots[set+i].Load(); e != nil && e.is(key, n, a, b) {
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
	set := setOf(n, a, b)
	for i := uint64(verdictWays - 1); i > 0; i-- {
		c.slots[set+i].Store(c.slots[set+i-1].Load())
	}
	c.slots[set].Store(e)
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

// PassesFirst reports that the first slot of key's set holds key with a
// passing verdict: the common case, checked before any call. False when it
// cannot tell.
func (r *Engine) PassesFirst(key string) bool {
	e := r.verdicts.first(key)
	return e != nil && e.code == codePass
}

// KeysPass reports whether the cache holds, as passing, every key that
// key gives for the items of fields (ok false: an item without a key to
// check): the keys of a line the core hopes to find clean in one pass,
// checked in one call. F is the adapter's field type, which the engine
// does not know.
func KeysPass[F any](r *Engine, fields []F, key func(*F) (k string, ok bool)) bool {
	c := &r.verdicts
	for i := range fields {
		k, ok := key(&fields[i])
		if !ok {
			continue
		}
		e := c.first(k)
		if e == nil {
			e = c.lookup(k)
		}
		if e == nil || e.code != codePass {
			return false
		}
	}
	return true
}
