package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/source"
	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// EnvSource names the environment variable that gives --source's default.
const EnvSource = "TRACELOG_SOURCE"

// Defaults of the flags that read a log store.
const (
	defaultSince      = "24h"
	defaultLimit      = 100_000   // lines of one trace (grep, tree)
	defaultStatsLimit = 1_000_000 // access lines (stats)
)

// sourceFlags are the flags that read a log store: --source, --since,
// --until and --limit.
type sourceFlags struct {
	url          string
	since, until string
	limit        int
	// searched names the store and window asked, once asked.
	searched string
}

func (s *sourceFlags) register(fs *flag.FlagSet, limit int) {
	fs.StringVar(&s.url, "source", "", "read the lines from a log store at this URL (VictoriaLogs: http://HOST:9428) instead of stdin; default $"+EnvSource+" when no FILE is given")
	fs.StringVar(&s.since, "since", defaultSince, "with --source: the oldest lines read, as a duration before now (24h, 90m) or an RFC 3339 time")
	fs.StringVar(&s.until, "until", "", "with --source: the newest lines read, as a duration before now or an RFC 3339 time (default now)")
	fs.IntVar(&s.limit, "limit", limit, "with --source: the most lines the store may answer; more is an error")
}

// request builds the store's request, or reports a bad flag. now is the
// time durations count back from.
func (s *sourceFlags) request(cmd string, q *tracefind.Query, now time.Time, env Env) (source.Request, bool) {
	r := source.Request{Trace: q, Limit: s.limit}
	var err error
	if r.Since, err = pointInTime(s.since, now); err != nil {
		fmt.Fprintf(env.Stderr, "tracelog %s: --since %q: %v\n", cmd, s.since, err)
		return r, false
	}
	if r.Until, err = pointInTime(s.until, now); err != nil {
		fmt.Fprintf(env.Stderr, "tracelog %s: --until %q: %v\n", cmd, s.until, err)
		return r, false
	}
	if r.Until.IsZero() {
		r.Until = now
	}
	if !r.Since.IsZero() && !r.Since.Before(r.Until) {
		fmt.Fprintf(env.Stderr, "tracelog %s: --since %s is not before --until %s\n", cmd, r.Since.Format(time.RFC3339), r.Until.Format(time.RFC3339))
		return r, false
	}
	if s.limit < 1 {
		fmt.Fprintf(env.Stderr, "tracelog %s: --limit %d: want at least 1\n", cmd, s.limit)
		return r, false
	}
	return r, true
}

// pointInTime reads a duration before now or an RFC 3339 time; "" is the
// zero time.
func pointInTime(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			return time.Time{}, errors.New("want a positive duration")
		}
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Time{}, errors.New("want a duration before now (24h) or an RFC 3339 time (2026-11-21T18:00:00Z)")
}

// readInputs returns the inputs of a command: the FILE arguments, and the
// store of --source (or of $TRACELOG_SOURCE when no FILE is given), which
// replaces stdin. ok is false after a usage error or a FILE that cannot be
// read (reported).
func readInputs(cmd string, fs *flag.FlagSet, sf *sourceFlags, q *tracefind.Query, files []string, env Env) (ins []tracefind.Input, ok, usable bool) {
	url := sf.url
	if url == "" && len(files) == 0 {
		url = env.Getenv(EnvSource)
	}
	if url == "" {
		for _, name := range []string{"since", "until", "limit"} {
			if isSet(fs, name) {
				fmt.Fprintf(env.Stderr, "tracelog %s: --%s reads a log store: give --source (or $%s) too\n", cmd, name, EnvSource)
				return nil, false, false
			}
		}
		ins, ok = inputs(files, env)
		return ins, ok, true
	}
	src, err := source.New(url)
	if err != nil {
		fmt.Fprintf(env.Stderr, "tracelog %s: %v\n", cmd, err)
		return nil, false, false
	}
	req, good := sf.request(cmd, q, time.Now(), env)
	if !good {
		return nil, false, false
	}
	ok = true
	if len(files) > 0 {
		ins, ok = inputs(files, env)
	}
	ins = append(ins, tracefind.NewInput(src.Name(), func() (io.ReadCloser, error) {
		return src.Open(context.Background(), req)
	}))
	sf.searched = fmt.Sprintf("%s from %s to %s", src.Name(), req.Since.UTC().Format(time.RFC3339), req.Until.UTC().Format(time.RFC3339))
	return ins, ok, true
}

// isSet reports whether the flag was given.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// where says what was searched, for the message of a search that found
// nothing: the store and its window, or the bytes read.
func (s *sourceFlags) where(res tracefind.Result) string {
	if s.searched != "" {
		return s.searched
	}
	return sizeText(res.Bytes) + " read"
}

// storeFailed reports whether a log store failed: then nothing is printed
// but the errors, since the answer may be partial.
func storeFailed(res tracefind.Result) bool {
	for _, err := range res.Errs {
		var se *source.Error
		if errors.As(err, &se) {
			return true
		}
	}
	return false
}
