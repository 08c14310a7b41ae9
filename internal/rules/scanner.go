package rules

import (
	"math/bits"
	"regexp"
	"strings"
	"unsafe"
)

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
// trigger bytes; only those run, so a value with no trigger costs one
// table lookup per byte. Its tables are derived from the rows of builtins.
type scanner struct {
	// class gives, for each byte, the patterns (bits) it is a trigger of,
	// and bitDecode for the bytes of percent- and form-encoding.
	class [256]uint32
	// follow gives, for each byte, the patterns whose trigger byte it may
	// follow (all but those with a follow set that does not hold it), and
	// last the patterns a trigger byte at the end of a value may start.
	follow [256]uint32
	last   uint32
	// weights give each byte what cannotMatch adds up (see
	// weightTrigger). A value of length n uses weights[min(n, maxBand)];
	// lengths with the same trigger bytes share a table.
	weights [maxBand + 1]*[256]uint64
	minLens [numBuiltins]int
	on      uint32 // built-ins turned on
	digits  uint32 // built-ins on that are found by digits (credit_card)
	confirm uint32 // built-ins on with a confirm step
	actions [numBuiltins]Action
	users   []userPattern
	always  bool    // a user pattern has no literal prefix
	userOn  bool    // there are user patterns
	minLen  int     // no pattern matches a shorter value
	deny    *keySet // for key_value
	except  *keySet // for key_value
}

// bitDecode, in a trigger mask, says that the value holds percent- or
// form-encoded text: the patterns also run on its decoded form (see
// findDecoded).
const bitDecode = 1 << 31

// maxBand is the length from which every trigger counts.
const maxBand = 32

func (sc *scanner) build() {
	sc.class = [256]uint32{}
	sc.last = bitDecode
	for c := range sc.follow {
		sc.follow[c] = bitDecode
	}
	sc.digits, sc.confirm = 0, 0
	sc.minLen = 1 << 30
	decodeMin := 1 << 30
	for id := range builtins {
		b := &builtins[id]
		sc.minLens[id] = b.minLen
		if b.minLenOf != nil {
			sc.minLens[id] = b.minLenOf(sc)
		}
		if sc.on&(1<<id) == 0 {
			continue
		}
		sc.minLen = min(sc.minLen, sc.minLens[id])
		decodeMin = min(decodeMin, sc.minLens[id])
		for i := 0; i < len(b.triggers); i++ {
			sc.class[b.triggers[i]] |= 1 << id
		}
		if b.follow == "" {
			sc.last |= 1 << id
			for c := range sc.follow {
				sc.follow[c] |= 1 << id
			}
		}
		for i := 0; i < len(b.follow); i++ {
			sc.follow[b.follow[i]] |= 1 << id
		}
		if b.triggers == "" {
			sc.digits |= 1 << id
		}
		if b.confirm != nil {
			sc.confirm |= 1 << id
		}
	}
	// Any pattern may hide behind percent- or form-encoding.
	sc.class['%'] |= bitDecode
	sc.class['+'] |= bitDecode
	sc.always = false
	sc.userOn = len(sc.users) > 0
	for _, u := range sc.users {
		if u.prefix == "" {
			sc.always = true
		}
	}
	if len(sc.users) > 0 {
		sc.minLen = 1
	}
	sc.buildWeights(decodeMin)
}

// buildWeights builds the weight tables of cannotMatch, one per band of
// value lengths: a trigger byte counts only in values long enough for one
// of its patterns to match (an 'A' in a 12-byte name starts no AWS key).
// A byte that is a trigger of spaced patterns only weighs weightSpaced,
// and then spaces and tabs weigh weightSpace. Lengths with the same
// weights share a table.
func (sc *scanner) buildWeights(decodeMin int) {
	var byteMin, spacedMin [256]int
	var spaced uint32
	for id := range builtins {
		if builtins[id].spaced {
			spaced |= 1 << id
		}
	}
	for c, mask := range sc.class {
		byteMin[c], spacedMin[c] = 1<<30, 1<<30
		if mask&bitDecode != 0 {
			byteMin[c] = decodeMin
		}
		for m := mask &^ bitDecode; m != 0; m &= m - 1 {
			id := bits.TrailingZeros32(m)
			if spaced&(1<<id) != 0 {
				spacedMin[c] = min(spacedMin[c], sc.minLens[id])
			} else {
				byteMin[c] = min(byteMin[c], sc.minLens[id])
			}
		}
	}
	var last *[256]uint64
	for n := 0; n <= maxBand; n++ {
		var w [256]uint64
		anySpaced := false
		for c := range w {
			switch {
			case n >= byteMin[c]:
				w[c] = weightTrigger
			case n >= spacedMin[c]:
				w[c] = weightSpaced
				anySpaced = true
			}
		}
		if anySpaced {
			w[' '] += weightSpace
			w['\t'] += weightSpace
		}
		if sc.digits != 0 {
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

// triggers returns the built-in patterns that may match s: the pre-filter.
// It looks at eight bytes at a time through the class table; only a block
// holding a trigger byte is looked at byte by byte. The last block of a
// value whose length is not a multiple of eight overlaps the one before:
// looking at a byte twice only sets the same bits again. Digits are looked
// at only every 13th byte (a card number is a run of 13 or more digits and
// separators, so it covers one of those bytes).
func triggers(sc *scanner, s string) uint32 {
	var found uint32
	class := &sc.class
	n := len(s)
	if n < 8 {
		for i := 0; i < n; i++ {
			if class[s[i]] != 0 {
				found |= trigger(sc, s, i)
			}
		}
	} else {
		for i := 0; ; i += 8 {
			if i+8 > n {
				i = n - 8
			}
			b := s[i : i+8]
			if class[b[0]]|class[b[1]]|class[b[2]]|class[b[3]]|class[b[4]]|class[b[5]]|class[b[6]]|class[b[7]] != 0 {
				for j := i; j < i+8; j++ {
					if class[s[j]] != 0 {
						found |= trigger(sc, s, j)
					}
				}
			}
			if i+8 == n {
				break
			}
		}
	}
	if sc.digits != 0 && n >= 13 && cardRun(s) {
		found |= sc.digits
	}
	// Most '=' and ':' follow ordinary keys: confirm now rather than
	// run the finder.
	for m := found & sc.confirm; m != 0; m &= m - 1 {
		id := bits.TrailingZeros32(m)
		if !builtins[id].confirm(sc, s) {
			found &^= 1 << id
		}
	}
	return found & (sc.on | bitDecode)
}

// trigger returns the patterns that may match around s[i], a trigger byte:
// those whose at accepts it, and bitDecode for an escape. It only looks,
// so calling it twice for a byte is harmless.
func trigger(sc *scanner, s string, i int) uint32 {
	mask := sc.mayStart(s, i)
	if mask == 0 {
		return 0
	}
	var found uint32
	if mask&bitDecode != 0 && decodeAt(s, i) {
		found |= bitDecode
	}
	for m := mask &^ bitDecode; m != 0; m &= m - 1 {
		id := bits.TrailingZeros32(m)
		if at := builtins[id].at; at == nil || at(s, i) {
			found |= 1 << id
		}
	}
	return found
}

// mayStart returns the patterns (and bitDecode) that s[i] is a trigger
// byte of, given the byte after it: the first look of trigger, cheap
// enough to inline.
func (sc *scanner) mayStart(s string, i int) uint32 {
	if i+1 < len(s) {
		return sc.class[s[i]] & sc.follow[s[i+1]]
	}
	return sc.class[s[i]] & sc.last
}

// decodeAt reports whether s[i], a '%' or '+', is an escape: "%XX", or a
// '+' between two words (a space in form encoding: Bearer+abc).
func decodeAt(s string, i int) bool {
	if s[i] == '%' {
		return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return i > 0 && i+1 < len(s) && isAlnum(s[i-1]) && isAlnum(s[i+1])
}

// cannotMatch's sum holds four counts of 16 bits (a value it sums is
// shorter than 65536 bytes): from the lowest, digits (a digit weighs 1
// when a digit pattern is on), trigger bytes, spaces and tabs, and
// trigger bytes of spaced patterns only (which start nothing in a value
// without a space or a tab).
const (
	weightTrigger = 1 << 16
	weightSpace   = 1 << 32
	weightSpaced  = 1 << 48
)

// cannotMatch reports that no pattern, built-in or added, can match s.
// With user patterns it runs the pre-filter. Otherwise it adds up the
// weights of the bytes, sixteen at a time without a branch per byte: a
// value with no trigger byte and fewer than 13 digits (no card number
// fits), nearly every value, is clean at once. Trigger bytes mostly start
// nothing (a 'b' in a hex ID, a ':' in a URL), so each is looked at before
// the full pre-filter runs; digits are looked at for a card number only
// when there are 13 or more (lookCloser).
//
// It runs for every string of every line: the loop is written here, not
// called, and reads s through unsafe pointers (every index is below
// len(s), which the loop bounds show but the compiler cannot).
func (sc *scanner) cannotMatch(s string) bool {
	n := len(s)
	if sc.userOn || n >= weightTrigger {
		// With user patterns, the pre-filter; in a value this long, the
		// digit count could overflow into the trigger count.
		return !sc.mayMatch(s)
	}
	w := sc.weights[min(n, maxBand)]
	p := unsafe.Pointer(unsafe.StringData(s))
	_ = w[0] // one nil check, not one per block
	var sum uint64
	i := 0
	for m := n &^ 15; i < m; i += 16 {
		b := (*[16]byte)(unsafe.Add(p, i))
		sum += w[b[0]] + w[b[1]] + w[b[2]] + w[b[3]] + w[b[4]] + w[b[5]] + w[b[6]] + w[b[7]] +
			w[b[8]] + w[b[9]] + w[b[10]] + w[b[11]] + w[b[12]] + w[b[13]] + w[b[14]] + w[b[15]]
	}
	if n&8 != 0 {
		b := (*[8]byte)(unsafe.Add(p, i))
		sum += w[b[0]] + w[b[1]] + w[b[2]] + w[b[3]] + w[b[4]] + w[b[5]] + w[b[6]] + w[b[7]]
	}
	// The last n%8 bytes, counted back from the end, through one jump.
	at := func(k int) byte { return *(*byte)(unsafe.Add(p, n-k)) }
	switch n & 7 {
	case 7:
		sum += w[at(7)]
		fallthrough
	case 6:
		sum += w[at(6)]
		fallthrough
	case 5:
		sum += w[at(5)]
		fallthrough
	case 4:
		sum += w[at(4)]
		fallthrough
	case 3:
		sum += w[at(3)]
		fallthrough
	case 2:
		sum += w[at(2)]
		fallthrough
	case 1:
		sum += w[at(1)]
	case 0:
		// Eight cases make a jump table.
	}
	// Clean: fewer than 13 digits, no trigger byte, and no trigger byte
	// of a spaced pattern unless there is a space too.
	if uint32(sum) < 13 && (sum < weightSpaced || uint16(sum>>32) == 0) {
		return true
	}
	return sc.lookCloser(s, sum)
}

// mayMatch is the pre-filter, as cannotMatch runs it.
func (sc *scanner) mayMatch(s string) bool {
	if sc.userOn {
		_, may := mayMatch(sc, s)
		return may
	}
	return triggers(sc, s) != 0
}

// lookCloser is cannotMatch for a value whose sum holds trigger bytes or
// 13 digits or more: each trigger byte gets a first look (mayStart, then
// trigger) before the full pre-filter runs, and the digits are looked at
// for a run a card number fits in. The trigger bytes of spaced patterns
// are looked at only when the value holds a space or a tab.
func (sc *scanner) lookCloser(s string, sum uint64) bool {
	look, left := uint64(weightTrigger), uint16(sum>>16)
	if uint16(sum>>32) != 0 {
		look, left = weightTrigger|weightSpaced, left+uint16(sum>>48)
	}
	if left > 0 {
		w := sc.weights[min(len(s), maxBand)]
		_ = w[0] // one nil check, not one per byte
		for j := 0; j < len(s); j++ {
			if w[s[j]]&look == 0 {
				continue
			}
			if sc.mayStart(s, j) != 0 && trigger(sc, s, j) != 0 {
				return triggers(sc, s) == 0
			}
			if left--; left == 0 {
				break // the last trigger byte
			}
		}
	}
	return uint16(sum) < 13 || !cardRun(s)
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
// built-ins in found and the user patterns whose prefix is in s.
func (sc *scanner) find(s string, found uint32, spans []span) []span {
	for m := found &^ bitDecode; m != 0; m &= m - 1 {
		id := bits.TrailingZeros32(m)
		spans = builtins[id].find(sc, s, sc.actions[id], spans)
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
func mayMatch(sc *scanner, s string) (uint32, bool) {
	if len(s) < sc.minLen {
		return 0, false
	}
	found := triggers(sc, s)
	if found != 0 || sc.always {
		return found, true
	}
	for i := range sc.users {
		if strings.Contains(s, sc.users[i].prefix) {
			return 0, true
		}
	}
	return 0, false
}

// bytesText is b as a string without copying, for the scanner, which
// only reads it while b is alive and unchanged.
func bytesText(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
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
			case sp.action.IsDrop() || last.action.IsDrop():
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
		if sp.action.IsDrop() {
			// Drop removes a value that is the secret whole; a secret
			// inside text is masked in place, so the rest of the text (an
			// error message) stays.
			drop = drop || sp.start == 0 && sp.end == len(s)
			b.WriteString(Mask)
		} else {
			b.WriteString(sp.action.Apply(s[sp.start:sp.end]))
		}
		prev = sp.end
	}
	b.WriteString(s[prev:])
	return b.String(), len(merged), drop
}
