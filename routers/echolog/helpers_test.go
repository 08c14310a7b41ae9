package echolog_test

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

type fixedClock struct{}

func (fixedClock) Now() time.Time                         { return time.Date(2026, 11, 21, 18, 21, 19, 0, time.UTC) }
func (fixedClock) NewTicker(d time.Duration) *time.Ticker { return time.NewTicker(d) }

// idFilter prints the keys of an access line that do not change from run
// to run, so that the example's output can be checked.
type idFilter struct{}

func (*idFilter) Write(p []byte) (int, error) {
	var m map[string]any
	if err := json.Unmarshal(p, &m); err != nil {
		return 0, err
	}
	fmt.Fprintf(os.Stdout, "msg=%q trace_id=%v http.route=%v url.path=%v parent_span_id=%v\n",
		m["msg"], m["trace_id"], m["http.route"], m["url.path"], m["tracelog.parent_span_id"])
	return len(p), nil
}
