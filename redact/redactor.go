package redact

import (
	"errors"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
)

// A Redactor holds a set of rules: a key deny list, key paths, value
// patterns, an optional allowlist, and the action each takes. It is safe
// for concurrent use and its rules never change after [New] returns it.
// Use it through a core ([NewCore]) and through its plain functions for
// headers, query strings and gRPC metadata.
type Redactor struct {
	deny, except keySet
	paths        pathSet
	allowOn      bool
	allow        keySet
	allowPaths   pathSet
	sc           scanner
	action       Action // never the zero Action
	summary      bool
	maxDepth     int

	count   atomic.Uint64
	walkers sync.Pool // *walker
	spans   sync.Pool // *[]span, for scanBits
	lines   sync.Pool // *smallLine, with its walker

	// cacheable: no path rules, so a key's verdict depends on the key only.
	cacheable bool
	// quick: cacheable and no user patterns, so a line of scalars can be
	// found clean in one pass (cleanLine).
	quick    bool
	verdicts verdictCache
}

// New returns a Redactor with the default rules changed by opts. It fails
// on a pattern that does not compile, a rule without a key, a [Hash]
// action without a key, or an unknown pattern name.
func New(opts ...Option) (*Redactor, error) {
	c := newConfig(opts)
	r := &Redactor{
		deny:       c.deny,
		except:     c.except,
		paths:      c.paths,
		allowOn:    c.allowOn,
		allow:      c.allow,
		allowPaths: c.allowPaths,
		action:     c.action,
		summary:    c.summary,
		maxDepth:   c.maxDepth,
	}
	errs := c.errs
	check := func(what string, a Action) {
		if a.kind == actHash && len(a.key) == 0 {
			errs = append(errs, errors.New("redact: "+what+": Hash needs a non-empty key"))
		}
	}
	check("WithAction", r.action)
	// Resolve every rule's action now, so that matching never looks at the
	// default.
	for i := range r.deny.entries {
		e := &r.deny.entries[i]
		check("key "+e.words[0], e.action)
		e.action = e.action.or(r.action)
	}
	for i := range r.paths.rules {
		p := &r.paths.rules[i]
		check("path "+p.raw, p.action)
		p.action = p.action.or(r.action)
	}
	r.sc = scanner{on: c.on, users: c.users, deny: &r.deny, except: &r.except}
	for id := range r.sc.actions {
		check("pattern "+builtins[id].name, c.actions[id])
		r.sc.actions[id] = c.actions[id].or(r.action)
	}
	for i := range r.sc.users {
		u := &r.sc.users[i]
		check("pattern "+u.name, u.action)
		u.action = u.action.or(r.action)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	r.deny.build()
	r.except.build()
	r.allow.build()
	r.sc.build()
	r.walkers.New = func() any { return newWalker(r) }
	r.spans.New = func() any { s := make([]span, 0, 8); return &s }
	r.lines.New = func() any { return new(smallLine) }
	r.cacheable = len(r.paths.rules) == 0 && len(r.allowPaths.rules) == 0 && len(r.deny.entries) < 0xffff-codeDenied
	r.quick = r.cacheable && len(r.sc.users) == 0 && !r.sc.always
	return r, nil
}

var defaultRedactor = func() *Redactor {
	r, err := New()
	if err != nil {
		panic(err) // the defaults always build; a test pins it
	}
	return r
}()

// Default returns the Redactor with the default rules. It is shared: its
// [Redactor.Count] counts the redactions of every user of the default.
func Default() *Redactor { return defaultRedactor }

// Count returns how many values r has redacted so far: fields masked,
// dropped, partly kept or hashed by key or path, and values found by
// patterns (in messages, strings and errors), through cores and plain
// functions alike. A value written to two cores (a tee) counts in each; a
// field added with With counts once. It is safe to call at any time.
func (r *Redactor) Count() uint64 { return r.count.Load() }

// verdict is what the key rules say about a key.
type verdict uint8

const (
	vPass      verdict = iota // the key is fine: look at the value
	vRedact                   // apply the action
	vContainer                // allowlist: an object or array may pass (its keys are checked), a scalar is redacted
)

// judge applies the key rules to key, found under the parent keys.
// The action is nil when the key passes; it points into r's rules (never
// to be modified), which saves copying Actions on the hot path.
func (r *Redactor) judge(parents []string, key string) (verdict, *Action) {
	if !r.cacheable {
		v, a, _ := r.judgeSlow(parents, key)
		return v, a
	}
	return r.judgeCached(key)
}

// Verdict codes kept by the key cache.
const (
	codePass   = 1
	codeAllow  = 2 // redacted by the allowlist: the default action
	codeDenied = 3 // redacted by deny entry code-codeDenied
)

// passes reports whether a top-level key passes the key rules, through
// the cache when it holds the key.
func (r *Redactor) passes(parents []string, key string) bool {
	if r.cacheable {
		if e := r.cachedVerdict(key); e != nil {
			return e.code == codePass
		}
	}
	v, _ := r.judge(parents, key)
	return v == vPass
}

func (r *Redactor) decode(code uint64) (verdict, *Action) {
	switch {
	case code == codePass:
		return vPass, nil
	case code == codeAllow:
		return vRedact, &r.action
	default:
		return vRedact, &r.deny.entries[code-codeDenied].action
	}
}

// judgeSlow applies the rules, returning a cache code too (0 when the
// verdict cannot be cached).
func (r *Redactor) judgeSlow(parents []string, key string) (verdict, *Action, uint64) {
	return r.judgeRules(parents, key, r.allowOn)
}

// judgeLibrary judges a key the library wrote on its own line (an access
// line's http.status, grpc.code): the allowlist, which names the caller's
// keys, does not apply; the deny list, paths and patterns do.
func (r *Redactor) judgeLibrary(parents []string, key string) (verdict, *Action) {
	if !r.allowOn {
		return r.judge(parents, key)
	}
	v, a, _ := r.judgeRules(parents, key, false)
	return v, a
}

// judgeRules applies the rules, the allowlist only when allow is set.
func (r *Redactor) judgeRules(parents []string, key string, allow bool) (verdict, *Action, uint64) {
	if len(r.paths.rules) > 0 {
		if p, ok := r.paths.match(parents, key); ok {
			return vRedact, &p.action, 0
		}
	}
	if e, ok := r.deny.contains(key); ok {
		if _, exempt := r.except.equal(key); !exempt {
			return vRedact, &e.action, codeDenied + uint64(r.deny.index(e))
		}
	}
	if r.keyHoldsSecret(key) {
		// A key is written too: one that holds what a value pattern finds
		// (a map keyed by tokens) is redacted, and written masked
		// (writtenKey).
		return vRedact, &r.action, codeAllow
	}
	if allow {
		if _, ok := r.allow.equal(key); ok {
			return vPass, nil, codePass
		}
		if len(r.allowPaths.rules) > 0 {
			if _, ok := r.allowPaths.match(parents, key); ok {
				return vPass, nil, 0
			}
			if r.allowPaths.leadsTo(parents, key) {
				return vContainer, &r.action, 0
			}
		}
		return vRedact, &r.action, codeAllow
	}
	return vPass, nil, codePass
}

// keyHoldsSecret reports whether the value patterns find something in
// key.
func (r *Redactor) keyHoldsSecret(key string) bool {
	_, n, _ := r.scan(key)
	return n > 0
}

// writtenKey returns key as it may be written: with what the value
// patterns find in it masked.
func (r *Redactor) writtenKey(key string) string {
	out, n, _ := r.scan(key)
	if n == 0 {
		return key
	}
	return out
}

// SensitiveKey reports whether key (a field, header, query parameter or
// metadata key) names a secret under r's rules: it matches the deny list
// (and is not let through by [WithoutDenyKeys]), or, in allowlist mode, it is
// not allowed.
func (r *Redactor) SensitiveKey(key string) bool {
	v, _ := r.judge(nil, key)
	return v != vPass
}

// keyAction returns the action for a key judged sensitive.
func (r *Redactor) keyAction(key string) (Action, bool) {
	v, a := r.judge(nil, key)
	if v == vPass {
		return Action{}, false
	}
	return *a, true
}

// cleanString reports, quickly, that no pattern can match s: false when
// it cannot tell (there are user patterns).
func (r *Redactor) cleanString(s string) bool {
	return !r.sc.userOn && (len(s) < r.sc.minLen || r.sc.cannotMatch(s))
}

// scan returns s with the values r's patterns find replaced, how many it
// found, and whether one of them asks to drop the field. It returns s
// itself, without allocating, when the pre-filter finds no trigger. Values
// are nearly always clean: without user patterns, cannotMatch's quicker
// check goes first.
func (r *Redactor) scan(s string) (string, int, bool) {
	if r.cleanString(s) {
		return s, 0, false
	}
	bits, ok := mayMatch(&r.sc, s)
	if !ok {
		return s, 0, false
	}
	return r.scanBits(s, bits)
}

func (r *Redactor) scanBits(s string, bits uint32) (string, int, bool) {
	// The finders are called through the table of patterns, so a buffer
	// on the stack would escape: the spans come from a pool.
	buf := r.spans.Get().(*[]span)
	spans := r.sc.find(s, bits&^bitDecode, (*buf)[:0])
	if bits&bitDecode != 0 {
		spans = r.sc.findDecoded(s, spans)
	}
	// What is already masked stays as it is (a value redacted twice).
	kept := spans[:0]
	for _, sp := range spans {
		if !isMasked(s[sp.start:sp.end]) {
			kept = append(kept, sp)
		}
	}
	out, n, drop := s, 0, false
	if len(kept) > 0 {
		out, n, drop = replace(s, kept)
	}
	if cap(spans) <= maxPooledSpans {
		*buf = spans[:0]
		r.spans.Put(buf)
	}
	return out, n, drop
}

// maxPooledSpans bounds the span buffers kept for reuse.
const maxPooledSpans = 64

// scanBytes is scan for a byte string; it converts b to a string only
// when the pre-filter finds a trigger.
func (r *Redactor) scanBytes(b []byte) (string, int, bool) {
	bits, ok := mayMatch(&r.sc, bytesText(b))
	if !ok {
		return "", 0, false
	}
	return r.scanBits(string(b), bits)
}

// floatMayHold reports whether a float's written form may hold a card
// number: zap writes floats in full ('f' format), so 4111111111111111.0
// is written as its digits.
func (r *Redactor) floatMayHold(v float64) bool {
	return r.cardOn() && v >= 1e12 && !math.IsInf(v, 1)
}

// scanFloat is scan for the text zap writes for a float of the given
// size; it formats the float only when it may hold a card number.
func (r *Redactor) scanFloat(v float64, bits int) (string, int, bool) {
	if !r.floatMayHold(v) {
		return "", 0, false
	}
	return r.scan(strconv.FormatFloat(v, 'f', -1, bits))
}

// cardOn reports whether integers are checked for card numbers.
func (r *Redactor) cardOn() bool { return r.sc.on&(1<<pCard) != 0 }

// String masks the secrets that r's value patterns find in s (a Drop
// action masks too), and returns s itself, without allocating, when there
// are none.
func (r *Redactor) String(s string) string {
	out, n, _ := r.scan(s)
	if n > 0 {
		r.count.Add(uint64(n))
	}
	return out
}
