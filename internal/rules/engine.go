package rules

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"sync"
	"sync/atomic"
)

// A Config collects rules before an [Engine] is built from it: the key deny
// list and its exceptions, key paths, value patterns, the allowlist, and
// the default action. Package redact's options fill it.
type Config struct {
	deny, except keySet
	paths        pathSet
	allowOn      bool
	allow        keySet
	allowPaths   pathSet
	on           uint32
	actions      [numBuiltins]Action
	users        []userPattern
	action       Action
	errs         []error
}

// NewConfig returns the default rules: the default deny list, the
// patterns on by default, and [MaskAction].
func NewConfig() *Config {
	c := &Config{on: defaultOn, action: MaskAction()}
	for _, k := range defaultKeys {
		c.deny.add(k, Action{})
	}
	return c
}

// Fail records an error that New reports.
func (c *Config) Fail(err error) { c.errs = append(c.errs, err) }

// AddKey adds key to the deny list with action a (replacing an entry with
// the same words), and takes it off the exceptions.
func (c *Config) AddKey(key string, a Action) {
	if !c.deny.add(key, a) {
		c.Fail(fmt.Errorf("redact: key %q has no letters or digits", key))
		return
	}
	c.except.remove(key)
}

// ExceptKey removes key from the deny list and lets keys with exactly its
// words pass the key rules.
func (c *Config) ExceptKey(key string) {
	c.deny.remove(key)
	c.except.add(key, Action{})
}

// AddPath adds a key path rule with action a.
func (c *Config) AddPath(p string, a Action) {
	r, ok := parsePath(p)
	if !ok {
		c.Fail(fmt.Errorf("redact: path %q has no keys", p))
		return
	}
	r.action = a
	c.paths.add(r)
}

// AddPattern adds (or replaces, by name) a value pattern with action a; a
// nil re turns on the built-in pattern called name.
func (c *Config) AddPattern(name string, re *regexp.Regexp, a Action) {
	if re == nil {
		if id := builtinID(name); id >= 0 {
			c.on |= 1 << id
			c.actions[id] = a
			return
		}
		c.Fail(fmt.Errorf("redact: pattern %q: nil regexp (and not a built-in pattern)", name))
		return
	}
	prefix, _ := re.LiteralPrefix()
	u := userPattern{name: name, re: re, prefix: prefix, group: re.NumSubexp() > 0, action: a}
	for i := range c.users {
		if c.users[i].name == name {
			c.users[i] = u
			return
		}
	}
	c.users = append(c.users, u)
}

// RemovePattern turns off the pattern called name, built-in or added.
func (c *Config) RemovePattern(name string) {
	if id := builtinID(name); id >= 0 {
		c.on &^= 1 << id
		return
	}
	for i := range c.users {
		if c.users[i].name == name {
			c.users = append(c.users[:i], c.users[i+1:]...)
			return
		}
	}
	c.Fail(fmt.Errorf("redact: WithoutPatterns: unknown pattern %q", name))
}

// Allow turns on allowlist mode and adds keys (and paths) to the
// allowlist.
func (c *Config) Allow(keys ...string) {
	c.allowOn = true
	for _, k := range keys {
		if c.allow.add(k, Action{}) {
			if r, ok := parsePath(k); ok && len(r.segs) > 1 {
				c.allowPaths.add(r)
			}
		}
	}
}

// SetAction replaces the default action; the zero Action keeps it.
func (c *Config) SetAction(a Action) {
	if a.kind != actDefault {
		c.action = a
	}
}

// An Engine applies a set of rules, with no knowledge of zap: it judges
// keys (through a bounded verdict cache keyed by content), finds values by
// pattern, and counts what it redacts. Package redact's core asks it one
// question per key and per value; its plain functions (headers, queries,
// metadata, text) are the Engine's. It is safe for concurrent use and
// never changes once built.
type Engine struct {
	deny, except keySet
	paths        pathSet
	allowOn      bool
	allow        keySet
	allowPaths   pathSet
	sc           scanner
	action       Action // never the zero Action

	count atomic.Uint64
	spans sync.Pool // *[]span, for scanBits

	// cacheable: no path rules, so a key's verdict depends on the key only.
	cacheable bool
	// quick: cacheable and no user patterns, so a line of scalars can be
	// found clean in one pass from the cache and the pre-filter.
	quick    bool
	verdicts verdictCache
}

// New builds an Engine from c. It fails on the errors c recorded and on a
// [Hash] action without a key.
func New(c *Config) (*Engine, error) {
	r := &Engine{
		deny:       c.deny,
		except:     c.except,
		paths:      c.paths,
		allowOn:    c.allowOn,
		allow:      c.allow,
		allowPaths: c.allowPaths,
		action:     c.action,
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
		e.action = e.action.Or(r.action)
	}
	for i := range r.paths.rules {
		p := &r.paths.rules[i]
		check("path "+p.raw, p.action)
		p.action = p.action.Or(r.action)
	}
	r.sc = scanner{on: c.on, users: c.users, deny: &r.deny, except: &r.except}
	for id := range r.sc.actions {
		check("pattern "+builtins[id].name, c.actions[id])
		r.sc.actions[id] = c.actions[id].Or(r.action)
	}
	for i := range r.sc.users {
		u := &r.sc.users[i]
		check("pattern "+u.name, u.action)
		u.action = u.action.Or(r.action)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	r.deny.build()
	r.except.build()
	r.allow.build()
	r.sc.build()
	r.spans.New = func() any { s := make([]span, 0, 8); return &s }
	r.cacheable = len(r.paths.rules) == 0 && len(r.allowPaths.rules) == 0 && len(r.deny.entries) < 0xffff-codeDenied
	r.quick = r.cacheable && len(r.sc.users) == 0 && !r.sc.always
	return r, nil
}

// Count returns how many values the Engine has redacted so far.
func (r *Engine) Count() uint64 { return r.count.Load() }

// AddCount adds n redactions to the count.
func (r *Engine) AddCount(n int) {
	if n > 0 {
		r.count.Add(uint64(n))
	}
}

// Quick reports whether a line of scalars may be found clean in one pass:
// no path rules (verdicts depend on keys alone) and no added patterns.
func (r *Engine) Quick() bool { return r.quick }

// AllowOn reports whether allowlist mode is on.
func (r *Engine) AllowOn() bool { return r.allowOn }

// DefaultAction returns the default action (never the zero Action).
func (r *Engine) DefaultAction() Action { return r.action }

// CardAction returns the action of the credit_card pattern.
func (r *Engine) CardAction() Action { return r.sc.actions[pCard] }

// CannotMatch reports, quickly, that no pattern can match s.
func (r *Engine) CannotMatch(s string) bool { return len(s) < r.sc.minLen || r.sc.cannotMatch(s) }

// verdict is what the key rules say about a key.
type Verdict uint8

const (
	Pass      Verdict = iota // the key is fine: look at the value
	Redact                   // apply the action
	Container                // allowlist: an object or array may pass (its keys are checked), a scalar is redacted
)

// judge applies the key rules to key, found under the parent keys.
// The action is nil when the key passes; it points into r's rules (never
// to be modified), which saves copying Actions on the hot path.
func (r *Engine) Judge(parents []string, key string) (Verdict, *Action) {
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
func (r *Engine) Passes(parents []string, key string) bool {
	if r.cacheable {
		if e := r.cachedVerdict(key); e != nil {
			return e.code == codePass
		}
	}
	v, _ := r.Judge(parents, key)
	return v == Pass
}

func (r *Engine) decode(code uint64) (Verdict, *Action) {
	switch {
	case code == codePass:
		return Pass, nil
	case code == codeAllow:
		return Redact, &r.action
	default:
		return Redact, &r.deny.entries[code-codeDenied].action
	}
}

// judgeSlow applies the rules, returning a cache code too (0 when the
// Verdict cannot be cached).
func (r *Engine) judgeSlow(parents []string, key string) (Verdict, *Action, uint64) {
	return r.judgeRules(parents, key, r.allowOn)
}

// judgeLibrary judges a key the library wrote on its own line (an access
// line's http.status, grpc.code): the allowlist, which names the caller's
// keys, does not apply; the deny list, paths and patterns do.
func (r *Engine) JudgeLibrary(parents []string, key string) (Verdict, *Action) {
	if !r.allowOn {
		return r.Judge(parents, key)
	}
	v, a, _ := r.judgeRules(parents, key, false)
	return v, a
}

// judgeRules applies the rules, the allowlist only when allow is set.
func (r *Engine) judgeRules(parents []string, key string, allow bool) (Verdict, *Action, uint64) {
	if len(r.paths.rules) > 0 {
		if p, ok := r.paths.match(parents, key); ok {
			return Redact, &p.action, 0
		}
	}
	if e, ok := r.deny.contains(key); ok {
		if _, exempt := r.except.equal(key); !exempt {
			return Redact, &e.action, codeDenied + uint64(r.deny.index(e))
		}
	}
	if r.keyHoldsSecret(key) {
		// A key is written too: one that holds what a value pattern finds
		// (a map keyed by tokens) is redacted, and written masked
		// (writtenKey).
		return Redact, &r.action, codeAllow
	}
	if allow {
		if _, ok := r.allow.equal(key); ok {
			return Pass, nil, codePass
		}
		if len(r.allowPaths.rules) > 0 {
			if _, ok := r.allowPaths.match(parents, key); ok {
				return Pass, nil, 0
			}
			if r.allowPaths.leadsTo(parents, key) {
				return Container, &r.action, 0
			}
		}
		return Redact, &r.action, codeAllow
	}
	return Pass, nil, codePass
}

// keyHoldsSecret reports whether the value patterns find something in
// key.
func (r *Engine) keyHoldsSecret(key string) bool {
	_, n, _ := r.Scan(key)
	return n > 0
}

// writtenKey returns key as it may be written: with what the value
// patterns find in it masked.
func (r *Engine) WrittenKey(key string) string {
	out, n, _ := r.Scan(key)
	if n == 0 {
		return key
	}
	return out
}

// SensitiveKey reports whether key (a field, header, query parameter or
// metadata key) names a secret under r's rules: it matches the deny list
// (and is not let through by [WithoutDenyKeys]), or, in allowlist mode, it is
// not allowed.
func (r *Engine) SensitiveKey(key string) bool {
	v, _ := r.Judge(nil, key)
	return v != Pass
}

// keyAction returns the action for a key judged sensitive.
func (r *Engine) KeyAction(key string) (Action, bool) {
	v, a := r.Judge(nil, key)
	if v == Pass {
		return Action{}, false
	}
	return *a, true
}

// cleanString reports, quickly, that no pattern can match s: false when
// it cannot tell (there are user patterns).
func (r *Engine) CleanString(s string) bool {
	return !r.sc.userOn && (len(s) < r.sc.minLen || r.sc.cannotMatch(s))
}

// scan returns s with the values r's patterns find replaced, how many it
// found, and whether one of them asks to drop the field. It returns s
// itself, without allocating, when the pre-filter finds no trigger. Values
// are nearly always clean: without user patterns, cannotMatch's quicker
// check goes first.
func (r *Engine) Scan(s string) (string, int, bool) {
	if r.CleanString(s) {
		return s, 0, false
	}
	bits, ok := mayMatch(&r.sc, s)
	if !ok {
		return s, 0, false
	}
	return r.scanBits(s, bits)
}

func (r *Engine) scanBits(s string, bits uint32) (string, int, bool) {
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
func (r *Engine) ScanBytes(b []byte) (string, int, bool) {
	bits, ok := mayMatch(&r.sc, bytesText(b))
	if !ok {
		return "", 0, false
	}
	return r.scanBits(string(b), bits)
}

// floatMayHold reports whether a float's written form may hold a card
// number: zap writes floats in full ('f' format), so 4111111111111111.0
// is written as its digits.
func (r *Engine) floatMayHold(v float64) bool {
	return r.CardOn() && v >= 1e12 && !math.IsInf(v, 1)
}

// scanFloat is scan for the text zap writes for a float of the given
// size; it formats the float only when it may hold a card number.
func (r *Engine) ScanFloat(v float64, bits int) (string, int, bool) {
	if !r.floatMayHold(v) {
		return "", 0, false
	}
	return r.Scan(strconv.FormatFloat(v, 'f', -1, bits))
}

// cardOn reports whether integers are checked for card numbers.
func (r *Engine) CardOn() bool { return r.sc.on&(1<<pCard) != 0 }

// String masks the secrets that r's value patterns find in s (a Drop
// action masks too), and returns s itself, without allocating, when there
// are none.
func (r *Engine) String(s string) string {
	out, n, _ := r.Scan(s)
	if n > 0 {
		r.count.Add(uint64(n))
	}
	return out
}

// minBase64 is the shortest string checked as base64.
const minBase64 = 12

// ScanEncoded is Scan for the strings of a JSON payload: when the patterns
// find nothing in s and s is base64 (standard or URL alphabet), the bytes
// it encodes are scanned, and s is replaced by the base64 of the masked
// bytes.
func (r *Engine) ScanEncoded(s string) (string, int, bool) {
	out, n, drop := r.Scan(s)
	if n > 0 || len(s) < minBase64 {
		return out, n, drop
	}
	for _, enc := range [...]*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		masked, n, drop := r.ScanBytes(b)
		if n == 0 {
			return s, 0, false
		}
		return enc.EncodeToString([]byte(masked)), n, drop
	}
	return s, 0, false
}

// FloatMayHold reports whether a float's written form may hold a card
// number (see ScanFloat).
func (r *Engine) FloatMayHold(v float64) bool { return r.floatMayHold(v) }

// IsCard reports whether digits (13 to 19 of them) make a card number.
func IsCard(digits []byte) bool { return isCard(digits) }

// CardInt reports whether an integer is a card number.
func CardInt(neg bool, u uint64) bool { return cardInt(neg, u) }

// MayBeCard reports whether an integer may be a card number: it is not
// negative and has 13 digits or more. Small enough to inline, it spares
// most integers the call to CardInt.
func MayBeCard(neg bool, u uint64) bool { return !neg && u >= 1e12 }

// NumberCard reports whether the text of a JSON number is a card number.
func NumberCard(s string) bool {
	return len(s) >= 13 && len(s) <= 19 && isDigits(s) && isCard([]byte(s))
}
