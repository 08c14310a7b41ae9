package rules

import "strings"

// A pathRule matches a field by its key path: the dotted chain of object,
// namespace and field keys from the line's root. Segments compare as keys
// do (by words, without case); "*" matches any one segment.
type pathRule struct {
	raw    string
	segs   [][]string // nil for "*"
	action Action
}

func parsePath(p string) (pathRule, bool) {
	r := pathRule{raw: p}
	for _, seg := range strings.Split(p, ".") {
		if strings.TrimSpace(seg) == "*" {
			r.segs = append(r.segs, nil)
			continue
		}
		words := splitWords(seg)
		if len(words) == 0 {
			continue
		}
		r.segs = append(r.segs, words)
	}
	return r, len(r.segs) > 0
}

// segIter yields the dot-separated segments of a path given as parent
// keys and a last key; a key that itself holds dots ("user.password")
// gives several segments, so it matches as the nested form does.
type segIter struct {
	parents []string
	key     string
	cur     string
	has     bool // cur holds unread segments
	keyDone bool
}

func (it *segIter) next() (string, bool) {
	for !it.has {
		switch {
		case len(it.parents) > 0:
			it.cur, it.parents = it.parents[0], it.parents[1:]
		case !it.keyDone:
			it.cur, it.keyDone = it.key, true
		default:
			return "", false
		}
		it.has = true
	}
	if i := strings.IndexByte(it.cur, '.'); i >= 0 {
		seg := it.cur[:i]
		it.cur = it.cur[i+1:]
		return seg, true
	}
	it.has = false
	return it.cur, true
}

// hasWord reports whether s has a letter or digit (segments without any
// are skipped, as parsePath skips them).
func hasWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if charClass[s[i]] != cSep {
			return true
		}
	}
	return false
}

// segEqual reports whether seg has exactly the words of want.
func segEqual(seg string, want []string) bool {
	it := wordIter{s: seg}
	for _, w := range want {
		got, ascii, ok := it.next()
		if !ok || !wordEqual(got, ascii, w, isASCII(w)) {
			return false
		}
	}
	_, _, more := it.next()
	return !more
}

// match compares the whole path with the rule; with prefix, it reports
// instead whether the path is a proper prefix of the rule (the path leads
// to what the rule names).
func (r *pathRule) match(parents []string, key string, prefix bool) bool {
	it := segIter{parents: parents, key: key}
	n := 0
	for {
		seg, ok := it.next()
		if !ok {
			break
		}
		if !hasWord(seg) {
			continue
		}
		if n >= len(r.segs) {
			return false
		}
		if r.segs[n] != nil && !segEqual(seg, r.segs[n]) {
			return false
		}
		n++
	}
	if prefix {
		return n < len(r.segs)
	}
	return n == len(r.segs)
}

type pathSet struct{ rules []pathRule }

func (ps *pathSet) add(r pathRule) {
	for i := range ps.rules {
		if ps.rules[i].sameSegs(&r) {
			ps.rules[i] = r
			return
		}
	}
	ps.rules = append(ps.rules, r)
}

func (r *pathRule) sameSegs(o *pathRule) bool {
	if len(r.segs) != len(o.segs) {
		return false
	}
	for i := range r.segs {
		if (r.segs[i] == nil) != (o.segs[i] == nil) || !equalWords(r.segs[i], o.segs[i]) {
			return false
		}
	}
	return true
}

// match returns the last rule that names the path.
func (ps *pathSet) match(parents []string, key string) (*pathRule, bool) {
	for i := len(ps.rules) - 1; i >= 0; i-- {
		if ps.rules[i].match(parents, key, false) {
			return &ps.rules[i], true
		}
	}
	return nil, false
}

// leadsTo reports whether the path is a proper prefix of a rule's path.
func (ps *pathSet) leadsTo(parents []string, key string) bool {
	for i := range ps.rules {
		if ps.rules[i].match(parents, key, true) {
			return true
		}
	}
	return false
}
