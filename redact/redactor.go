package redact

import (
	"sync"

	"github.com/tracelog/tracelog/internal/rules"
)

// A Redactor holds a set of rules: a key deny list, key paths, value
// patterns, an optional allowlist, and the action each takes. It is safe
// for concurrent use and its rules never change after [New] returns it.
// Use it through a core ([NewCore]) and through its plain functions for
// headers, query strings and gRPC metadata. The rules are applied by an
// engine that knows nothing of zap (internal/rules); the Redactor adds what
// zap needs: the core, the walkers of nested values, and their pools.
type Redactor struct {
	e        *rules.Engine
	summary  bool
	maxDepth int

	walkers sync.Pool // *walker
	lines   sync.Pool // *smallLine, with its walker

	// quick: a line of scalars can be found clean in one pass (cleanFields).
	quick bool
}

// New returns a Redactor with the default rules changed by opts. It fails
// on a pattern that does not compile, a rule without a key, a [Hash]
// action without a key, or an unknown pattern name.
func New(opts ...Option) (*Redactor, error) {
	c := newConfig(opts)
	e, err := rules.New(c.rules)
	if err != nil {
		return nil, err
	}
	r := &Redactor{e: e, summary: c.summary, maxDepth: c.maxDepth, quick: e.Quick()}
	r.walkers.New = func() any { return newWalker(r) }
	r.lines.New = func() any { return new(smallLine) }
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
func (r *Redactor) Count() uint64 { return r.e.Count() }

// SensitiveKey reports whether key (a field, header, query parameter or
// metadata key) names a secret under r's rules: it matches the deny list
// (and is not let through by [WithoutDenyKeys]), it holds what a value
// pattern finds, or, in allowlist mode, it is not allowed.
func (r *Redactor) SensitiveKey(key string) bool { return r.e.SensitiveKey(key) }

// String masks the secrets that r's value patterns find in s (a Drop
// action masks too), and returns s itself, without allocating, when there
// are none.
func (r *Redactor) String(s string) string { return r.e.String(s) }

// Header returns the value to log for a header: when the name is
// sensitive (see [Redactor.SensitiveKey]), what its rule's action leaves of
// the value ([Mask] for Mask and Drop); else the value with what the
// patterns find masked. It returns value itself when nothing changes.
func (r *Redactor) Header(name, value string) string { return r.e.Header(name, value) }

// Metadata returns the values to log for a gRPC metadata key, each masked
// as [Redactor.Header] masks a header. It returns values itself when
// nothing changes.
func (r *Redactor) Metadata(key string, values []string) []string { return r.e.Metadata(key, values) }

// Query returns rawQuery with the values of sensitive parameters replaced
// as their rule says (Drop removes the parameter), and the secrets the
// patterns find in other names and values masked, keeping the order and
// the raw form of everything else. Parameters are split at '&' and ';'. A
// query whose names do not decode is replaced by [Mask] entirely. It
// returns rawQuery itself when nothing changes.
func (r *Redactor) Query(rawQuery string) string { return r.e.Query(rawQuery) }

// The questions the adapter asks the engine, one each.

type verdict = rules.Verdict

const (
	vPass      = rules.Pass
	vRedact    = rules.Redact
	vContainer = rules.Container
)

func (r *Redactor) judge(parents []string, key string) (verdict, *Action) {
	return r.e.Judge(parents, key)
}
func (r *Redactor) judgeLibrary(parents []string, key string) (verdict, *Action) {
	return r.e.JudgeLibrary(parents, key)
}
func (r *Redactor) passes(parents []string, key string) bool          { return r.e.Passes(parents, key) }
func (r *Redactor) keyPasses(key string) bool                         { return r.e.CachedPass(key) }
func (r *Redactor) scan(s string) (string, int, bool)                 { return r.e.Scan(s) }
func (r *Redactor) scanBytes(b []byte) (string, int, bool)            { return r.e.ScanBytes(b) }
func (r *Redactor) scanEncoded(s string) (string, int, bool)          { return r.e.ScanEncoded(s) }
func (r *Redactor) scanFloat(v float64, bits int) (string, int, bool) { return r.e.ScanFloat(v, bits) }
func (r *Redactor) writtenKey(key string) string                      { return r.e.WrittenKey(key) }
func (r *Redactor) cannotMatch(s string) bool                         { return r.e.CannotMatch(s) }
func (r *Redactor) cardOn() bool                                      { return r.e.CardOn() }
func (r *Redactor) cardAction() Action                                { return r.e.CardAction() }
func (r *Redactor) defaultAction() Action                             { return r.e.DefaultAction() }
func (r *Redactor) addCount(n int)                                    { r.e.AddCount(n) }
