package redact

import (
	"net/netip"
	"regexp"
	"strings"
)

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

// Built-in pattern IDs; bit i of a trigger mask stands for builtins[i].
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

var builtinNames = [numBuiltins]string{
	pBearer:     PatternBearer,
	pJWT:        PatternJWT,
	pPrivateKey: PatternPrivateKey,
	pAWS:        PatternAWSAccessKey,
	pCard:       PatternCreditCard,
	pURL:        PatternURLCredentials,
	pKeyValue:   PatternKeyValue,
	pEmail:      PatternEmail,
	pIP:         PatternIP,
}

// defaultOn is the set of built-ins on by default.
const defaultOn = 1<<pBearer | 1<<pJWT | 1<<pPrivateKey | 1<<pAWS | 1<<pCard | 1<<pURL | 1<<pKeyValue

func builtinID(name string) int {
	for i, n := range builtinNames {
		if n == name {
			return i
		}
	}
	return -1
}

// Trigger classes of bytes for the pre-filter.
const (
	tNone uint8 = iota
	tJ
	tUpperA
	tDash
	tB
	tDigit
	tColon
	tEqual
	tAt
	tPercent
	tPlus
)

// bitDecode, in a trigger mask, says that the value holds percent-encoded
// text: the patterns also run on its decoded form (see findDecoded).
const bitDecode = 1 << 31

// A userPattern is a regexp added with WithPattern.
type userPattern struct {
	name   string
	re     *regexp.Regexp
	prefix string // literal prefix, the pre-filter; "" runs re on every value
	group  bool   // mask the first group rather than the whole match
	action Action
}

// scanner finds values by pattern. A single pass over the bytes of a value
// (the pre-filter) decides which patterns can match, looking for their
// trigger bytes and prefixes; only those run, so a value with no trigger
// costs one table lookup per byte.
type scanner struct {
	class [256]uint8
	// weights give each byte what cannotMatch adds up: weightTrigger for
	// a trigger byte, 1 for a digit when credit_card is on. A value of
	// length n uses weights[min(n, maxBand)]; lengths with the same
	// trigger classes share a table.
	weights [maxBand + 1]*[256]uint32
	on      uint32 // built-ins turned on
	actions [numBuiltins]Action
	users   []userPattern
	always  bool    // a user pattern has no literal prefix
	userOn  bool    // there are user patterns
	minLen  int     // no pattern matches a shorter value
	deny    *keySet // for key_value
	except  *keySet // for key_value
}

func (sc *scanner) build() {
	sc.class = [256]uint8{}
	if sc.on&(1<<pJWT) != 0 {
		sc.class['J'] = tJ
	}
	if sc.on&(1<<pAWS) != 0 {
		sc.class['A'] = tUpperA
	}
	if sc.on&(1<<pPrivateKey) != 0 {
		sc.class['-'] = tDash
	}
	if sc.on&(1<<pBearer) != 0 {
		sc.class['b'], sc.class['B'] = tB, tB
	}
	if sc.on&(1<<pIP) != 0 {
		for c := '0'; c <= '9'; c++ {
			sc.class[c] = tDigit
		}
	}
	if sc.on&(1<<pURL|1<<pKeyValue|1<<pIP) != 0 {
		sc.class[':'] = tColon
	}
	if sc.on&(1<<pKeyValue) != 0 {
		sc.class['='] = tEqual
	}
	if sc.on&(1<<pEmail) != 0 {
		sc.class['@'] = tAt
	}
	// Any pattern may hide behind percent- or form-encoding.
	sc.class['%'] = tPercent
	sc.class['+'] = tPlus
	sc.always = false
	sc.userOn = len(sc.users) > 0
	for _, u := range sc.users {
		if u.prefix == "" {
			sc.always = true
		}
	}
	// The shortest text each pattern can match.
	minLens := [numBuiltins]int{
		pBearer:     len("basic ") + 8,
		pJWT:        13,
		pPrivateKey: len("-----BEGINPRIVATE KEY-----"),
		pAWS:        20,
		pCard:       13,
		pURL:        len("://x@"),
		pKeyValue:   len("x=x"),
		pEmail:      len("a@b.cc"),
		pIP:         len("::"), // the unspecified IPv6 address
	}
	if sc.deny != nil {
		// key_value: the shortest deny-listed word, a separator, a value.
		shortest := 0
		for _, e := range sc.deny.entries {
			for _, w := range e.words {
				if shortest == 0 || len(w) < shortest {
					shortest = len(w)
				}
			}
		}
		minLens[pKeyValue] = shortest + 2
	}
	sc.minLen = 1 << 30
	for id, n := range minLens {
		if sc.on&(1<<id) != 0 && n < sc.minLen {
			sc.minLen = n
		}
	}
	if len(sc.users) > 0 {
		sc.minLen = 1
	}
	sc.buildWeights(&minLens)
}

// classPatterns are the patterns a byte of each trigger class may start.
var classPatterns = [...]uint32{
	tJ:      1 << pJWT,
	tUpperA: 1 << pAWS,
	tDash:   1 << pPrivateKey,
	tB:      1 << pBearer,
	tDigit:  1 << pIP,
	tColon:  1<<pURL | 1<<pKeyValue | 1<<pIP,
	tEqual:  1 << pKeyValue,
	tAt:     1 << pEmail,
	// What percent-encoding hides may be any pattern.
	tPercent: 1<<numBuiltins - 1,
	tPlus:    1<<numBuiltins - 1,
}

// maxBand is the length from which every trigger class counts.
const maxBand = 32

// buildWeights builds the weight tables of cannotMatch, one per band of
// value lengths: a trigger byte counts only in values long enough for one
// of the patterns it may start (minLens) to match; an 'A' in a 12-byte
// name starts no AWS key. Lengths with the same classes share a table.
func (sc *scanner) buildWeights(minLens *[numBuiltins]int) {
	var classMin [len(classPatterns)]int
	for t, bits := range classPatterns {
		classMin[t] = 1 << 30
		for id := range numBuiltins {
			if bits&sc.on&(1<<id) != 0 {
				classMin[t] = min(classMin[t], minLens[id])
			}
		}
	}
	var last *[256]uint32
	for n := 0; n <= maxBand; n++ {
		var w [256]uint32
		for c, t := range sc.class {
			if t != tNone && n >= classMin[t] {
				w[c] = weightTrigger
			}
		}
		if sc.on&(1<<pCard) != 0 {
			for c := '0'; c <= '9'; c++ {
				w[c]++
			}
		}
		if last == nil || *last != w {
			last = &w
		}
		sc.weights[n] = last
	}
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// isDigits reports whether s is one or more digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return s != ""
}

func hasPrefixFold[T string | []byte](s T, i int, lower string) bool {
	if len(s)-i < len(lower) {
		return false
	}
	for j := 0; j < len(lower); j++ {
		if lowerASCII(s[i+j]) != lower[j] {
			return false
		}
	}
	return true
}

func hasPrefixAt[T string | []byte](s T, i int, p string) bool {
	if len(s)-i < len(p) {
		return false
	}
	for j := 0; j < len(p); j++ {
		if s[i+j] != p[j] {
			return false
		}
	}
	return true
}

// triggers returns the built-in patterns that may match s: the pre-filter.
// It looks at eight bytes at a time through the class table; only a block
// holding a trigger byte is looked at byte by byte. The last block of a
// value whose length is not a multiple of eight overlaps the one before:
// looking at a byte twice only sets the same bits again. Digits are looked
// at only every 13th byte (a card number is a run of 13 or more digits and
// separators, so it covers one of those bytes).
func triggers[T string | []byte](sc *scanner, s T) uint32 {
	var bits uint32
	class := &sc.class
	n := len(s)
	if n < 8 {
		for i := 0; i < n; i++ {
			if t := class[s[i]]; t != tNone {
				bits |= trigger(s, i, t)
			}
		}
	} else {
		for i := 0; ; i += 8 {
			if i+8 > n {
				i = n - 8
			}
			b := s[i : i+8]
			if class[b[0]]|class[b[1]]|class[b[2]]|class[b[3]]|class[b[4]]|class[b[5]]|class[b[6]]|class[b[7]] != tNone {
				bits |= blockTriggers(sc, s, i)
			}
			if i+8 == n {
				break
			}
		}
	}
	if sc.on&(1<<pCard) != 0 && n >= 13 && cardRun(s) {
		bits |= 1 << pCard
	}
	if bits&(1<<pKeyValue) != 0 && sc.on&(1<<pKeyValue) != 0 {
		// Most '=' and ':' follow ordinary keys: check now rather than in
		// a second pass.
		if !anyKeyValue(sc, s) {
			bits &^= 1 << pKeyValue
		}
	}
	return bits & (sc.on | bitDecode)
}

// weightTrigger is a trigger byte's weight: cannotMatch's sum holds the
// number of trigger bytes above it and the number of digits below it.
const weightTrigger = 1 << 16

// cannotMatch reports that no pattern, built-in or added, can match s.
// With user patterns it runs the pre-filter. Otherwise it adds up the
// weights of the bytes, eight at a time without a branch per block: a
// value with no trigger byte and fewer than 13 digits (no card number
// fits) is clean at once. Trigger bytes mostly start nothing (a 'b' in a hex ID, a ':' in a
// URL), so each is looked at before the full pre-filter runs; digits are
// looked at for a card number only when there are 13 or more.
func (sc *scanner) cannotMatch(s string) bool {
	if sc.userOn {
		_, may := mayMatch(sc, s)
		return !may
	}
	n := len(s)
	if n >= weightTrigger {
		// The digit count could overflow into the trigger count.
		return triggers(sc, s) == 0
	}
	w := sc.weights[min(n, maxBand)]
	var sum uint32
	i := 0
	for ; i+8 <= n; i += 8 {
		b := s[i : i+8]
		sum += w[b[0]] + w[b[1]] + w[b[2]] + w[b[3]] + w[b[4]] + w[b[5]] + w[b[6]] + w[b[7]]
	}
	if n-i >= 4 {
		b := s[i : i+4]
		sum += w[b[0]] + w[b[1]] + w[b[2]] + w[b[3]]
		i += 4
	}
	if n-i >= 2 {
		b := s[i : i+2]
		sum += w[b[0]] + w[b[1]]
		i += 2
	}
	if i < n {
		sum += w[s[i]]
	}
	if left := sum / weightTrigger; left > 0 {
		for j := 0; j < n; j++ {
			if w[s[j]] >= weightTrigger {
				if trigger(s, j, sc.class[s[j]]) != 0 {
					return triggers(sc, s) == 0
				}
				if left--; left == 0 {
					break // the last trigger byte
				}
			}
		}
	}
	return sum%weightTrigger < 13 || !cardRun(s)
}

// blockTriggers returns the patterns that the trigger bytes of s[i:i+8]
// may start.
func blockTriggers[T string | []byte](sc *scanner, s T, i int) uint32 {
	var bits uint32
	for j := i; j < i+8; j++ {
		if t := sc.class[s[j]]; t != tNone {
			bits |= trigger(s, j, t)
		}
	}
	return bits
}

// trigger returns the patterns that may match around s[i], a byte of
// class t. It only looks, so calling it twice for a byte is harmless.
func trigger[T string | []byte](s T, i int, t uint8) uint32 {
	switch t {
	case tJ:
		if i >= 2 && s[i-1] == 'y' && s[i-2] == 'e' {
			return 1 << pJWT
		}
	case tUpperA:
		if i+3 < len(s) && (s[i+1] == 'K' || s[i+1] == 'S') && s[i+2] == 'I' && s[i+3] == 'A' {
			return 1 << pAWS
		}
	case tDash:
		if hasPrefixAt(s, i, "-----BEGIN") {
			return 1 << pPrivateKey
		}
	case tB:
		if i+1 >= len(s) {
			return 0
		}
		if c := lowerASCII(s[i+1]); c != 'e' && c != 'a' {
			return 0
		}
		if hasPrefixFold(s, i, "bearer") || hasPrefixFold(s, i, "basic") {
			return 1 << pBearer
		}
	case tDigit:
		// IPs on: a run of digits followed by a dot, so a digit with a
		// dot after it.
		if i+1 < len(s) && s[i+1] == '.' {
			return 1 << pIP
		}
	case tColon:
		if hasPrefixAt(s, i, "://") {
			return 1<<pURL | 1<<pKeyValue | 1<<pIP
		}
		return 1<<pKeyValue | 1<<pIP
	case tEqual:
		return 1 << pKeyValue
	case tAt:
		return 1 << pEmail
	case tPercent:
		if i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			return bitDecode
		}
	case tPlus:
		// A space in form encoding: between two words (Bearer+abc).
		if i > 0 && i+1 < len(s) && isAlnum(s[i-1]) && isAlnum(s[i+1]) {
			return bitDecode
		}
	}
	return 0
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// maxDecodes bounds how many layers of percent-encoding are undone
// (%253D is '=' encoded twice).
const maxDecodes = 3

// percentDecode decodes %XX escapes and '+' (form encoding) in s. It
// returns the decoded text and, for each of its bytes and its end, the
// offset in s it comes from; ok is false when s has neither.
func percentDecode(s string) (dec string, from []int, ok bool) {
	b := make([]byte, 0, len(s))
	from = make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			from = append(from, i)
			i += 3
			ok = true
			continue
		case c == '+':
			c = ' '
			ok = true
		}
		b = append(b, c)
		from = append(from, i)
		i++
	}
	from = append(from, len(s))
	return string(b), from, ok
}

// findDecoded appends the spans of s that the patterns match in its
// percent-decoded form (up to maxDecodes layers), mapped back to s: a
// secret sent encoded (next=https%3A%2F%2Fapp%3Ftoken%3Dabc,
// user%5Bpassword%5D=x) is masked where it is written.
func (sc *scanner) findDecoded(s string, spans []span) []span {
	cur, toS := s, []int(nil)
	for range maxDecodes {
		dec, from, ok := percentDecode(cur)
		if !ok {
			break
		}
		if toS != nil {
			for k, o := range from {
				from[k] = toS[o]
			}
		}
		bits, may := mayMatch(sc, dec)
		if may {
			for _, sp := range sc.find(dec, bits&^bitDecode, nil) {
				spans = append(spans, span{from[sp.start], from[sp.end], sp.action})
			}
		}
		if bits&bitDecode == 0 && !sc.always {
			break
		}
		cur, toS = dec, from
	}
	return spans
}

// inRun reports whether s[k] belongs to a run of digits with single
// space or dash separators between them.
func inRun[T string | []byte](s T, k int) bool {
	c := s[k]
	if isDigitByte(c) {
		return true
	}
	return (c == ' ' || c == '-') && k > 0 && k+1 < len(s) && isDigitByte(s[k-1]) && isDigitByte(s[k+1])
}

// cardRun reports whether s has a run of 13 or more digits (with single
// separators), looking only at every 13th byte and around those that are
// in a run.
func cardRun[T string | []byte](s T) bool {
	for p := 12; p < len(s); p += 13 {
		if !inRun(s, p) {
			continue
		}
		l, r := p, p+1
		for l > 0 && inRun(s, l-1) {
			l--
		}
		for r < len(s) && inRun(s, r) {
			r++
		}
		if r-l < 13 {
			continue
		}
		digits := 0
		for k := l; k < r; k++ {
			if isDigitByte(s[k]) {
				digits++
			}
		}
		if digits >= 13 {
			return true
		}
		for p+13 < r {
			p += 13
		}
	}
	return false
}

// escapedMask is Mask as Query writes it in a query string.
const escapedMask = "%5BREDACTED%5D"

// isMasked reports whether text is a mask already.
func isMasked(text string) bool { return text == Mask || text == escapedMask }

// A span is a part of a value to replace.
type span struct {
	start, end int
	action     Action
}

// find appends the spans of s that the patterns match. It runs the
// built-ins in bits and the user patterns whose prefix is in s.
func (sc *scanner) find(s string, bits uint32, spans []span) []span {
	for id := 0; id < numBuiltins; id++ {
		if bits&(1<<id) == 0 {
			continue
		}
		a := sc.actions[id]
		switch id {
		case pBearer:
			spans = findBearer(s, a, spans)
		case pJWT:
			spans = findJWT(s, a, spans)
		case pPrivateKey:
			spans = findPrivateKey(s, a, spans)
		case pAWS:
			spans = findAWS(s, a, spans)
		case pCard:
			spans = findCards(s, a, spans)
		case pURL:
			spans = findURLCredentials(s, a, spans)
		case pKeyValue:
			spans = findKeyValues(sc, s, a, spans)
		case pEmail:
			spans = findEmails(s, a, spans)
		case pIP:
			spans = findIPs(s, a, spans)
		}
	}
	for i := range sc.users {
		u := &sc.users[i]
		if u.prefix != "" && !strings.Contains(s, u.prefix) {
			continue
		}
		for _, m := range u.re.FindAllStringSubmatchIndex(s, -1) {
			start, end := m[0], m[1]
			if u.group && len(m) >= 4 {
				start, end = m[2], m[3]
			}
			if start >= 0 && end > start {
				spans = append(spans, span{start, end, u.action})
			}
		}
	}
	return spans
}

// mayMatch reports whether any pattern could match s (the pre-filter),
// returning the built-ins to run.
func mayMatch[T string | []byte](sc *scanner, s T) (uint32, bool) {
	if len(s) < sc.minLen {
		return 0, false
	}
	bits := triggers(sc, s)
	if bits != 0 || sc.always {
		return bits, true
	}
	for i := range sc.users {
		if containsT(s, sc.users[i].prefix) {
			return 0, true
		}
	}
	return 0, false
}

func containsT[T string | []byte](s T, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if hasPrefixAt(s, i, sub) {
			return true
		}
	}
	return false
}

// replace writes s with spans replaced. Overlapping spans merge; a merged
// span drops when any of its parts drops, and masks when its parts' actions
// differ. It returns the new text, the number of spans after merging, and
// whether the value should be dropped (a Drop span covers all of it).
func replace(s string, spans []span) (string, int, bool) {
	// Insertion sort by start: there are few spans.
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].start < spans[j-1].start; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	merged := spans[:0]
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp.start < merged[n-1].end {
			last := &merged[n-1]
			if sp.end > last.end {
				last.end = sp.end
			}
			switch {
			case sp.action.drop() || last.action.drop():
				last.action = Drop()
			case sp.action.kind != last.action.kind || sp.action.n != last.action.n:
				last.action = MaskAction()
			}
			continue
		}
		merged = append(merged, sp)
	}
	var b strings.Builder
	b.Grow(len(s) + len(merged)*len(Mask))
	drop := false
	prev := 0
	for _, sp := range merged {
		b.WriteString(s[prev:sp.start])
		if sp.action.drop() {
			// Drop removes a value that is the secret whole; a secret
			// inside text is masked in place, so the rest of the text (an
			// error message) stays.
			drop = drop || sp.start == 0 && sp.end == len(s)
			b.WriteString(Mask)
		} else {
			b.WriteString(sp.action.apply(s[sp.start:sp.end]))
		}
		prev = sp.end
	}
	b.WriteString(s[prev:])
	return b.String(), len(merged), drop
}

// --- built-in finders. Each appends the spans it finds in s. ---

func isTokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '-'
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// credentialLike reports whether tok looks like a credential rather than a
// word: 8 bytes or more, with a digit, a symbol or a capital after the
// first byte.
func credentialLike(tok string) bool {
	if len(tok) < 8 {
		return false
	}
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if isDigitByte(c) || !isAlnum(c) || i > 0 && c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

// bearerAt returns the end of a credential after a bearer/basic scheme at
// i, or -1. The credential starts after the spaces that follow the scheme.
func bearerAt(s string, i int) (start, end int) {
	var n int
	switch {
	case hasPrefixFold(s, i, "bearer"):
		n = 6
	case hasPrefixFold(s, i, "basic"):
		n = 5
	default:
		return -1, -1
	}
	if i > 0 && isAlnum(s[i-1]) {
		return -1, -1
	}
	j := i + n
	k := j
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if k == j {
		return -1, -1
	}
	e := k
	for e < len(s) && isTokenByte(s[e]) {
		e++
	}
	for e < len(s) && s[e] == '=' {
		e++
	}
	if !credentialLike(s[k:e]) {
		return -1, -1
	}
	return k, e
}

func findBearer(s string, a Action, spans []span) []span {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != 'b' && c != 'B' {
			continue
		}
		if start, end := bearerAt(s, i); start >= 0 {
			spans = append(spans, span{start, end, a})
			i = end - 1
		}
	}
	return spans
}

func isB64URL(c byte) bool { return isAlnum(c) || c == '-' || c == '_' }

func findJWT(s string, a Action, spans []span) []span {
	for from := 0; ; {
		i := strings.Index(s[from:], "eyJ")
		if i < 0 {
			return spans
		}
		i += from
		// header part
		j := i + 3
		for j < len(s) && isB64URL(s[j]) {
			j++
		}
		end := -1
		if j-i >= 10 && j < len(s) && s[j] == '.' {
			k := j + 1
			for k < len(s) && isB64URL(s[k]) {
				k++
			}
			if k-j-1 >= 2 {
				end = k
				if k < len(s) && s[k] == '.' {
					end = k + 1
					for end < len(s) && isB64URL(s[end]) {
						end++
					}
				}
			}
		}
		if end < 0 {
			// Any "eyJ" inside this run ends where it does and fails the
			// same way: go past it (which keeps the search linear).
			from = max(j, i+3)
			continue
		}
		spans = append(spans, span{i, end, a})
		from = end
	}
}

func isPEMHeaderByte(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' }

// pemLabelEnd returns the index after the closing "-----" of a PEM label
// that starts at i (just after "BEGIN" or "END") and names a private key,
// or -1.
func pemLabelEnd(s string, i int) int {
	j := i
	for j < len(s) && j-i < 64 && isPEMHeaderByte(s[j]) {
		j++
	}
	if !hasPrefixAt(s, j, "-----") || !strings.Contains(s[i:j], "PRIVATE KEY") {
		return -1
	}
	return j + 5
}

func findPrivateKey(s string, a Action, spans []span) []span {
	for from := 0; ; {
		i := strings.Index(s[from:], "-----BEGIN")
		if i < 0 {
			return spans
		}
		i += from
		h := pemLabelEnd(s, i+len("-----BEGIN"))
		if h < 0 {
			from = i + len("-----BEGIN")
			continue
		}
		end := len(s)
		for k := h; ; {
			e := strings.Index(s[k:], "-----END")
			if e < 0 {
				break
			}
			e += k
			if t := pemLabelEnd(s, e+len("-----END")); t >= 0 {
				end = t
				break
			}
			k = e + len("-----END")
		}
		spans = append(spans, span{i, end, a})
		from = end
	}
}

func isUpperOrDigit(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

func findAWS(s string, a Action, spans []span) []span {
	for i := 0; i+20 <= len(s); i++ {
		if s[i] != 'A' || !(hasPrefixAt(s, i, "AKIA") || hasPrefixAt(s, i, "ASIA")) {
			continue
		}
		j := i + 4
		for j < len(s) && isUpperOrDigit(s[j]) {
			j++
		}
		if j-i >= 20 {
			spans = append(spans, span{i, j, a})
			i = j - 1
		}
	}
	return spans
}

// luhn reports whether the digits pass the Luhn check.
func luhn(digits []byte) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// isCard reports whether digits (13 to 19 of them) make a card number.
func isCard(digits []byte) bool {
	return len(digits) >= 13 && len(digits) <= 19 && digits[0] >= '2' && digits[0] <= '6' && luhn(digits)
}

// findCards finds card numbers in runs of digits separated by single
// spaces or dashes. A run longer than a card (a card followed by a year,
// say) is tried group by group: every window of whole groups with 13 to 19
// digits is checked.
func findCards(s string, a Action, spans []span) []span {
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) || i > 0 && isDigitByte(s[i-1]) {
			continue
		}
		// The run: groups of digits with single separators.
		var groups [40][2]int // start, end of each group
		ng := 0
		j := i
		for {
			gs := j
			for j < len(s) && isDigitByte(s[j]) {
				j++
			}
			if ng < len(groups) {
				groups[ng] = [2]int{gs, j}
				ng++
			}
			if j+1 < len(s) && (s[j] == ' ' || s[j] == '-') && isDigitByte(s[j+1]) {
				j++
				continue
			}
			break
		}
		// A group that touches a letter is part of a longer token (a hex
		// ID, a git SHA): no card starts or ends in it.
		leftWord := i > 0 && isAlnum(s[i-1])
		rightWord := j < len(s) && isAlnum(s[j])
		var digits [19]byte
		for g := 0; g < ng; g++ {
			if g == 0 && leftWord {
				continue
			}
			n := 0
			for h := g; h < ng; h++ {
				if h == ng-1 && rightWord {
					break
				}
				gl := groups[h][1] - groups[h][0]
				if n+gl > 19 {
					break
				}
				for k := groups[h][0]; k < groups[h][1]; k++ {
					digits[n] = s[k]
					n++
				}
				if n >= 13 && isCard(digits[:n]) {
					spans = append(spans, span{groups[g][0], groups[h][1], a})
				}
			}
		}
		i = j - 1
	}
	return spans
}

// cardInt reports whether an integer field's value is a card number.
func cardInt(neg bool, u uint64) bool {
	if neg || u < 1e12 {
		return false
	}
	var buf [20]byte
	i := len(buf)
	for u > 0 {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
	}
	return isCard(buf[i:])
}

func findURLCredentials(s string, a Action, spans []span) []span {
	for from := 0; ; {
		i := strings.Index(s[from:], "://")
		if i < 0 {
			return spans
		}
		start := from + i + 3
		j := start
		colon := -1
		for j < len(s) {
			c := s[j]
			if c == '/' || c == '?' || c == '#' || c == '@' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '<' || c == '>' {
				break
			}
			if c == ':' && colon < 0 {
				colon = j
			}
			j++
		}
		if j < len(s) && s[j] == '@' && j > start {
			if colon >= 0 && colon+1 < j {
				spans = append(spans, span{colon + 1, j, a})
			} else if colon < 0 {
				spans = append(spans, span{start, j, a})
			}
		}
		from = max(j, start)
	}
}

// isKeyByte reports whether c can be part of a key written in text.
func isKeyByte(c byte) bool {
	return isAlnum(c) || c == '_' || c == '-' || c == '.' || c == '[' || c == ']' || c >= 0x80
}

// keyBefore returns the key written just before a separator at i
// (password=..., "token": ...), or "".
func keyBefore[T string | []byte](s T, i int) (start, end int) {
	j := i
	for n := 0; n < 2 && j > 0 && s[j-1] == ' '; n++ {
		j--
	}
	if j > 0 && (s[j-1] == '"' || s[j-1] == '\'') {
		j--
		if j > 0 && s[j-1] == '\\' {
			j--
		}
	}
	end = j
	for j > 0 && isKeyByte(s[j-1]) {
		j--
	}
	return j, end
}

// denied reports whether key names a secret for key_value.
func (sc *scanner) denied(key string) bool {
	if sc.deny == nil || key == "" {
		return false
	}
	if _, ok := sc.except.equal(key); ok {
		return false
	}
	_, ok := sc.deny.contains(key)
	return ok
}

func anyKeyValue[T string | []byte](sc *scanner, s T) bool {
	for i := 1; i < len(s); i++ {
		if c := s[i]; c != '=' && c != ':' {
			continue
		}
		ks, ke := keyBefore(s, i)
		if ks < ke && sc.denied(string(s[ks:ke])) {
			return true
		}
	}
	return false
}

// valueAfter returns the value written after a separator at i.
func valueAfter(s string, i int) (start, end int) {
	j := i + 1
	for n := 0; n < 2 && j < len(s) && s[j] == ' '; n++ {
		j++
	}
	if j < len(s) && s[j] == '\\' && j+1 < len(s) && (s[j+1] == '"' || s[j+1] == '\'') {
		// An escaped quote (JSON inside a string): the value ends at the
		// next backslash.
		start = j + 2
		end = start
		for end < len(s) && s[end] != '\\' {
			end++
		}
		return start, end
	}
	if j < len(s) && (s[j] == '"' || s[j] == '\'') {
		q := s[j]
		start = j + 1
		end = start
		for end < len(s) && s[end] != q {
			if s[end] == '\\' {
				end++
			}
			end++
		}
		return start, min(end, len(s))
	}
	start = j
	for _, m := range [...]string{Mask, escapedMask} {
		if strings.HasPrefix(s[start:], m) {
			// Already masked (a line redacted twice, a query string
			// redacted by Query).
			return start, start + len(m)
		}
	}
	end = j
	for end < len(s) {
		switch s[end] {
		case ' ', '\t', '\n', '\r', '"', '\'', ',', ';', '&', ')', ']', '}', '<', '>':
			// A scheme word (Authorization: Bearer x) takes the credential
			// with it.
			if s[end] == ' ' {
				if cs, ce := bearerAt(s, start); cs >= 0 && cs > end {
					return start, ce
				}
			}
			return start, end
		}
		end++
	}
	return start, end
}

func findKeyValues(sc *scanner, s string, a Action, spans []span) []span {
	for i := 1; i < len(s); i++ {
		if c := s[i]; c != '=' && c != ':' {
			continue
		}
		ks, ke := keyBefore(s, i)
		if ks >= ke || !sc.denied(s[ks:ke]) {
			continue
		}
		vs, ve := valueAfter(s, i)
		if ve > vs {
			spans = append(spans, span{vs, ve, a})
			i = ve - 1
		}
	}
	return spans
}

var emailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)

func findEmails(s string, a Action, spans []span) []span {
	for _, m := range emailRe.FindAllStringIndex(s, -1) {
		spans = append(spans, span{m[0], m[1], a})
	}
	return spans
}

func isIPByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.'
}

// findIPs finds IPv4 and IPv6 addresses: runs of hex digits, dots and
// colons, not inside a word, that parse as an address.
func findIPs(s string, a Action, spans []span) []span {
	for i := 0; i < len(s); i++ {
		if !isIPByte(s[i]) || i > 0 && (isIPByte(s[i-1]) || isAlnum(s[i-1])) {
			continue
		}
		j := i
		for j < len(s) && isIPByte(s[j]) {
			j++
		}
		end := j
		for end > i && s[end-1] == '.' {
			end--
		}
		if j < len(s) && isAlnum(s[j]) {
			i = j
			continue
		}
		cand := s[i:end]
		if c := strings.IndexByte(cand, ':'); c > 0 && strings.Count(cand[:c], ".") == 3 {
			// IPv4 with a port (kept); anything else after the colon
			// goes with the address, so that what is left is no address.
			if isDigits(cand[c+1:]) {
				end = i + c
			}
			cand = cand[:c]
		}
		if strings.Count(cand, ".") == 3 || strings.Count(cand, ":") >= 2 {
			if ip, err := netip.ParseAddr(cand); err == nil && ip.IsValid() {
				spans = append(spans, span{i, end, a})
			}
		}
		i = j
	}
	return spans
}
