package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// Exit codes, as grep has them.
const (
	ExitFound    = 0 // lines were found
	ExitNotFound = 1 // nothing was found
	ExitError    = 2 // bad usage, or an input could not be read
)

// Env is what the command reads and writes besides its arguments.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads the environment (NO_COLOR, TERM); nil reads nothing.
	Getenv func(string) string
}

// OSEnv is the process's own environment.
func OSEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

const usage = `usage: tracelog <command> [flags] [arguments]

Finds every line of a trace in JSON-lines logs (tracelog, ECS, GCP or
Datadog keys), across services, and shows the request as a tree.

commands:
  grep TRACE_ID [FILE|DIR ...]   print every line of the trace, in time order
  tree TRACE_ID [FILE|DIR ...]   print the trace's call tree as a waterfall
  stats [FILE|DIR ...]           count, error rate and latency per route
  version                        print the version

Inputs are files, directories (read recursively), gzip files (by content),
OTLP JSON files (the Collector's file exporter), stdin ("-" or no
argument), or a log store: --source URL (VictoriaLogs, http://HOST:9428;
default $TRACELOG_SOURCE when no FILE is given) with --since, --until and
--limit. TRACE_ID is 32 hex digits, a GCP
projects/P/traces/ID, a traceparent, or a decimal Datadog ID.

Exit status: 0 found, 1 nothing found, 2 usage or read error.
Run 'tracelog <command> -h' for a command's flags.
`

// Main runs the command line args (without the program name) and returns
// the exit code.
func Main(args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return ExitError
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "grep":
		return runGrep(rest, env)
	case "tree":
		return runTree(rest, env)
	case "stats":
		return runStats(rest, env)
	case "version", "--version", "-version":
		fmt.Fprintln(env.Stdout, "tracelog", version())
		return ExitFound
	case "help", "-h", "-help", "--help":
		fmt.Fprint(env.Stdout, usage)
		return ExitFound
	default:
		fmt.Fprintf(env.Stderr, "tracelog: unknown command %q\n\n%s", cmd, usage)
		return ExitError
	}
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// newFlagSet makes a flag set for a command that writes its usage to
// stderr.
func newFlagSet(name, synopsis string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet("tracelog "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "usage: tracelog %s %s\n\nflags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseArgs parses flags that may come before, between or after the
// positional arguments (up to a "--", after which all are positional).
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	return append(pos, tail...), nil
}

// exitForFlagError maps a flag error to an exit code: -h is not an error.
func exitForFlagError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitFound
	}
	return ExitError
}

// colorFlag is the --color flag.
type colorFlag string

func (c *colorFlag) String() string { return string(*c) }

func (c *colorFlag) Set(s string) error {
	switch s {
	case "auto", "always", "never":
		*c = colorFlag(s)
		return nil
	}
	return fmt.Errorf("want auto, always or never")
}

// commonFlags are the flags of every command.
type commonFlags struct {
	color   colorFlag
	maxLine int
}

func (c *commonFlags) register(fs *flag.FlagSet, withColor bool) {
	c.color = "auto"
	if withColor {
		fs.Var(&c.color, "color", "color the output: auto (when stdout is a terminal and NO_COLOR is unset), always or never")
	}
	fs.IntVar(&c.maxLine, "max-line", tracefind.DefaultMaxLine, "longest line read, in bytes; longer lines are skipped and counted")
}

// maxMaxLine bounds --max-line, which is also the read buffer's size.
const maxMaxLine = 256 << 20

// check reports a bad flag value.
func (c *commonFlags) check(cmd string, env Env) bool {
	if c.maxLine < 256 || c.maxLine > maxMaxLine {
		fmt.Fprintf(env.Stderr, "tracelog %s: --max-line %d: want 256 to %d bytes\n", cmd, c.maxLine, maxMaxLine)
		return false
	}
	return true
}

// inputs expands the path arguments, reporting those that cannot be read.
func inputs(args []string, env Env) ([]tracefind.Input, bool) {
	ins, errs := tracefind.ExpandInputs(args, env.Stdin)
	for _, err := range errs {
		fmt.Fprintf(env.Stderr, "tracelog: %v\n", err)
	}
	return ins, len(errs) == 0
}

// report writes the read errors and skipped counts to stderr and returns
// whether every input was read.
func report(res tracefind.Result, maxLine int, env Env) bool {
	for _, err := range res.Errs {
		fmt.Fprintf(env.Stderr, "tracelog: %v\n", err)
	}
	for _, m := range res.Skipped.Messages(maxLine) {
		fmt.Fprintf(env.Stderr, "tracelog: %s\n", m)
	}
	return len(res.Errs) == 0
}

// output buffers stdout.
func output(env Env) *bufio.Writer { return bufio.NewWriterSize(env.Stdout, 64<<10) }

// finish flushes out and picks the exit code.
func finish(out *bufio.Writer, env Env, found, ok bool) int {
	if err := out.Flush(); err != nil {
		fmt.Fprintf(env.Stderr, "tracelog: writing output: %v\n", err)
		return ExitError
	}
	switch {
	case !ok:
		return ExitError
	case !found:
		return ExitNotFound
	}
	return ExitFound
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// needArgs reports a usage error when fewer than n positional arguments
// were given.
func needArgs(fs *flag.FlagSet, pos []string, n int, what string, env Env) bool {
	if len(pos) >= n {
		return true
	}
	fmt.Fprintf(env.Stderr, "tracelog %s: missing %s\n", strings.TrimPrefix(fs.Name(), "tracelog "), what)
	fs.Usage()
	return false
}
