package httplog_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// sink collects log output safely across goroutines.
type sink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *sink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// lines decodes the JSON lines written so far.
func (s *sink) lines(t *testing.T) []line {
	t.Helper()
	var out []line
	for _, l := range strings.Split(strings.TrimSuffix(s.String(), "\n"), "\n") {
		if l == "" {
			continue
		}
		var m line
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line is not JSON: %v\n%s", err, l)
		}
		out = append(out, m)
	}
	return out
}

// wait returns the lines once there are n with message msg (bounded).
func (s *sink) wait(t *testing.T, msg string, n int) []line {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var got []line
		for _, l := range s.lines(t) {
			if l["msg"] == msg {
				got = append(got, l)
			}
		}
		if len(got) >= n || time.Now().After(deadline) {
			if len(got) != n {
				t.Fatalf("%d lines %q, want %d:\n%s", len(got), msg, n, s.String())
			}
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// line is one decoded log line.
type line map[string]any

// str returns the string at key, or the strings of an array at key (a
// header's values in the OTel profile) joined with ", " as one string has
// them in the other profiles; headers_test.go checks which shape a
// profile writes.
func (l line) str(key string) string {
	if a, ok := l[key].([]any); ok {
		var vs []string
		for _, v := range a {
			s, _ := v.(string)
			vs = append(vs, s)
		}
		return strings.Join(vs, ", ")
	}
	s, _ := l[key].(string)
	return s
}

func (l line) num(key string) float64 {
	f, _ := l[key].(float64)
	return f
}

func (l line) keys() []string {
	return slices.Sorted(maps.Keys(l))
}

// hasKeys fails unless l has exactly the keys want (in any order).
func (l line) hasKeys(t *testing.T, want ...string) {
	t.Helper()
	slices.Sort(want)
	if got := l.keys(); !slices.Equal(got, want) {
		t.Errorf("keys\n got %v\nwant %v", got, want)
	}
}

// newLog returns a tracelog.New JSON logger without caller writing to a
// sink.
func newLog(t testing.TB, opts ...tracelog.Option) (*zap.Logger, *sink) {
	t.Helper()
	s := &sink{}
	log, err := tracelog.New(append([]tracelog.Option{tracelog.WithOutput(s), tracelog.WithoutCaller(), tracelog.WithLevel(zap.NewAtomicLevelAt(zap.DebugLevel))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return log, s
}

// serverKeys are the keys of a plain server access line.
var serverKeys = []string{
	"level", "time", "msg", "trace_id", "span_id", "trace_flags",
	"http.request.method", "url.path", "http.response.status_code", "duration", "tracelog.http.request.body.size",
	"tracelog.http.response.body.size", "client.address", "user_agent.original", "network.protocol.version",
}

func plus(base []string, more ...string) []string {
	return append(slices.Clone(base), more...)
}

func minus(base []string, drop ...string) []string {
	return slices.DeleteFunc(slices.Clone(base), func(k string) bool { return slices.Contains(drop, k) })
}
