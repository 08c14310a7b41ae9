package benchmarks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"

	"github.com/tracelog/tracelog"
)

// TestLineSetups checks that each setup of BenchmarkCorrelatedLine writes
// its line, and the trace ID where it claims to: on the line, or on the
// OpenTelemetry record; reference rows must carry none.
func TestLineSetups(t *testing.T) {
	ctx := sdkSpan(t)
	sc := trace.SpanContextFromContext(ctx)
	tid, sid := sc.TraceID().String(), sc.SpanID().String()
	for _, s := range lineSetups {
		t.Run(s.name, func(t *testing.T) {
			var buf bytes.Buffer
			rec := &recordingExporter{}
			logLine := s.make(t, testEnv(t, &buf, rec, tracetest.NewSpanRecorder()), ctx)
			logLine(ctx)
			out := buf.String()
			t.Log(strings.TrimSpace(out))
			if strings.Count(out, "\n") != 1 || !strings.Contains(out, lineMsg) || !strings.Contains(out, lineCurrency) {
				t.Fatalf("want one line with the message and fields, got %q", out)
			}
			records := rec.all()
			switch s.ids {
			case "line":
				if !strings.Contains(out, tid) || !strings.Contains(out, sid) {
					t.Errorf("line lacks trace ID %s or span ID %s: %s", tid, sid, out)
				}
			case "record":
				if len(records) != 1 || records[0].traceID != sc.TraceID() || records[0].body != lineMsg {
					t.Errorf("want one record with trace ID %s, got %+v", tid, records)
				}
			case "":
				if strings.Contains(out, tid) {
					t.Errorf("reference row carries the trace ID: %s", out)
				}
			default:
				t.Fatalf("unknown ids %q", s.ids)
			}
			if s.ids != "record" && len(records) != 0 {
				t.Errorf("unexpected OpenTelemetry records: %+v", records)
			}
		})
	}
}

// TestHTTPSetups serves one request through each setup of
// BenchmarkHTTPAccessLine and checks the response, the number of lines,
// the incoming trace ID where the setup correlates, and otelhttp's span.
func TestHTTPSetups(t *testing.T) {
	for _, s := range httpSetups {
		t.Run(s.name, func(t *testing.T) {
			var buf bytes.Buffer
			spans := tracetest.NewSpanRecorder()
			h := s.make(t, testEnv(t, &buf, &recordingExporter{}, spans))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, benchRequest())
			if rec.Code != http.StatusOK || rec.Body.String() != string(helloBody) {
				t.Fatalf("got %d %q", rec.Code, rec.Body.String())
			}
			out := buf.String()
			t.Log(strings.TrimSpace(out))
			if got := strings.Count(out, "\n"); got != s.lines {
				t.Errorf("got %d lines, want %d: %s", got, s.lines, out)
			}
			if got := strings.Contains(out, reqTraceID); got != s.ids {
				t.Errorf("incoming trace ID on the line: %v, want %v: %s", got, s.ids, out)
			}
			ended := spans.Ended()
			if s.span {
				if len(ended) != 1 || ended[0].SpanContext().TraceID().String() != reqTraceID {
					t.Errorf("want one span of trace %s, got %d", reqTraceID, len(ended))
				}
			} else if len(ended) != 0 {
				t.Errorf("want no span, got %d", len(ended))
			}
		})
	}
}

// TestGRPCSetups calls each interceptor of BenchmarkGRPCUnaryCall once and
// checks the number of lines and the incoming trace ID on them.
func TestGRPCSetups(t *testing.T) {
	for _, s := range grpcSetups {
		if s.make == nil {
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			var buf bytes.Buffer
			icpt := s.make(t, testEnv(t, &buf, &recordingExporter{}, tracetest.NewSpanRecorder()))
			resp, err := icpt(grpcCtx(t, s), nil, grpcInfo, grpcHandler)
			if err != nil || resp != grpcResp {
				t.Fatalf("got %v, %v", resp, err)
			}
			out := buf.String()
			t.Log(strings.TrimSpace(out))
			if got := strings.Count(out, "\n"); got != s.lines {
				t.Errorf("got %d lines, want %d", got, s.lines)
			}
			if got := strings.Count(out, reqTraceID); s.ids && got != s.lines {
				t.Errorf("trace ID on %d lines of %d", got, s.lines)
			}
		})
	}
}

// TestInterceptorLoggerKeepsNoFields guards the fix to the docs' adapter:
// a second call's line must not carry the first call's fields.
func TestInterceptorLoggerKeepsNoFields(t *testing.T) {
	var buf bytes.Buffer
	l := interceptorLogger(zap.New(zapJSONCore(&buf)))
	l.Log(context.Background(), logging.LevelInfo, "first", "a", 1)
	l.Log(context.Background(), logging.LevelInfo, "second", "b", 2)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || strings.Contains(lines[1], `"a":1`) || !strings.Contains(lines[1], `"b":2`) {
		t.Fatalf("fields leaked between calls: %q", lines)
	}
}

// TestDroppedSetups checks that each line of BenchmarkDroppedLine is
// indeed left out.
func TestDroppedSetups(t *testing.T) {
	ctx := sdkSpan(t)
	for _, s := range droppedSetups {
		t.Run(s.name, func(t *testing.T) {
			var buf bytes.Buffer
			logLine := s.make(t, testEnv(t, &buf, &recordingExporter{}, tracetest.NewSpanRecorder()), ctx)
			buf.Reset() // zap_sampler's one line of the hour
			for range 3 {
				logLine()
			}
			if buf.Len() != 0 {
				t.Errorf("a dropped line was written: %s", buf.String())
			}
		})
	}
}

// TestRedactSetups checks that the redacting setup masks the password,
// leaves a clean line as the floor writes it, and that the floor does not
// mask (so the benchmark compares work that differs).
func TestRedactSetups(t *testing.T) {
	write := func(i int, fields []zap.Field) string {
		var buf bytes.Buffer
		redactSetups[i].make(&buf).Info(lineMsg, fields...)
		return stripTS(buf.String())
	}
	if floor, red := write(0, cleanFields), write(1, cleanFields); floor != red {
		t.Errorf("clean line changed:\n%s\n%s", floor, red)
	}
	if floor := write(0, secretFields); !strings.Contains(floor, "hunter2") {
		t.Errorf("floor: %s", floor)
	}
	if red := write(1, secretFields); strings.Contains(red, "hunter2") || !strings.Contains(red, `"password":"[REDACTED]"`) {
		t.Errorf("secret not masked: %s", red)
	}
}

// stripTS removes the "ts" key of a production zap line.
func stripTS(line string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil {
		return line
	}
	delete(m, "ts")
	out, _ := json.Marshal(m)
	return string(out)
}

// TestTracelogRedactsByDefault checks what separates the tracelog rows:
// tracelog.New masks a password, WithoutRedaction writes it.
func TestTracelogRedactsByDefault(t *testing.T) {
	var on, off bytes.Buffer
	tracelogLogger(t, &on).Info(lineMsg, secretFields...)
	tracelogLogger(t, &off, tracelog.WithoutRedaction()).Info(lineMsg, secretFields...)
	if strings.Contains(on.String(), "hunter2") || !strings.Contains(on.String(), `"password":"[REDACTED]"`) {
		t.Errorf("default: %s", on.String())
	}
	if !strings.Contains(off.String(), `"password":"hunter2"`) {
		t.Errorf("WithoutRedaction: %s", off.String())
	}
}
