package rules

import "unicode/utf8"

// Names of the built-in value patterns; package redact documents each
// (redact.PatternBearer and the others).
const (
	PatternBearer         = "bearer"
	PatternJWT            = "jwt"
	PatternPrivateKey     = "private_key"
	PatternAWSAccessKey   = "aws_access_key"
	PatternCreditCard     = "credit_card"
	PatternURLCredentials = "url_credentials"
	PatternKeyValue       = "key_value"
	PatternEmail          = "email"
	PatternIP             = "ip"
)

// Built-in pattern IDs: the rows of builtins, and bit id of a trigger
// mask.
const (
	pBearer = iota
	pJWT
	pPrivateKey
	pAWS
	pCard
	pURL
	pKeyValue
	pEmail
	pIP
	numBuiltins
)

// A builtin is a built-in value pattern: one row holds all the scanner
// knows of it, and the scanner's tables (trigger bytes, weights, minimum
// lengths, the default set) are derived from the rows. Adding a pattern is
// adding an ID, a row, and its finder.
type builtin struct {
	name string
	on   bool // on by default
	// minLen is the length of the shortest text the pattern matches; when
	// minLenOf is set, it computes it from the scanner (key_value: from the
	// deny list).
	minLen   int
	minLenOf func(sc *scanner) int
	// triggers are the bytes of which a match holds at least one; at, when
	// set, tells whether a trigger byte at s[i] may belong to a match (it
	// only looks). A pattern without triggers is found by digits: a run of
	// 13 or more (credit_card).
	triggers string
	// follow, when set, holds the bytes one of which follows a trigger
	// byte in every match: a cheap first look, taken before at.
	follow string
	// spaced: every match holds a space or a tab, so a trigger byte in a
	// value without one starts nothing (a 'b' in a hex ID). A value's
	// encoded spaces (%20, +) are found through the decoding triggers.
	spaced bool
	at     func(s string, i int) bool
	// confirm, when set, runs on the whole value once a trigger byte was
	// found, so that the finder runs only when it may find something.
	confirm func(sc *scanner, s string) bool
	find    func(sc *scanner, s string, a Action, spans []span) []span
}

// builtins is the table of built-in patterns.
var builtins = [numBuiltins]builtin{
	pBearer: {name: PatternBearer, on: true, minLen: len("basic ") + 8, triggers: "bB", follow: "eEaA", spaced: true, at: bearerTrigger, find: findBearer},
	pJWT: {name: PatternJWT, on: true, minLen: 13, triggers: "J", find: findJWT,
		at: func(s string, i int) bool { return i >= 2 && s[i-1] == 'y' && s[i-2] == 'e' }},
	pPrivateKey: {name: PatternPrivateKey, on: true, minLen: len("-----BEGINPRIVATE KEY-----"), triggers: "-", follow: "-", find: findPrivateKey,
		at: func(s string, i int) bool { return hasPrefixAt(s, i, "-----BEGIN") }},
	pAWS: {name: PatternAWSAccessKey, on: true, minLen: 20, triggers: "A", follow: "KS", find: findAWS,
		at: func(s string, i int) bool {
			return i+3 < len(s) && (s[i+1] == 'K' || s[i+1] == 'S') && s[i+2] == 'I' && s[i+3] == 'A'
		}},
	pCard: {name: PatternCreditCard, on: true, minLen: 13, find: findCards},
	pURL: {name: PatternURLCredentials, on: true, minLen: len("://x@"), triggers: ":", follow: "/", find: findURLCredentials,
		at: func(s string, i int) bool { return hasPrefixAt(s, i, "://") }},
	pKeyValue: {name: PatternKeyValue, on: true, minLenOf: keyValueMinLen, triggers: ":=", confirm: anyKeyValue, find: findKeyValues},
	pEmail:    {name: PatternEmail, minLen: len("a@b.cc"), triggers: "@", find: findEmails},
	pIP: {name: PatternIP, minLen: len("::"), triggers: ":0123456789", find: findIPs,
		// A colon (IPv6), or a digit followed by a dot (IPv4).
		at: func(s string, i int) bool { return s[i] == ':' || i+1 < len(s) && s[i+1] == '.' }},
}

// defaultOn is the set of built-ins on by default.
var defaultOn = func() (on uint32) {
	for id, b := range builtins {
		if b.on {
			on |= 1 << id
		}
	}
	return on
}()

func builtinID(name string) int {
	for i := range builtins {
		if builtins[i].name == name {
			return i
		}
	}
	return -1
}

// bearerTrigger reports whether a 'b' or 'B' at s[i] starts a scheme
// word the bearer pattern follows.
func bearerTrigger(s string, i int) bool {
	if i+1 >= len(s) {
		return false
	}
	if c := lowerASCII(s[i+1]); c != 'e' && c != 'a' {
		return false
	}
	return hasPrefixFold(s, i, "bearer") || hasPrefixFold(s, i, "basic")
}

// keyValueMinLen is the shortest key_value match: the shortest
// deny-listed key, a separator, a value. A key matches an entry when it
// holds all the entry's words, one after another, each equal to one of
// them but for case: it has at least as many bytes as the words have
// runes (a rune folds to a rune of one byte or more).
func keyValueMinLen(sc *scanner) int {
	shortest := 0
	if sc.deny != nil {
		for _, e := range sc.deny.entries {
			n := 0
			for _, w := range e.words {
				n += utf8.RuneCountInString(w)
			}
			if shortest == 0 || n < shortest {
				shortest = n
			}
		}
	}
	if shortest == 0 {
		return len("x=x")
	}
	return shortest + 2
}
