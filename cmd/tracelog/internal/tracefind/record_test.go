package tracefind_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

const (
	tid = "4bf92f3577b34da6a3ce929d0e0e4736"
	sid = "00f067aa0ba902b7"
	// low64 is the decimal of tid's low 64 bits (a3ce929d0e0e4736).
	low64 = "11803532876627986230"
)

// summary renders the parts of a record the tests check.
func summary(r *tracefind.Record) string {
	var b strings.Builder
	if !r.Time.IsZero() {
		b.WriteString("time=" + r.Time.Format(time.RFC3339Nano) + " ")
	}
	add := func(k string, v []byte) {
		if len(v) > 0 {
			b.WriteString(k + "=" + string(v) + " ")
		}
	}
	add("level", r.Level)
	add("msg", r.Msg)
	add("service", r.Service)
	if r.HasTraceID {
		b.WriteString("trace=" + r.TraceID.String() + " ")
	}
	if r.HasDDTraceID {
		b.WriteString("dd=" + uitoa(r.DDTraceID) + " ")
	}
	if r.HasSpanID {
		b.WriteString("span=" + r.SpanID.String() + " ")
	}
	if r.HasParentSpanID {
		b.WriteString("parent=" + r.ParentSpanID.String() + " ")
	}
	if route := r.AppendRoute(nil); len(route) > 0 {
		b.WriteString("route=" + string(route) + " ")
	}
	if s := r.StatusText(); s != "" {
		b.WriteString("status=" + s + " ")
	}
	if r.HasDuration {
		b.WriteString("duration=" + r.Duration.String() + " ")
	}
	return strings.TrimSpace(b.String())
}

func uitoa(v uint64) string {
	s := ""
	for {
		s = string(rune('0'+v%10)) + s
		v /= 10
		if v == 0 {
			return s
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"tracelog line",
			`{"level":"info","time":"2026-11-21T18:21:19.123456789Z","msg":"charged","caller":"pkg/f.go:12","service.name":"checkout","service.version":"1.4.2","trace_id":"` + tid + `","span_id":"` + sid + `","trace_flags":"01","cents":1299}`,
			"time=2026-11-21T18:21:19.123456789Z level=info msg=charged service=checkout trace=" + tid + " span=" + sid},
		{"http access line",
			`{"level":"info","time":"2026-11-21T18:21:19Z","msg":"http request","http.request.method":"GET","http.route":"/users/{id}","url.path":"/users/7","http.response.status_code":404,"duration":1.5,"tracelog.parent_span_id":"` + sid + `"}`,
			"time=2026-11-21T18:21:19Z level=info msg=http request parent=" + sid + " route=GET /users/{id} status=404 duration=1.5ms"},
		{"route falls back to url.path",
			`{"msg":"http request","http.request.method":"GET","url.path":"/x","http.response.status_code":"200","duration":"250µs"}`,
			"msg=http request route=GET /x status=200 duration=250µs"},
		{"grpc access line",
			`{"msg":"grpc call","rpc.system.name":"grpc","rpc.method":"shop.Orders/Create","rpc.status_code":"NotFound","duration":12}`,
			"msg=grpc call route=shop.Orders/Create status=NotFound duration=12ms"},
		{"numeric grpc code",
			`{"msg":"grpc call","rpc.method":"s/m","rpc.status_code":13}`,
			"msg=grpc call route=s/m status=Internal"},
		{"ecs flat", `{"trace.id":"` + tid + `","span.id":"` + sid + `"}`, "trace=" + tid + " span=" + sid},
		{"ecs nested", `{"trace":{"id":"` + tid + `"},"span":{"id":"` + sid + `"},"service":{"name":"orders"}}`,
			"service=orders trace=" + tid + " span=" + sid},
		{"gcp", `{"logging.googleapis.com/trace":"projects/p-1/traces/` + tid + `","logging.googleapis.com/spanId":"` + sid + `","logging.googleapis.com/trace_sampled":true}`,
			"trace=" + tid + " span=" + sid},
		{"datadog strings", `{"dd.trace_id":"` + low64 + `","dd.span_id":"67667974448284343"}`,
			"dd=" + low64 + " span=00f067aa0ba902b7"},
		{"datadog numbers", `{"dd":{"trace_id":` + low64 + `,"span_id":67667974448284343}}`,
			"dd=" + low64 + " span=00f067aa0ba902b7"},
		{"uppercase hex", `{"trace_id":"` + strings.ToUpper(tid) + `"}`, "trace=" + tid},
		{"bad IDs ignored", `{"trace_id":"xyz","span_id":"0000000000000000","dd.trace_id":"-1"}`, ""},
		{"escapes", `{"msg":"a\"b\\c\u00e9\ud83d\ude00\/","level":"\u0069nfo"}`, `level=info msg=a"b\cé😀/`},
		{"escaped key", `{"m\u0073g":"hi"}`, "msg=hi"},
		{"offset time", `{"time":"2026-11-21T19:21:19.5+01:00"}`, "time=2026-11-21T18:21:19.5Z"},
		{"epoch ts", `{"ts":1795285279.5,"msg":"x"}`, "time=2026-11-21T18:21:19.5Z msg=x"},
		{"spaces", " { \"msg\" : \"x\" , \"level\" : \"warn\" } \r", "level=warn msg=x"},
		{"console line",
			"2026-11-21T18:21:19.000000000Z\tinfo\tpkg/f.go:12\thttp request\t" + `{"service.name":"orders","http.request.method":"GET","http.route":"/a","http.response.status_code":200,"duration":"1.5ms"}`,
			"time=2026-11-21T18:21:19Z level=info msg=http request service=orders route=GET /a status=200 duration=1.5ms"},
		{"console line with logger name, no fields",
			"2026-11-21T18:21:19Z\twarn\tshop.db\tdb/conn.go:7\tslow query",
			"time=2026-11-21T18:21:19Z level=warn msg=slow query"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r tracefind.Record
			if err := r.Parse([]byte(tc.line), true); err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := summary(&r); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	var r tracefind.Record
	line := `{"a":1,"b":{"c":[1,2]},"d":"x\ny"}`
	if err := r.Parse([]byte(line), true); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Fields {
		got = append(got, string(f.Key)+"="+string(f.Value))
	}
	if want := `a=1 b={"c":[1,2]} d="x\ny"`; strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
	// Parsing again reuses the record.
	if err := r.Parse([]byte(`{"msg":"m"}`), false); err != nil || len(r.Fields) != 0 || string(r.Msg) != "m" {
		t.Errorf("reparse: %v %q %q", err, r.Fields, r.Msg)
	}
}

func TestParseErrors(t *testing.T) {
	bad := []string{
		``, `   `, `plain text`, `[1,2]`, `"str"`, `{`, `{"a"`, `{"a":`, `{"a":1`, `{"a":1,}`, `{"a" 1}`,
		`{"a":tru}`, `{"a":01}`, `{"a":1.}`, `{"a":-}`, `{"a":1e}`, `{"a":"\x"}`, `{"a":"\u12"}`,
		"{\"a\":\"\x01\"}", `{"a":[1,]}`, `{"a":{"b":1,}}`, `{"a":[}`, `{"a":1}}`, `{"a":1} x`,
		`{"a":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`,
		"\x00\x01\x02", "2026-11-21T18:21:19Z", "not-a-time\tinfo\tmsg",
		"2026-11-21T18:21:19Z\tinfo\tmsg\t{\"a\":}",
	}
	for _, line := range bad {
		var r tracefind.Record
		if err := r.Parse([]byte(line), true); err == nil {
			t.Errorf("Parse(%q): no error", line)
		}
	}
}

// FuzzParse checks that Parse never panics and agrees with encoding/json
// on the lines encoding/json accepts as objects.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"level":"info","time":"2026-11-21T18:21:19.123456789Z","msg":"http request","service.name":"checkout","trace_id":"` + tid + `","span_id":"` + sid + `","http.response.status_code":200,"duration":1.5}`,
		`{"trace":{"id":"` + tid + `"},"span":{"id":"` + sid + `"}}`,
		`{"dd.trace_id":"` + low64 + `","msg":"a\"b\u00e9\ud83d\ude00"}`,
		`{"msg":"grpc call","rpc.status_code":13,"duration":"1.5ms","a":[1,{"b":null}],"c":-1.5e3}`,
		"2026-11-21T18:21:19Z\tinfo\tf.go:1\tmsg\t{\"k\":1}",
		`{"a":1,}`, `{`, `{"\ud800":"\udc00x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var r tracefind.Record
		err := r.Parse(line, true)
		var m map[string]json.RawMessage
		if json.Unmarshal(line, &m) != nil || m == nil { // "null" decodes to a nil map
			return // not an object for encoding/json: any answer but a panic
		}
		if err != nil {
			t.Fatalf("Parse(%q) = %v, but encoding/json reads it", line, err)
		}
		seen := map[string]bool{}
		for _, fl := range r.Fields {
			seen[string(fl.Key)] = true
		}
		if len(seen) != len(m) {
			t.Fatalf("Parse(%q): keys %d, encoding/json %d", line, len(seen), len(m))
		}
		for _, k := range []string{"msg", "level", "service.name"} {
			var want string
			if raw, ok := m[k]; !ok || json.Unmarshal(raw, &want) != nil {
				continue
			}
			var got string
			switch k {
			case "msg":
				got = string(r.Msg)
			case "level":
				got = string(r.Level)
			case "service.name":
				got = string(r.Service)
			}
			if got != want && !strings.ContainsRune(want, '\uFFFD') {
				t.Fatalf("Parse(%q): %s = %q, encoding/json %q", line, k, got, want)
			}
		}
	})
}
