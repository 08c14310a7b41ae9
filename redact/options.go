package redact

import (
	"fmt"
	"regexp"

	"github.com/tracelog/tracelog/internal/rules"
)

// An Option configures a [Redactor]. Options are sealed: only this
// package's With* functions make them. They apply in order, so a later
// option wins over an earlier one about the same key or pattern.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// DefaultMaxDepth is how deep rules look into nested objects, arrays, maps
// and structs by default; see [WithMaxDepth].
const DefaultMaxDepth = 16

type config struct {
	rules    *rules.Config
	summary  bool
	maxDepth int
}

func newConfig(opts []Option) *config {
	c := &config{rules: rules.NewConfig(), maxDepth: DefaultMaxDepth}
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	return c
}

// WithDenyKeys adds keys to the deny list (see [DefaultKeys] for how keys
// match), with the default action. A key removed by an earlier
// [WithoutDenyKeys] comes back.
func WithDenyKeys(keys ...string) Option {
	return optionFunc(func(c *config) {
		for _, k := range keys {
			c.rules.AddKey(k, Action{})
		}
	})
}

// WithoutDenyKeys removes keys from the deny list and lets keys with exactly
// these words pass the key rules: WithoutDenyKeys("session") stops masking
// session and session_id; WithoutDenyKeys("token_count") lets token_count pass
// while token stays masked. Value patterns still apply to these keys' values.
func WithoutDenyKeys(keys ...string) Option {
	return optionFunc(func(c *config) {
		for _, k := range keys {
			c.rules.ExceptKey(k)
		}
	})
}

// WithPaths adds key paths to redact with the default action: the dotted
// chain of keys from the line's root, through zap.Object, zap.Dict,
// zap.Namespace and the maps and structs of zap.Any, as in "user.password"
// or "payment.card.number". A segment "*" matches any one key. A path
// matches the field it names (which may be a whole object), whatever its
// key would say; keys with dots match as nested keys do, so
// "user.password" also matches a root field with that key.
func WithPaths(paths ...string) Option {
	return optionFunc(func(c *config) {
		for _, p := range paths {
			c.rules.AddPath(p, Action{})
		}
	})
}

// WithPattern adds (or replaces, by name) a value pattern with the default
// action. When re has capturing groups, only the first group's text is
// replaced; otherwise the whole match is. re's literal prefix, if any, is
// the pattern's pre-filter; a pattern without one runs on every value,
// which costs a regexp search per string. A nil re turns on the built-in
// pattern called name, or makes [New] fail.
func WithPattern(name string, re *regexp.Regexp) Option {
	return optionFunc(func(c *config) { c.rules.AddPattern(name, re, Action{}) })
}

// WithPatternString is [WithPattern] with a regular expression in the
// syntax of package regexp; [New] fails when it does not compile.
func WithPatternString(name, expr string) Option {
	return optionFunc(func(c *config) {
		re, err := regexp.Compile(expr)
		if err != nil {
			c.rules.Fail(fmt.Errorf("redact: pattern %q: %w", name, err))
			return
		}
		c.rules.AddPattern(name, re, Action{})
	})
}

// WithoutPatterns turns off value patterns by name: built-ins (see
// [PatternBearer] and the other Pattern constants) or patterns added
// earlier. [New] fails on a name that is neither.
func WithoutPatterns(names ...string) Option {
	return optionFunc(func(c *config) {
		for _, name := range names {
			c.rules.RemovePattern(name)
		}
	})
}

// WithEmails turns on the e-mail pattern ([PatternEmail]), off by default.
func WithEmails() Option {
	return optionFunc(func(c *config) { c.rules.AddPattern(PatternEmail, nil, Action{}) })
}

// WithIPs turns on the IP address pattern ([PatternIP]), off by default.
func WithIPs() Option {
	return optionFunc(func(c *config) { c.rules.AddPattern(PatternIP, nil, Action{}) })
}

// WithAllowKeys turns on allowlist mode and adds keys to the allowlist.
// In that mode the rules fail closed, as the OpenTelemetry Collector's
// redaction processor does: a field passes only when its key has exactly
// the words of an allowed key, or its path is an allowed path; every other
// field gets the default action (masked, or dropped with
// [WithAction]([Drop]())). An object, array or namespace on the way to an
// allowed path ("user" for "user.id") passes as a container, its own keys
// checked in turn. The deny list and value patterns still apply to allowed
// fields.
//
// Not affected: the keys the encoder writes itself (time, level, msg,
// caller, logger, stacktrace; the message is still scanned), fields added
// to the core below the redacting core (tracelog.New adds service.name,
// service.version and the trace keys there), and the trace keys of the
// tracelog core (trace_id, span_id, trace_flags and those of the other
// profiles) when they do reach the redacting core at the top level of a
// line, as when it is placed below the tracelog core. Fields added with
// [zap.Logger.With] go through the rules like any others: allow them.
func WithAllowKeys(keys ...string) Option {
	return optionFunc(func(c *config) {
		c.rules.Allow(keys...)
	})
}

// WithAction replaces the default action (initially [MaskAction]), used
// by every rule that names no action of its own: the deny list, paths,
// patterns, the allowlist and `log:"redact"` struct tags. The zero Action
// keeps the current default.
func WithAction(a Action) Option {
	return optionFunc(func(c *config) {
		c.rules.SetAction(a)
	})
}

// WithRules adds rules that carry their own action (see [Key], [Path],
// [Pattern]). A rule replaces an earlier one for the same key, path or
// pattern name.
func WithRules(rules ...Rule) Option {
	return optionFunc(func(c *config) {
		for _, r := range rules {
			switch r.kind {
			case ruleKey:
				c.rules.AddKey(r.name, r.action)
			case rulePath:
				c.rules.AddPath(r.name, r.action)
			case rulePattern:
				c.rules.AddPattern(r.name, r.re, r.action)
			default:
				c.rules.Fail(fmt.Errorf("redact: WithRules: zero Rule (make rules with Key, Path or Pattern)"))
			}
		}
	})
}

// WithSummary adds, on every line that had redactions (its own or from
// fields added with With), a field [KeySummary] with their count and the
// paths of the redacted keys, never the values:
//
//	"redacted":{"count":2,"keys":["password","msg"]}
//
// The summary is written where the line's fields go (inside a namespace
// opened with With, if any). It costs a second pass over nested objects
// on lines that have them.
func WithSummary() Option {
	return optionFunc(func(c *config) { c.summary = true })
}

// WithMaxDepth sets how many levels of nested objects, arrays, maps and
// structs the rules look into (default [DefaultMaxDepth]). Deeper values
// are masked whole, and cycles in zap.Any values are cut. Zero or less
// keeps the default.
func WithMaxDepth(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.maxDepth = n
		}
	})
}

type ruleKind uint8

const (
	ruleNone ruleKind = iota
	ruleKey
	rulePath
	rulePattern
)

// A Rule matches keys, paths or values and carries the [Action] taken on
// a match. Make one with [Key], [Path] or [Pattern] and pass it to
// [WithRules].
type Rule struct {
	kind   ruleKind
	name   string
	re     *regexp.Regexp
	action Action
}

// Key is a deny-list rule for key (matched as [DefaultKeys] explains) with
// action a. Key("card_number", KeepLast(4)) changes the action of the
// default entry.
func Key(key string, a Action) Rule { return Rule{kind: ruleKey, name: key, action: a} }

// Path is a rule for a key path (see [WithPaths]) with action a.
func Path(path string, a Action) Rule { return Rule{kind: rulePath, name: path, action: a} }

// Pattern is a value pattern (see [WithPattern]) with action a. With a nil
// re, name is a built-in pattern, which the rule turns on with action a:
// Pattern(PatternCreditCard, nil, KeepLast(4)).
func Pattern(name string, re *regexp.Regexp, a Action) Rule {
	return Rule{kind: rulePattern, name: name, re: re, action: a}
}
