package benchtable

import (
	"bufio"
	"io"
	"strings"
)

// Requires returns the required module versions of a go.mod file, by
// module path (direct and indirect alike).
func Requires(gomod io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(gomod)
	inBlock := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		switch {
		case line == "":
			continue
		case inBlock && line == ")":
			inBlock = false
			continue
		case line == "require (":
			inBlock = true
			continue
		case strings.HasPrefix(line, "require "):
			line = strings.TrimSpace(strings.TrimPrefix(line, "require "))
		case !inBlock:
			continue
		}
		if f := strings.Fields(line); len(f) == 2 {
			out[f[0]] = f[1]
		}
	}
	return out, sc.Err()
}
