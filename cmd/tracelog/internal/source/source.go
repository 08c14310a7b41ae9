package source

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// A Source is a log store that answers for lines.
type Source interface {
	// Name names the source in messages: its kind and URL.
	Name() string
	// Open asks the store for the lines that r selects and streams them
	// as JSON lines in tracelog's keys, in time order. Reading fails with
	// an *Error when the store fails mid-answer, when the answer is
	// malformed, and when it holds more than r.Limit lines.
	Open(ctx context.Context, r Request) (io.ReadCloser, error)
}

// A Request selects lines: those of one trace, or (Trace nil) the access
// lines and sampler summary lines that stats reads.
type Request struct {
	Trace *tracefind.Query
	// Since and Until bound the lines' times; zero Until is now.
	Since, Until time.Time
	// Limit is the most lines the answer may hold; more is an error.
	Limit int
}

// An Error is a failure of a store: unreachable, an HTTP error, a
// malformed or cut answer, or an answer past the limit. Its message is one
// line.
type Error struct {
	msg string
}

// Error returns the message, one line.
func (e *Error) Error() string { return e.msg }

// errorf makes an *Error of the first line of the message, with control
// characters (which a store's answer may hold) shown as '?'.
func errorf(format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if i := strings.IndexAny(msg, "\r\n"); i >= 0 {
		msg = msg[:i]
	}
	msg = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, msg)
	return &Error{msg: msg}
}

// kinds are the stores this build knows, by the name that may prefix a
// URL ("victorialogs+http://..."); the first is the kind of a plain
// http(s) URL.
var kinds = []struct {
	name string
	new  func(u *url.URL, cfg config) Source
}{
	{"victorialogs", newVictoriaLogs},
}

// New returns the source a URL names: "KIND+http(s)://HOST[:PORT][/PATH]",
// or a plain http(s) URL for VictoriaLogs.
func New(rawURL string, opts ...Option) (Source, error) {
	cfg := newConfig(opts)
	kind := kinds[0]
	rest := rawURL
	if k, r, ok := strings.Cut(rawURL, "+"); ok && !strings.Contains(k, "/") {
		found := false
		for _, c := range kinds {
			if c.name == k {
				kind, rest, found = c, r, true
			}
		}
		if !found {
			return nil, fmt.Errorf("source %q: unknown kind %q (this build knows %s)", rawURL, k, kindNames())
		}
	}
	u, err := url.Parse(rest)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("source %q: want an http(s) URL of the store, such as http://127.0.0.1:9428", rawURL)
	}
	return kind.new(u, cfg), nil
}

func kindNames() string {
	var names []string
	for _, k := range kinds {
		names = append(names, k.name)
	}
	return strings.Join(names, ", ")
}
