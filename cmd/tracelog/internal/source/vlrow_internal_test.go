package source

import (
	"testing"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// Whatever VictoriaLogs answers, converting a line never panics, and a line
// it accepts comes out as a JSON object that parses.
func FuzzVictoriaLogsRow(f *testing.F) {
	f.Add([]byte(`{"_msg":"charge failed","_time":"2026-12-04T07:41:30.370783985Z","code.file.path":"/a/b/c.go","code.line.number":"4","duration":"0.1","severity_text":"error","trace_id":"608b7c1c2d5cb92d04c802692aa280c9"}`))
	f.Add([]byte(`{"_msg":"x","n":1,"o":{"a":"b"},"arr":"[1,{\"x\":2}]","severity_number":"99","code.lineno":"\"4\""}`))
	f.Add([]byte(`{"_time":"2026-12-04T07:41:30Z","dd.trace_id":"123","level":"info","msg":"dup","time":"dup"}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		var v vlRow
		out, err := v.convert(line, nil)
		if err != nil {
			return
		}
		var r tracefind.Record
		if perr := r.Parse(out, true); perr != nil {
			t.Fatalf("%q converted to %q, which does not parse: %v", line, out, perr)
		}
	})
}
