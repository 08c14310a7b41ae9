package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/cli"
)

// Each key profile's lines, shipped into a real VictoriaLogs as JSON lines,
// print the tree they print from files (the golden one), asked for by the
// full ID and by the Datadog decimal one. Needs TRACELOG_VICTORIALOGS.
func TestTreeFromVictoriaLogsEveryProfile(t *testing.T) {
	bin := os.Getenv("TRACELOG_VICTORIALOGS")
	if bin == "" {
		t.Skip("TRACELOG_VICTORIALOGS is not set (build VictoriaLogs with .ci/victorialogs)")
	}
	for _, tc := range keyProfiles {
		t.Run(tc.name, func(t *testing.T) {
			dir, ids := shop(t, tc.profiles...)
			addr := startVictoriaLogs(t, bin)
			var all bytes.Buffer
			files, _ := filepath.Glob(filepath.Join(dir, "*"))
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				all.Write(b)
			}
			shipJSONLines(t, addr, &all, tc.profiles...)
			window := []string{"--source", "http://" + addr, "--since", "2026-11-21T00:00:00Z", "--until", "2026-11-22T00:00:00Z"}
			_, fromFiles, _ := run(t, "", "tree", "--color=never", ids.Trace.String(), dir)
			code, out, errOut := run(t, "", append([]string{"tree", "--color=never", ids.Trace.String()}, window...)...)
			if code != cli.ExitFound || errOut != "" || out != fromFiles {
				t.Errorf("tree from VictoriaLogs: exit %d, stderr %q\n%s\nfrom the files:\n%s", code, errOut, out, fromFiles)
			}
			// The 64-bit form asks for the IDs ending in it.
			low := ids.Trace.String()[16:]
			_, lowFiles, _ := run(t, "", "grep", "--color=never", low, dir)
			code, out, errOut = run(t, "", append([]string{"grep", "--color=never", low}, window...)...)
			if code != cli.ExitFound || errOut != "" || out != lowFiles {
				t.Errorf("grep %s from VictoriaLogs: exit %d, stderr %q\n%s\nfrom the files:\n%s", low, code, errOut, out, lowFiles)
			}
		})
	}
}
