package cli

import (
	"io"
	"os"
)

// palette holds the escape sequences of the output; all are empty when
// color is off.
type palette struct {
	reset, dim, bold, red, green, yellow, blue, cyan string
}

var (
	colors   = palette{"\x1b[0m", "\x1b[2m", "\x1b[1m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[34m", "\x1b[36m"}
	noColors palette
)

// paletteFor decides on color: "always" and "never" say so; "auto" colors
// when stdout is a terminal, NO_COLOR is unset or empty and TERM is not
// "dumb".
func paletteFor(mode colorFlag, stdout io.Writer, getenv func(string) string) palette {
	switch mode {
	case "always":
		return colors
	case "never":
		return noColors
	}
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return noColors
	}
	if isTerminal(stdout) {
		return colors
	}
	return noColors
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// paint wraps s in the escape code c (none when c is empty).
func (p palette) paint(c, s string) string {
	if c == "" {
		return s
	}
	return c + s + p.reset
}

// level colors a level name.
func (p palette) level(lvl string) string {
	switch lvl {
	case "debug", "DEBUG":
		return p.blue
	case "info", "INFO":
		return p.green
	case "warn", "WARN", "warning", "WARNING":
		return p.yellow
	case "error", "ERROR", "dpanic", "DPANIC", "panic", "PANIC", "fatal", "FATAL":
		return p.red
	}
	return ""
}
