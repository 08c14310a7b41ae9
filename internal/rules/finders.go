package rules

import (
	"net/netip"
	"regexp"
	"strings"
)

// The finders of the built-in patterns (see the table in patterns.go).
// Each appends the spans it finds in s with action a, and only reads sc.

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

func findBearer(_ *scanner, s string, a Action, spans []span) []span {
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

func findJWT(_ *scanner, s string, a Action, spans []span) []span {
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

func findPrivateKey(_ *scanner, s string, a Action, spans []span) []span {
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

func findAWS(_ *scanner, s string, a Action, spans []span) []span {
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
func findCards(_ *scanner, s string, a Action, spans []span) []span {
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
	if !MayBeCard(neg, u) {
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

func findURLCredentials(_ *scanner, s string, a Action, spans []span) []span {
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
func keyBefore(s string, i int) (start, end int) {
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

func anyKeyValue(sc *scanner, s string) bool {
	for i := 1; i < len(s); i++ {
		if c := s[i]; c != '=' && c != ':' {
			continue
		}
		ks, ke := keyBefore(s, i)
		if ks < ke && sc.denied(s[ks:ke]) {
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

func findEmails(_ *scanner, s string, a Action, spans []span) []span {
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
func findIPs(_ *scanner, s string, a Action, spans []span) []span {
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

func hasPrefixFold(s string, i int, lower string) bool {
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

func hasPrefixAt(s string, i int, p string) bool {
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

// inRun reports whether s[k] belongs to a run of digits with single
// space or dash separators between them.
func inRun(s string, k int) bool {
	c := s[k]
	if isDigitByte(c) {
		return true
	}
	return (c == ' ' || c == '-') && k > 0 && k+1 < len(s) && isDigitByte(s[k-1]) && isDigitByte(s[k+1])
}

// cardRun reports whether s has a run of 13 or more digits (with single
// separators), looking only at every 13th byte and around those that are
// in a run.
func cardRun(s string) bool {
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
