package redact

import (
	"encoding/binary"
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
}

// verdictCache maps keys to verdict codes: numVerdicts slots in sets of
// verdictWays, a key's set chosen by a hash of its bytes. A key not found
// is judged and stored in an empty slot of its set or, when the set is
// full, in place of one of its entries (the next of a rotating victim), so
// keys from data never crowd out the cache for good: a key evicted is
// judged again on its next use and stored again. Safe for concurrent use:
// slots are atomic pointers to immutable entries.
type verdictCache struct {
	slots  [numVerdicts]atomic.Pointer[verdictEntry]
	victim atomic.Uint32
}

// keyHash hashes the length and the first and last bytes of key (up to
// eight of each): keys differ there, and a hash of every byte would cost a
// loop per field; keys that share them share a set and are told apart by
// comparing them whole.
func keyHash(key string) uint64 {
	n := len(key)
	var a, b uint64
	if n > 0 {
		p := unsafe.Slice(unsafe.StringData(key), n)
		switch {
		case n >= 8:
			a, b = binary.LittleEndian.Uint64(p), binary.LittleEndian.Uint64(p[n-8:])
		case n >= 4:
			a, b = uint64(binary.LittleEndian.Uint32(p)), uint64(binary.LittleEndian.Uint32(p[n-4:]))
		default:
			a = uint64(p[0])<<16 | uint64(p[n/2])<<8 | uint64(p[n-1])
		}
	}
	return (a ^ bits.RotateLeft64(b, 29) ^ uint64(n)<<56) * 0x9E3779B97F4A7C15
}

// setOf returns the first slot of key's set.
func setOf(key string) uint64 {
	return keyHash(key) >> (64 - verdictBits) &^ (verdictWays - 1)
}

// first returns the entry in the first slot of key's set when it holds
// key: where a key that was cached first in its set sits, checked cheaply
// enough to inline.
func (c *verdictCache) first(key string) *verdictEntry {
	e := c.slots[setOf(key)].Load()
	if e != nil && e.key == key {
		return e
	}
	return nil
}

// lookup returns the entry of key, or nil.
func (c *verdictCache) lookup(key string) *verdictEntry {
	set := setOf(key)
	for i := range uint64(verdictWays) {
		if e := c.slots[set+i].Load(); e != nil && e.key == key {
			return e
		}
	}
	return nil
}

// store caches code for key (a copy of it), in an empty slot of its set
// or in place of an entry.
func (c *verdictCache) store(key string, code uint64) {
	if len(key) > maxCachedKey {
		return
	}
	e := &verdictEntry{key: strings.Clone(key), code: code}
	set := setOf(key)
	for i := range uint64(verdictWays) {
		if c.slots[set+i].Load() == nil && c.slots[set+i].CompareAndSwap(nil, e) {
			return
		}
	}
	c.slots[set+uint64(c.victim.Add(1)%verdictWays)].Store(e)
}

// judgeCached is judge for Redactors without path rules, where the
// verdict depends on the key alone.
func (r *Redactor) judgeCached(key string) (verdict, *Action) {
	if e := r.verdicts.lookup(key); e != nil {
		return r.decode(e.code)
	}
	_, _, code := r.judgeSlow(nil, key)
	r.verdicts.store(key, code)
	return r.decode(code)
}

// cachedVerdict returns the cache entry of key, or nil.
func (r *Redactor) cachedVerdict(key string) *verdictEntry { return r.verdicts.lookup(key) }

// lookupVerdict is cachedVerdict, not inlined: the slow path of a loop
// that must not spill around an inlined comparison of bytes.
//
//go:noinline
func (r *Redactor) lookupVerdict(key string) *verdictEntry { return r.verdicts.lookup(key) }

// passesFirst reports that the first slot of key's set holds key with a
// passing verdict: the common case, checked before any call. False when it
// cannot tell.
func (r *Redactor) passesFirst(key string) bool {
	e := r.verdicts.first(key)
	return e != nil && e.code == codePass
}
