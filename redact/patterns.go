package redact

// Names of the built-in value patterns, for [WithoutPatterns] and
// [Pattern]. All are on by default except [PatternEmail] and [PatternIP].
const (
	// PatternBearer finds the credentials after "Bearer" or "Basic" (any
	// case) when they look like one: 8 or more token characters with a
	// digit, a symbol or an inner capital ("Basic information" is left
	// alone). The scheme word is kept.
	PatternBearer = "bearer"
	// PatternJWT finds JSON Web Tokens: "eyJ" and base64url parts joined
	// by dots.
	PatternJWT = "jwt"
	// PatternPrivateKey finds PEM private key blocks, from
	// "-----BEGIN ... PRIVATE KEY-----" to the matching END line (or the end
	// of the text when it is cut).
	PatternPrivateKey = "private_key"
	// PatternAWSAccessKey finds AWS access key IDs: AKIA or ASIA and 16 or
	// more capitals and digits.
	PatternAWSAccessKey = "aws_access_key"
	// PatternCreditCard finds card numbers: 13 to 19 digits, optionally in
	// groups separated by single spaces or dashes, starting with 2 to 6 and
	// passing the Luhn check, so that most order numbers and IDs are not
	// taken for cards. It also applies to integer fields.
	PatternCreditCard = "credit_card"
	// PatternURLCredentials finds the user information of URLs: the
	// password of scheme://user:password@host, or the whole user part
	// when there is no password (tokens used as user names).
	PatternURLCredentials = "url_credentials"
	// PatternKeyValue finds values written after a deny-listed key in
	// text: password=hunter2, "token": "abc", x-api-key: abc, and query
	// strings inside messages. The value ends at a space, quote or one of
	// , ; & ) ] } < >; a quoted value ends at its closing quote.
	PatternKeyValue = "key_value"
	// PatternEmail finds e-mail addresses. Off by default: see [WithEmails].
	PatternEmail = "email"
	// PatternIP finds IPv4 and IPv6 addresses. Off by default: see
	// [WithIPs].
	PatternIP = "ip"
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
	at       func(s string, i int) bool
	// confirm, when set, runs on the whole value once a trigger byte was
	// found, so that the finder runs only when it may find something.
	confirm func(sc *scanner, s string) bool
	find    func(sc *scanner, s string, a Action, spans []span) []span
}

// builtins is the table of built-in patterns.
var builtins = [numBuiltins]builtin{
	pBearer: {name: PatternBearer, on: true, minLen: len("basic ") + 8, triggers: "bB", at: bearerTrigger, find: findBearer},
	pJWT: {name: PatternJWT, on: true, minLen: 13, triggers: "J", find: findJWT,
		at: func(s string, i int) bool { return i >= 2 && s[i-1] == 'y' && s[i-2] == 'e' }},
	pPrivateKey: {name: PatternPrivateKey, on: true, minLen: len("-----BEGINPRIVATE KEY-----"), triggers: "-", find: findPrivateKey,
		at: func(s string, i int) bool { return hasPrefixAt(s, i, "-----BEGIN") }},
	pAWS: {name: PatternAWSAccessKey, on: true, minLen: 20, triggers: "A", find: findAWS,
		at: func(s string, i int) bool {
			return i+3 < len(s) && (s[i+1] == 'K' || s[i+1] == 'S') && s[i+2] == 'I' && s[i+3] == 'A'
		}},
	pCard: {name: PatternCreditCard, on: true, minLen: 13, find: findCards},
	pURL: {name: PatternURLCredentials, on: true, minLen: len("://x@"), triggers: ":", find: findURLCredentials,
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
// deny-listed word, a separator, a value.
func keyValueMinLen(sc *scanner) int {
	shortest := 0
	if sc.deny != nil {
		for _, e := range sc.deny.entries {
			for _, w := range e.words {
				if shortest == 0 || len(w) < shortest {
					shortest = len(w)
				}
			}
		}
	}
	if shortest == 0 {
		return len("x=x")
	}
	return shortest + 2
}
