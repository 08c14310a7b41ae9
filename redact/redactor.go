package redact

import (
	"net/url"
	"regexp"
	"strings"
)

// A Redactor holds a set of rules. It is safe for concurrent use and never
// changes after [New] returns it.
type Redactor struct {
	keys keyMatcher
}

// An Option configures a [Redactor].
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	keys []string
}

// WithKeys adds keys to the deny list.
func WithKeys(keys ...string) Option {
	return optionFunc(func(c *config) { c.keys = append(c.keys, keys...) })
}

// New returns a Redactor with the default rules changed by opts.
func New(opts ...Option) (*Redactor, error) {
	c := &config{keys: DefaultKeys()}
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	return &Redactor{keys: newKeyMatcher(c.keys)}, nil
}

var defaultRedactor, _ = New()

// Default returns the Redactor with the default rules.
func Default() *Redactor { return defaultRedactor }

// SensitiveKey reports whether key (a field, header, query parameter or
// metadata key) names a secret under r's rules.
func (r *Redactor) SensitiveKey(key string) bool { return r.keys.match(key) }

var bearer = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+`)

// String masks the secrets that r's value patterns find in s, and returns
// s itself when there are none.
func (r *Redactor) String(s string) string {
	if !strings.ContainsAny(s, "bB") {
		return s
	}
	return bearer.ReplaceAllString(s, Mask)
}

// Header returns the value to log for a header: [Mask] when the name is
// sensitive, else the value with secrets masked.
func (r *Redactor) Header(name, value string) string {
	if r.SensitiveKey(name) {
		return Mask
	}
	return r.String(value)
}

// Metadata returns the values to log for a gRPC metadata key, masked as
// [Redactor.Header] masks a header. It returns values itself when nothing
// is masked.
func (r *Redactor) Metadata(key string, values []string) []string {
	var out []string
	for i, v := range values {
		m := r.Header(key, v)
		if m != v && out == nil {
			out = append(make([]string, 0, len(values)), values[:i]...)
		}
		if out != nil {
			out = append(out, m)
		}
	}
	if out == nil {
		return values
	}
	return out
}

// Query returns rawQuery with the values of sensitive parameters masked,
// keeping the order of the parameters. A query that does not parse is
// replaced by [Mask] entirely.
func (r *Redactor) Query(rawQuery string) string {
	if rawQuery == "" {
		return ""
	}
	var b strings.Builder
	changed := false
	rest := rawQuery
	for first := true; rest != ""; first = false {
		var part string
		part, rest, _ = strings.Cut(rest, "&")
		name, value, hasValue := strings.Cut(part, "=")
		dn, err := url.QueryUnescape(name)
		if err != nil {
			return Mask
		}
		if !first {
			b.WriteByte('&')
		}
		b.WriteString(name)
		if hasValue {
			b.WriteByte('=')
			if r.SensitiveKey(dn) {
				b.WriteString(url.QueryEscape(Mask))
				changed = true
			} else {
				b.WriteString(value)
			}
		}
	}
	if !changed {
		return rawQuery
	}
	return b.String()
}
