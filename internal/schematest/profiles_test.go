package schematest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	testpb "google.golang.org/grpc/interop/grpc_testing"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/grpclog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/internal/schematest"
	"github.com/tracelog/tracelog/logger"
)

// lockedBuffer is a bytes.Buffer safe for the servers' goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range bytes.Split(bytes.TrimSpace(b.buf.Bytes()), []byte("\n")) {
		m := map[string]any{}
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("bad line %s: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// cardError is an error whose text holds a card number.
type cardError struct{}

func (cardError) Error() string { return "card 4111 1111 1111 1111 declined" }

// schemaService answers UnaryCall and panics when asked to.
type schemaService struct {
	testpb.UnimplementedTestServiceServer
}

func (schemaService) UnaryCall(ctx context.Context, req *testpb.SimpleRequest) (*testpb.SimpleResponse, error) {
	if req.GetResponseStatus().GetMessage() == "panic" {
		panic("grpc boom")
	}
	return &testpb.SimpleResponse{}, nil
}

// driveLines writes, through log, every kind of line the library writes:
// HTTP server lines (one panicking), HTTP client lines (one failing), gRPC
// server and client lines (one panicking), and an error line with a stack,
// a logger name and a caller.
func driveLines(t *testing.T, log *zap.Logger) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		log := logger.FromContext(r.Context()).Named("users")
		log.Error("lookup failed", zap.Error(fmt.Errorf("lookup: %w", &fs.PathError{Op: "open", Path: "/users/42", Err: fs.ErrNotExist})))
		// A secret in the error: the redaction core renders it, and names
		// its keys.
		log.Warn("charge failed", zap.Error(cardError{}))
		io.WriteString(w, "hello")
	})
	mux.HandleFunc("GET /panic", func(http.ResponseWriter, *http.Request) { panic("http boom") })
	headers := []httplog.Option{httplog.WithRequestHeaders("X-Multi"), httplog.WithResponseHeaders("Content-Type")}
	srv := httptest.NewServer(httplog.NewMiddleware(log, append(headers, httplog.WithQuery())...)(mux))
	defer srv.Close()

	client := &http.Client{Transport: httplog.NewTransport(http.DefaultTransport, log, headers...)}
	ctx, span := newSpanContext(t)
	defer span()
	for _, path := range []string{"/users/42?q=1", "/panic"} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		req.Header.Set("User-Agent", "schema-test/1.0")
		req.Header["X-Multi"] = []string{"a", "b"}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	// A failed client request: nothing listens there.
	lis, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := lis.Addr().String()
	lis.Close()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/x", nil)
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
	}

	glis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer(grpc.ChainUnaryInterceptor(grpclog.UnaryServerInterceptor(log)))
	testpb.RegisterTestServiceServer(gs, schemaService{})
	go func() { _ = gs.Serve(glis) }()
	defer gs.Stop()
	conn, err := grpc.NewClient("passthrough:///"+glis.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(grpclog.UnaryClientInterceptor(log)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	gc := testpb.NewTestServiceClient(conn)
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := gc.UnaryCall(cctx, &testpb.SimpleRequest{}); err != nil {
		t.Fatal(err)
	}
	_, _ = gc.UnaryCall(cctx, &testpb.SimpleRequest{ResponseStatus: &testpb.EchoStatus{Message: "panic"}})
	_ = log.Sync()
}

// newSpanContext returns a context whose span is a caller's, as a handler
// would have.
func newSpanContext(t *testing.T) (context.Context, func()) {
	t.Helper()
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	return trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled,
	})), func() {}
}

// TestProfilesFollowTheirSchemas drives every kind of line under every
// built-in profile and checks every key of every line against the
// profile's schema (see internal/schematest), the type included: a key the
// schema does not know fails.
func TestProfilesFollowTheirSchemas(t *testing.T) {
	for _, p := range []logger.Profile{logger.OTel(), logger.ECS(), logger.GCP("shop-prod"), logger.Datadog()} {
		t.Run(p.String(), func(t *testing.T) {
			var out lockedBuffer
			log, err := tracelog.New(tracelog.WithProfiles(p), tracelog.WithOutput(&out),
				tracelog.WithService("checkout", "1.4.2"), tracelog.WithDeploymentEnvironment("production"),
				tracelog.WithoutDefault())
			if err != nil {
				t.Fatal(err)
			}
			driveLines(t, log)
			lines := out.lines(t)
			kinds := map[string]int{}
			schema := schematest.For(p)
			k := p.Keys()
			for _, l := range lines {
				kinds[l[k[logger.MessageKey]].(string)]++
				for _, err := range schema.Check(l) {
					t.Errorf("%v\n  line %v", err, l)
				}
			}
			for _, msg := range []string{httplog.MessageServer, httplog.MessageClient, grpclog.MessageServer, grpclog.MessageClient, "lookup failed", "charge failed"} {
				if kinds[msg] == 0 {
					t.Errorf("no %q line: %v", msg, kinds)
				}
			}
			checkErrorKeys(t, p, lines)
			// Logged headers, whose type the schema checks: a string[] in
			// semconv, one string under tracelog's extension keys.
			headers := 0
			for _, l := range lines {
				if l[k[logger.RequestHeaderPrefixKey]+"x-multi"] != nil {
					headers++
				}
			}
			if headers != 4 { // the server and client lines of 2 requests
				t.Errorf("%d lines with the X-Multi header, want 4", headers)
			}
			if t.Failed() {
				t.Logf("lines:\n%s", out.buf.String())
			}
		})
	}
}

// checkErrorKeys wants the error keys of p on the lines driveLines
// writes: each error with its kind beside it, the line of a failed request
// or call with its error class where p names one, and neither elsewhere.
func checkErrorKeys(t *testing.T, p logger.Profile, lines []map[string]any) {
	t.Helper()
	k := p.Keys()
	msgKey, errKey, kindKey, classKey := k[logger.MessageKey], k[logger.ErrorKey], k[logger.ErrorKindKey], k[logger.ErrorClassKey]
	if errKey == "" || kindKey == "" {
		t.Fatalf("%s names no error or error kind key", p)
	}
	statusOf := func(l map[string]any) float64 {
		if g, ok := l[logger.GCPKeyHTTPRequest].(map[string]any); ok {
			l = g
		}
		f, _ := l[k[logger.HTTPStatusKey]].(float64)
		return f
	}
	seen := map[string]bool{}
	for _, l := range lines {
		msg, _ := l[msgKey].(string)
		var kind, class string // "": the key must be absent
		switch {
		case msg == "lookup failed":
			kind = "*fs.PathError" // unwrapped from fmt.Errorf's %w
		case msg == "charge failed":
			kind = "schematest_test.cardError"
			if m, _ := l[errKey].(string); strings.Contains(m, "4111") {
				t.Errorf("%s: the card number reached the line: %v", p, l)
			}
		case msg == httplog.MessageServer && statusOf(l) == 500:
			class = "500" // the panicking handler's
		case msg == httplog.MessageClient && statusOf(l) == 500:
			class = "500"
		case msg == httplog.MessageClient && l[errKey] != nil:
			kind, class = "*net.OpError", "*net.OpError" // nothing listens
		case (msg == grpclog.MessageServer || msg == grpclog.MessageClient) && l[errKey] != nil:
			kind, class = "Internal", "Internal" // the panicking method's
		}
		if classKey == "" {
			class = ""
		}
		if got, _ := l[kindKey].(string); got != kind || (kind == "") != (l[kindKey] == nil) {
			t.Errorf("%s: %q line: %s = %v, want %q", p, msg, kindKey, l[kindKey], kind)
		}
		if classKey != "" {
			if got, _ := l[classKey].(string); got != class || (class == "") != (l[classKey] == nil) {
				t.Errorf("%s: %q line: %s = %v, want %q", p, msg, classKey, l[classKey], class)
			}
		}
		seen["kind "+kind], seen["class "+class] = true, true
	}
	want := []string{"kind *fs.PathError", "kind schematest_test.cardError", "kind *net.OpError", "kind Internal"}
	if classKey != "" {
		want = append(want, "class 500", "class *net.OpError", "class Internal")
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("%s: no line with error %s", p, w)
		}
	}
}

// TestDefaultAccessLinesOnSemconv checks the keys of the default
// profile's access lines against the semantic-conventions registry alone:
// each is a current (stable or release-candidate, never deprecated)
// attribute, a field of the log record or the trace context, or under the
// documented extension namespace.
func TestDefaultAccessLinesOnSemconv(t *testing.T) {
	attrs, templates, deprecated := schematest.Registry()
	var out lockedBuffer
	log, err := tracelog.New(tracelog.WithOutput(&out), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	driveLines(t, log)
	record := map[string]bool{"time": true, "level": true, "msg": true, "trace_id": true, "span_id": true, "trace_flags": true, "duration": true}
	for _, l := range out.lines(t) {
		if m := l["msg"]; m != httplog.MessageServer && m != httplog.MessageClient && m != grpclog.MessageServer && m != grpclog.MessageClient {
			continue
		}
	keys:
		for k := range l {
			switch {
			case record[k], strings.HasPrefix(k, logger.ExtensionPrefix):
				continue
			case deprecated[k]:
				t.Errorf("%s: deprecated key %q", l["msg"], k)
				continue
			}
			if _, ok := attrs[k]; ok {
				continue
			}
			for p := range templates {
				if strings.HasPrefix(k, p) {
					continue keys
				}
			}
			t.Errorf("%s: %q is not a current semantic-conventions attribute", l["msg"], k)
		}
	}
}

// gcpEntry is the part of Cloud Logging's LogEntry that its agents fill
// from a JSON line's special fields, in the shape of the LogEntry's JSON
// (https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry).
type gcpEntry struct {
	Severity       string          `json:"severity"`
	Message        string          `json:"message"`
	Time           time.Time       `json:"time"`
	Trace          string          `json:"logging.googleapis.com/trace"`
	SpanID         string          `json:"logging.googleapis.com/spanId"`
	TraceSampled   *bool           `json:"logging.googleapis.com/trace_sampled"`
	SourceLocation json.RawMessage `json:"logging.googleapis.com/sourceLocation"`
	HTTPRequest    json.RawMessage `json:"httpRequest"`
	StackTrace     string          `json:"stack_trace"` // read by Error Reporting
}

// goTraceback is a Go stack as the runtime prints a panic, the shape Error
// Reporting reads (https://cloud.google.com/error-reporting/docs/formatting-error-messages):
// the error's text, a blank line, the goroutine header, and frames whose
// function ends with its arguments.
var goTraceback = regexp.MustCompile(`^([^\n]+)\n\ngoroutine [1-9][0-9]* \[running\]:(\n[^\n\t]+\([^\n]*\)\n\t[^\n]+\.go:[0-9]+)+$`)

// gcpHTTPRequest is Cloud Logging's HttpRequest as JSON: int64 fields
// accept a number or a string, as protobuf's JSON mapping does.
type gcpHTTPRequest struct {
	RequestMethod string      `json:"requestMethod"`
	RequestURL    string      `json:"requestUrl"`
	RequestSize   json.Number `json:"requestSize"`
	Status        int         `json:"status"`
	ResponseSize  json.Number `json:"responseSize"`
	UserAgent     string      `json:"userAgent"`
	RemoteIP      string      `json:"remoteIp"`
	ServerIP      string      `json:"serverIp"`
	Referer       string      `json:"referer"`
	Latency       string      `json:"latency"`
	Protocol      string      `json:"protocol"`
}

type gcpSourceLocation struct {
	File     string      `json:"file"`
	Line     json.Number `json:"line"`
	Function string      `json:"function"`
}

// The GCP profile's lines read as LogEntries: every access line of an HTTP
// request has an httpRequest with exactly HttpRequest's fields and a
// latency Cloud Logging parses; the error line a sourceLocation.
func TestGCPLinesAreLogEntries(t *testing.T) {
	var out lockedBuffer
	log, err := tracelog.New(tracelog.WithProfiles(logger.GCP("shop-prod")), tracelog.WithOutput(&out), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	driveLines(t, log)
	seen := map[string]bool{}
	out.mu.Lock()
	text := out.buf.String()
	out.mu.Unlock()
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		var e gcpEntry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		if e.Severity == "" || e.Message == "" || e.Time.IsZero() || !strings.HasPrefix(e.Trace, "projects/shop-prod/traces/") || e.SpanID == "" || e.TraceSampled == nil {
			t.Errorf("entry %+v from %s", e, l)
		}
		if e.HTTPRequest != nil {
			seen["httpRequest"] = true
			var r gcpHTTPRequest
			dec := json.NewDecoder(bytes.NewReader(e.HTTPRequest))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&r); err != nil {
				t.Errorf("httpRequest %s: %v", e.HTTPRequest, err)
			}
			if d, err := time.ParseDuration(r.Latency); err != nil || d <= 0 || r.RequestMethod != "GET" || !strings.HasPrefix(r.RequestURL, "/") {
				t.Errorf("httpRequest %+v", r)
			}
			if e.Message == httplog.MessageServer && (r.Status == 0 || r.RemoteIP == "" || r.Protocol != "HTTP/1.1") {
				t.Errorf("server httpRequest %+v", r)
			}
		}
		if e.StackTrace != "" {
			seen["stack_trace "+e.Message] = true
			m := goTraceback.FindStringSubmatch(e.StackTrace)
			switch {
			case m == nil:
				t.Errorf("stack_trace is not a Go traceback:\n%s", e.StackTrace)
			case e.Message == "lookup failed" && m[1] != e.Message,
				e.Message != "lookup failed" && !(strings.HasPrefix(m[1], "panic: ") && strings.HasSuffix(m[1], " boom")):
				t.Errorf("%s: stack_trace starts with %q", e.Message, m[1])
			}
		}
		if e.SourceLocation != nil {
			seen["sourceLocation"] = true
			var s gcpSourceLocation
			dec := json.NewDecoder(bytes.NewReader(e.SourceLocation))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&s); err != nil || !strings.HasSuffix(s.File, ".go") || s.Line == "" || s.Function == "" {
				t.Errorf("sourceLocation %s: %+v %v", e.SourceLocation, s, err)
			}
		}
	}
	if !seen["httpRequest"] || !seen["sourceLocation"] || !seen["stack_trace lookup failed"] ||
		!seen["stack_trace "+httplog.MessageServer] || !seen["stack_trace "+grpclog.MessageServer] {
		t.Errorf("seen %v", seen)
	}
}

// A custom profile is followed by the core, the encoder, httplog and
// grpclog alike.
func TestCustomProfileFollowedEverywhere(t *testing.T) {
	p := logger.OTel().Rename(map[string]string{
		"time": "ts", "message": "message", "trace_id": "traceId", "span_id": "spanId",
		"http.method": "method", "http.status": "status", "rpc.method": "grpc.method", "error": "err",
		"error.kind": "err.type", "error.class": "failure",
	})
	var out lockedBuffer
	log, err := tracelog.New(tracelog.WithProfiles(p), tracelog.WithOutput(&out), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	driveLines(t, log)
	kinds := map[string]int{}
	for _, l := range out.lines(t) {
		msg, _ := l["message"].(string)
		kinds[msg]++
		if l["ts"] == nil || l["traceId"] == nil || l["spanId"] == nil || l["msg"] != nil || l["trace_id"] != nil {
			t.Errorf("record or trace keys not renamed: %v", l)
		}
		switch msg {
		case httplog.MessageServer:
			if l["method"] != "GET" || l["status"] == nil || l[httplog.KeyMethod] != nil {
				t.Errorf("server line: %v", l)
			}
		case grpclog.MessageServer, grpclog.MessageClient:
			if l["grpc.method"] != "grpc.testing.TestService/UnaryCall" {
				t.Errorf("gRPC line: %v", l)
			}
			if l["err"] != nil && (l["err.type"] != "Internal" || l["failure"] != "Internal" || l["error.type"] != nil) {
				t.Errorf("gRPC error line: %v", l)
			}
		case "lookup failed":
			if l["err"] != "lookup: open /users/42: file does not exist" || l["err.type"] != "*fs.PathError" || l["exception.type"] != nil {
				t.Errorf("error line: %v", l)
			}
		}
	}
	if kinds[httplog.MessageServer] == 0 || kinds[grpclog.MessageServer] == 0 || kinds["lookup failed"] == 0 {
		t.Errorf("lines: %v", kinds)
	}
}
