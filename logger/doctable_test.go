package logger_test

import (
	"os"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/logger"
)

// The key tables of the package documentation and of the README are the
// profiles' table, row for row: a key added, renamed or left out of one
// of them fails here.
func TestKeyTablesFollowTheProfiles(t *testing.T) {
	byLogical := map[string]logger.Key{}
	for k := logger.TimeKey; k <= logger.SamplingDroppedRequestsKey; k++ {
		byLogical[k.String()] = k
	}
	profiles := []logger.Profile{logger.OTel(), logger.ECS(), logger.GCP("p"), logger.Datadog()}
	for _, doc := range []struct{ file, prefix string }{{"doc.go", "//\t| "}, {"../README.md", "| `"}} {
		b, err := os.ReadFile(doc.file)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[logger.Key]bool{}
		for _, l := range strings.Split(string(b), "\n") {
			if !strings.HasPrefix(l, doc.prefix) {
				continue
			}
			cells := strings.Split(strings.Trim(strings.TrimPrefix(l, "//\t"), "| "), " | ")
			for i := range cells {
				cells[i] = strings.Trim(cells[i], "`")
			}
			k, ok := byLogical[cells[0]]
			if !ok || len(cells) != 1+len(profiles) {
				continue // another table, or its header
			}
			seen[k] = true
			for i, p := range profiles {
				want := p.Name(k)
				if g := p.HTTPGroup(); g != "" && logger.InHTTPGroup(k) {
					want = g + "." + want
				}
				if want == "" {
					want = "–"
				}
				if cells[1+i] != want {
					t.Errorf("%s: %s in %s is %q, the table says %q", doc.file, k, p, want, cells[1+i])
				}
			}
		}
		for k := range byLogical {
			if !seen[byLogical[k]] {
				t.Errorf("%s: no row for %q", doc.file, k)
			}
		}
	}
}
