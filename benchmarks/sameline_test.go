package benchmarks_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/felixge/httpsnoop"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/internal/jsonenc"
)

// sameLine is the floor of tracelog's access line: a hand-written
// middleware (httpsnoop.CaptureMetrics and one zap line) writing the very
// keys and values httplog writes, with tracelog's encoder and encoder
// config, and nothing else: the trace context cut from the traceparent
// header by position (no validation, no tracestate, no context for the
// handler), a new span ID from math/rand, no redaction, no route
// template (the pattern ServeMux sets), no sampling, no request logger.
// What tracelog adds over it is the price of its checks and plumbing.
func sameLine(log *zap.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var route string
		m := httpsnoop.CaptureMetrics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			route = r.Pattern
		}), w, r)
		tp := r.Header.Get("Traceparent")
		var traceID, parent, flags string
		if len(tp) == 55 {
			traceID, parent, flags = tp[3:35], tp[36:52], tp[53:55]
		}
		var id [8]byte
		for i, v := 0, rand.Uint64(); i < 8; i, v = i+1, v>>8 {
			id[i] = byte(v)
		}
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		if len(route) > 4 && route[:4] == "GET " {
			route = route[4:]
		}
		log.Info("http request",
			zap.String("trace_id", traceID),
			zap.String("span_id", hex.EncodeToString(id[:])),
			zap.String("trace_flags", flags),
			zap.String("http.request.method", r.Method),
			zap.String("http.route", route),
			zap.String("url.path", r.URL.Path),
			zap.Int("http.response.status_code", m.Code),
			zap.Duration("duration", m.Duration),
			zap.Int64("tracelog.http.request.body.size", max(r.ContentLength, 0)),
			zap.Int64("tracelog.http.response.body.size", m.Written),
			zap.String("client.address", host),
			zap.String("user_agent.original", r.UserAgent()),
			zap.String("network.protocol.version", "1.1"),
			zap.String("tracelog.parent_span_id", parent),
		)
	})
}

// sameLineLogger is plain zap with tracelog's JSON encoder and encoder
// config (its time and duration formats), at Info, to w.
func sameLineLogger(e env) *zap.Logger {
	enc := jsonenc.New(tracelog.EncoderConfig(tracelog.EncodingJSON))
	return zap.New(zapcore.NewCore(enc, zapcore.AddSync(e.out), zapcore.InfoLevel))
}

// TestSameLineIsTracelogsLine checks that the floor writes what
// tracelog_httplog writes: the same keys with the same values, but the
// time, the duration and the new span ID.
func TestSameLineIsTracelogsLine(t *testing.T) {
	line := func(name string) map[string]any {
		for _, s := range httpSetups {
			if s.name != name {
				continue
			}
			var buf bytes.Buffer
			h := s.make(t, env{out: &buf})
			h.ServeHTTP(httptest.NewRecorder(), benchRequest())
			var m map[string]any
			if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
				t.Fatalf("%s: %v: %s", name, err, buf.String())
			}
			for _, k := range []string{"time", "duration", "span_id"} {
				if _, ok := m[k]; !ok {
					t.Fatalf("%s: no %s: %s", name, k, buf.String())
				}
				delete(m, k)
			}
			return m
		}
		t.Fatalf("no setup %s", name)
		return nil
	}
	want, got := line("tracelog_httplog"), line("zap_httpsnoop_same_line")
	wb, _ := json.Marshal(want)
	gb, _ := json.Marshal(got)
	if string(wb) != string(gb) {
		t.Errorf("the floor's line differs from tracelog's:\n got %s\nwant %s", gb, wb)
	}
}
