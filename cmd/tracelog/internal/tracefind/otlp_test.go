package tracefind_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// An OTLP request of logs as the Collector's file exporter writes it: two
// resources, one of them with a record of another trace.
const otlpRequest = `{"resourceLogs":[` +
	`{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"payments"}},{"key":"service.version","value":{"stringValue":"1.0.0"}},{"key":"telemetry.sdk.name","value":{"stringValue":"opentelemetry"}}]},` +
	`"scopeLogs":[{"scope":{"name":"github.com/tracelog/tracelog"},"logRecords":[` +
	`{"timeUnixNano":"1796370090370783985","severityNumber":17,"severityText":"error","body":{"stringValue":"charge failed"},"attributes":[{"key":"code.file.path","value":{"stringValue":"/src/examples/shop/payments.go"}},{"key":"code.line.number","value":{"intValue":"40"}},{"key":"code.function.name","value":{"stringValue":"main.charge"}},{"key":"code.stacktrace","value":{"stringValue":"main.charge\n\t/src/payments.go:40"}},{"key":"order","value":{"stringValue":"o-3"}},{"key":"cents","value":{"intValue":"1299"}},{"key":"duration","value":{"doubleValue":0.155316}},{"key":"ok","value":{"boolValue":false}},{"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":"2"}]}}},{"key":"card","value":{"kvlistValue":{"values":[{"key":"brand","value":{"stringValue":"visa"}}]}}}],"flags":1,"traceId":"608b7c1c2d5cb92d04c802692aa280c9","spanId":"b56d4df56d50150b"},` +
	`{"timeUnixNano":"1796370090370783999","severityNumber":9,"body":{"stringValue":"other trace"},"traceId":"11111111111111111111111111111111","spanId":"b56d4df56d50150b"}]}]},` +
	`{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"orders"}}]},` +
	`"scopeLogs":[{"logRecords":[` +
	`{"observedTimeUnixNano":"1796370090370599914","severityNumber":13,"body":{"stringValue":"creating order"},"attributes":[{"key":"http.status","value":{"intValue":500}}],"traceId":"608b7c1c2d5cb92d04c802692aa280c9","spanId":"da6ebeaa4266e560"}]}]}]}`

// Each record of an OTLP request is a line in tracelog's keys: the
// semantic conventions' code.* keys come back as caller and stacktrace,
// what describes the exporter is left out, values keep their JSON type.
func TestFindReadsOTLPJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "logs.jsonl")
	data := "not json\n" + otlpRequest + "\n" + `{"resourceLogs":[` + "\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	ins, errs := tracefind.ExpandInputs([]string{path}, nil)
	if errs != nil {
		t.Fatal(errs)
	}
	found, res := tracefind.Find(ins, mustQuery(t, "608b7c1c2d5cb92d04c802692aa280c9"))
	if len(found) != 2 {
		t.Fatalf("found %d records, want 2: %v", len(found), msgs(found))
	}
	want := []string{
		`{"time":"2026-12-04T07:41:30.370599914Z","level":"warn","msg":"creating order","service.name":"orders","http.status":500,"trace_id":"608b7c1c2d5cb92d04c802692aa280c9","span_id":"da6ebeaa4266e560"}`,
		`{"time":"2026-12-04T07:41:30.370783985Z","level":"error","msg":"charge failed","service.name":"payments","service.version":"1.0.0","code.file.path":"shop/payments.go","code.line.number":40,"code.stacktrace":"main.charge\n\t/src/payments.go:40","order":"o-3","cents":1299,"duration":0.155316,"ok":false,"tags":["a",2],"card":{"brand":"visa"},"trace_id":"608b7c1c2d5cb92d04c802692aa280c9","span_id":"b56d4df56d50150b"}`,
	}
	for i, f := range found {
		if string(f.Line) != want[i] {
			t.Errorf("record %d:\n got %s\nwant %s", i, f.Line, want[i])
		}
	}
	f := found[1]
	if string(f.Service) != "payments" || string(f.Level) != "error" || !f.HasSpanID || f.SpanID.String() != "b56d4df56d50150b" {
		t.Errorf("record read as service %q level %q span %v", f.Service, f.Level, f.SpanID)
	}
	if res.Skipped.NotJSON != 1 || res.Skipped.Malformed != 1 {
		t.Errorf("skipped %+v, want the text line and the cut request counted", res.Skipped)
	}
}

// stats reads the access records of an OTLP file.
func TestStatsReadsOTLPJSON(t *testing.T) {
	req := strings.ReplaceAll(otlpRequest, `"charge failed"`, `"http request"`)
	req = strings.ReplaceAll(req, `{"key":"order"`, `{"key":"http.method","value":{"stringValue":"POST"}},{"key":"http.route","value":{"stringValue":"/charge"}},{"key":"order"`)
	path := filepath.Join(t.TempDir(), "logs.jsonl")
	if err := os.WriteFile(path, []byte(req+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ins, _ := tracefind.ExpandInputs([]string{path}, nil)
	routes, _ := tracefind.Stats(ins)
	if len(routes) != 1 || routes[0].Service != "payments" || routes[0].Route != "POST /charge" || routes[0].Count != 1 || routes[0].Errors != 1 {
		t.Fatalf("routes = %+v", routes)
	}
}
