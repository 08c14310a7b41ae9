package tracefind

import "fmt"

// Skipped counts the lines that were skipped as bad input.
type Skipped struct {
	// NotJSON counts lines that are not a JSON object (nor a console
	// line): plain text, binary data.
	NotJSON int64
	// Malformed counts lines that start as JSON but do not parse: cut
	// short, mangled.
	Malformed int64
	// TooLong counts lines longer than the line limit, skipped unread.
	TooLong int64
}

// Total is the number of lines skipped.
func (s Skipped) Total() int64 { return s.NotJSON + s.Malformed + s.TooLong }

// Add adds o's counts to s.
func (s *Skipped) Add(o Skipped) {
	s.NotJSON += o.NotJSON
	s.Malformed += o.Malformed
	s.TooLong += o.TooLong
}

// Messages describes the counts for people, one message per kind that
// happened, such as "skipped 3 lines that are not JSON". maxLine is the
// line limit in bytes.
func (s Skipped) Messages(maxLine int) []string {
	var out []string
	if s.NotJSON > 0 {
		out = append(out, fmt.Sprintf("skipped %d %s that %s not JSON", s.NotJSON, plural(s.NotJSON, "line", "lines"), plural(s.NotJSON, "is", "are")))
	}
	if s.Malformed > 0 {
		out = append(out, fmt.Sprintf("skipped %d %s of malformed or truncated JSON", s.Malformed, plural(s.Malformed, "line", "lines")))
	}
	if s.TooLong > 0 {
		out = append(out, fmt.Sprintf("skipped %d %s longer than %s", s.TooLong, plural(s.TooLong, "line", "lines"), byteSize(maxLine)))
	}
	return out
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
