package tracefind_test

import (
	"strings"
	"testing"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{tid, tid, false},
		{strings.ToUpper(tid), tid, false},
		{" \"" + tid + "\" ", tid, false},
		{"projects/shop-prod/traces/" + tid, tid, false},
		{"00-" + tid + "-" + sid + "-01", tid, false},
		{low64, low64, false},
		{"a3ce929d0e0e4736", low64, false},
		{"", "", true},
		{"xyz", "", true},
		{strings.Repeat("0", 32), "", true},
		{"0", "", true},
		{"99999999999999999999", "", true}, // > 2^64-1
		{tid + "0", "", true},
		{"g" + tid[1:], "", true},
	}
	for _, tc := range tests {
		q, err := tracefind.ParseQuery(tc.in)
		if (err != nil) != tc.err {
			t.Errorf("ParseQuery(%q): error %v, want error %v", tc.in, err, tc.err)
			continue
		}
		if err == nil && q.String() != tc.want {
			t.Errorf("ParseQuery(%q) = %s, want %s", tc.in, q, tc.want)
		}
	}
}

func TestQueryMatches(t *testing.T) {
	other := "0af7651916cd43dd8448eb211c80319c"
	lines := map[string]string{
		"otel":        `{"trace_id":"` + tid + `"}`,
		"ecs":         `{"trace.id":"` + tid + `"}`,
		"gcp":         `{"logging.googleapis.com/trace":"projects/p/traces/` + tid + `"}`,
		"dd":          `{"dd.trace_id":"` + low64 + `"}`,
		"other trace": `{"trace_id":"` + other + `"}`,
		// Same low 64 bits, other high bits: only a 64-bit query matches.
		"same low bits": `{"trace_id":"ffffffffffffffff` + tid[16:] + `"}`,
	}
	tests := []struct {
		query string
		match []string
	}{
		{tid, []string{"dd", "ecs", "gcp", "otel"}},
		{low64, []string{"dd", "ecs", "gcp", "otel", "same low bits"}},
		{tid[16:], []string{"dd", "ecs", "gcp", "otel", "same low bits"}},
	}
	for _, tc := range tests {
		q, err := tracefind.ParseQuery(tc.query)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, name := range []string{"dd", "ecs", "gcp", "other trace", "otel", "same low bits"} {
			var r tracefind.Record
			if err := r.Parse([]byte(lines[name]), false); err != nil {
				t.Fatal(err)
			}
			if q.Matches(&r) {
				got = append(got, name)
				// A matching line holds one of the needles.
				held := false
				for _, n := range q.Needles() {
					held = held || strings.Contains(lines[name], string(n))
				}
				if !held {
					t.Errorf("query %s matches %s, which holds none of its needles", tc.query, name)
				}
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.match, ",") {
			t.Errorf("query %s matches %v, want %v", tc.query, got, tc.match)
		}
	}
}
