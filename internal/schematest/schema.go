package schematest

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/tracelog/tracelog/logger"
)

//go:embed testdata/*.tsv
var data embed.FS

// A Type is what a schema says a key's value is.
type Type uint8

// Types of values.
const (
	String      Type = iota + 1
	Int              // a JSON number with no fraction
	Number           // any JSON number
	Bool             // true or false
	IP               // a string holding an IP address
	Date             // a string holding an RFC 3339 time
	Hex32            // 32 lowercase hex digits (a trace ID)
	Hex16            // 16 lowercase hex digits (a span ID)
	Hex2             // 2 hex digits (trace flags)
	Decimal          // a string of decimal digits (Datadog's IDs)
	Duration         // a duration in the profile's unit
	Int64String      // an int64 in protobuf's JSON: a string of digits (or a number)
	Any              // an object or a string (gRPC message content)
	Strings          // an array of strings (semconv's string[])
	object           // a nested schema
)

// A Schema is the keys a profile's lines may carry, with their types.
type Schema struct {
	Name     string
	keys     map[string]Type
	prefixes map[string]Type    // template keys: prefix -> type of what follows
	objects  map[string]*Schema // keys whose value is an object of its own schema
	values   map[string]*regexp.Regexp
	duration Type // what a Duration is in this profile: Number, Int or the "0.042s" form
}

// Check returns what is wrong with a decoded JSON line: each key the schema
// does not know, and each value of the wrong type.
func (s *Schema) Check(line map[string]any) []error {
	var errs []error
	keys := make([]string, 0, len(line))
	for k := range line {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := s.checkKey(k, line[k]); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.Name, err))
		}
	}
	return errs
}

func (s *Schema) checkKey(k string, v any) error {
	if sub, ok := s.objects[k]; ok {
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s = %v: want an object", k, v)
		}
		for _, err := range sub.Check(m) {
			return fmt.Errorf("%s: %w", k, err)
		}
		return nil
	}
	t, ok := s.keys[k]
	if !ok {
		for p, pt := range s.prefixes {
			if strings.HasPrefix(k, p) && len(k) > len(p) {
				t, ok = pt, true
				break
			}
		}
	}
	if !ok {
		return fmt.Errorf("key %q is not in the schema", k)
	}
	if err := s.checkType(t, v); err != nil {
		return fmt.Errorf("%s = %#v: %w", k, v, err)
	}
	if re := s.values[k]; re != nil && !re.MatchString(fmt.Sprint(v)) {
		return fmt.Errorf("%s = %v: does not match %s", k, v, re)
	}
	return nil
}

var (
	reHex32    = regexp.MustCompile(`^[0-9a-f]{32}$`)
	reHex16    = regexp.MustCompile(`^[0-9a-f]{16}$`)
	reHex2     = regexp.MustCompile(`^[0-9a-f]{2}$`)
	reDecimal  = regexp.MustCompile(`^[0-9]+$`)
	reDuration = regexp.MustCompile(`^-?[0-9]+(\.[0-9]{1,9})?s$`)
)

func (s *Schema) checkType(t Type, v any) error {
	if t == Duration {
		t = s.duration
	}
	str, isStr := v.(string)
	num, isNum := v.(float64)
	switch t {
	case String:
		if !isStr {
			return fmt.Errorf("want a string")
		}
	case Int:
		if !isNum || num != float64(int64(num)) {
			return fmt.Errorf("want an integer")
		}
	case Number:
		if !isNum {
			return fmt.Errorf("want a number")
		}
	case Bool:
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("want a boolean")
		}
	case IP:
		if _, err := netip.ParseAddr(str); !isStr || err != nil {
			return fmt.Errorf("want an IP address")
		}
	case Date:
		if _, err := time.Parse(time.RFC3339Nano, str); !isStr || err != nil {
			return fmt.Errorf("want an RFC 3339 time")
		}
	case Hex32, Hex16, Hex2, Decimal:
		re := map[Type]*regexp.Regexp{Hex32: reHex32, Hex16: reHex16, Hex2: reHex2, Decimal: reDecimal}[t]
		if !isStr || !re.MatchString(str) {
			return fmt.Errorf("want a string matching %s", re)
		}
	case Int64String:
		if !(isStr && reDecimal.MatchString(str)) && !(isNum && num == float64(int64(num))) {
			return fmt.Errorf("want an int64")
		}
	case durationSeconds:
		if !isStr || !reDuration.MatchString(str) {
			return fmt.Errorf(`want a protobuf Duration ("0.042s")`)
		}
	case Any:
		if _, ok := v.(map[string]any); !ok && !isStr {
			return fmt.Errorf("want an object or a string")
		}
	case Strings:
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("want an array of strings")
		}
		for _, e := range a {
			if _, ok := e.(string); !ok {
				return fmt.Errorf("want an array of strings, not %#v in it", e)
			}
		}
	default:
		return fmt.Errorf("no check for type %d", t)
	}
	return nil
}

// durationSeconds is GCP's form of a duration.
const durationSeconds Type = 100

// extension returns tracelog's own keys, under logger.ExtensionPrefix, the
// same in every profile, with their types.
func extension() map[string]Type {
	m := map[string]Type{
		"parent_span_id":                  Hex16,
		"caller":                          String,
		"http.route":                      String,
		"http.query":                      String,
		"http.request.body.size":          Int,
		"http.response.body.size":         Int,
		"http.dns":                        Duration,
		"http.connect":                    Duration,
		"http.tls":                        Duration,
		"http.ttfb":                       Duration,
		"http.conn_reused":                Bool,
		"panic.value":                     String,
		"panic.stacktrace":                String,
		"rpc.system":                      String,
		"rpc.method":                      String,
		"grpc.type":                       String,
		"grpc.code":                       String,
		"grpc.status_code":                Int,
		"grpc.deadline":                   Duration,
		"grpc.target":                     String,
		"grpc.messages_sent":              Int,
		"grpc.messages_received":          Int,
		"grpc.request.content":            Any,
		"grpc.response.content":           Any,
		"grpc.request.content_truncated":  String,
		"grpc.response.content_truncated": String,
		"grpc.request.go_type":            String,
		"grpc.response.go_type":           String,
		"sampling.route":                  String,
		"sampling.dropped":                Int,
		"sampling.dropped_requests":       Int,
		"sampled":                         String,
	}
	out := make(map[string]Type, len(m))
	for k, t := range m {
		out[logger.ExtensionPrefix+k] = t
	}
	return out
}

func extensionPrefixes() map[string]Type {
	return map[string]Type{
		logger.ExtensionPrefix + "http.request.header.":   String,
		logger.ExtensionPrefix + "http.response.header.":  String,
		logger.ExtensionPrefix + "grpc.request.metadata.": String,
	}
}

func newSchema(name string, duration Type) *Schema {
	return &Schema{Name: name, keys: extension(), prefixes: extensionPrefixes(),
		objects: map[string]*Schema{}, values: map[string]*regexp.Regexp{}, duration: duration}
}

// rows reads a tab-separated file of testdata, skipping comments.
func rows(name string) [][]string {
	b, err := data.ReadFile("testdata/" + name)
	if err != nil {
		panic(err)
	}
	var out [][]string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, strings.Split(l, "\t"))
		}
	}
	return out
}

// Registry holds the semantic-conventions attributes that the OTel
// profile may use: stable or release candidate, and not deprecated, with
// their types; template attributes are prefixes. Deprecated lists what is
// deprecated.
func Registry() (attrs map[string]Type, templates map[string]Type, deprecated map[string]bool) {
	attrs, templates, deprecated = map[string]Type{}, map[string]Type{}, map[string]bool{}
	for _, r := range rows("otel-semconv-deprecated.tsv") {
		deprecated[r[0]] = true
	}
	for _, r := range rows("otel-semconv-attributes.tsv") {
		name, typ, stability := r[0], r[1], r[2]
		if deprecated[name] || (stability != "stable" && stability != "release_candidate") {
			continue
		}
		var t Type
		switch strings.TrimSuffix(strings.TrimPrefix(typ, "template["), "]") {
		case "string", "enum":
			t = String
		case "int":
			t = Int
		case "double":
			t = Number
		case "boolean":
			t = Bool
		case "string[]":
			t = Strings
		default:
			continue // other arrays: tracelog writes none
		}
		if strings.HasPrefix(typ, "template[") {
			templates[name+"."] = t
		} else {
			attrs[name] = t
		}
	}
	return attrs, templates, deprecated
}

// OTel is the schema of the default profile: the log record's fields
// (time, level, msg), the trace keys of the specification of trace
// context in non-OTLP logs, duration, and the semantic-conventions
// registry's stable and release-candidate attributes.
func OTel() *Schema {
	s := newSchema("otel", Number)
	addOTel(s)
	return s
}

func addOTel(s *Schema) {
	attrs, templates, _ := Registry()
	for k, t := range attrs {
		s.keys[k] = t
	}
	for k, t := range templates {
		s.prefixes[k] = t
	}
	for k, t := range map[string]Type{
		"time": Date, "level": String, "msg": String,
		logger.KeyTraceID: Hex32, logger.KeySpanID: Hex16, logger.KeyTraceFlags: Hex2,
		"duration": Duration,
	} {
		s.keys[k] = t
	}
}

// ECS is the schema of the ECS profile: every ECS field with its type.
func ECS() *Schema {
	s := newSchema("ecs", Int)
	for _, r := range rows("ecs-fields.tsv") {
		var t Type
		switch r[1] {
		case "keyword", "wildcard", "match_only_text", "text", "constant_keyword":
			t = String
		case "long", "integer", "short", "byte", "unsigned_long":
			t = Int
		case "float", "half_float", "scaled_float", "double":
			t = Number
		case "boolean":
			t = Bool
		case "ip":
			t = IP
		case "date":
			t = Date
		default:
			continue // objects, nested, flattened, geo_point: tracelog writes none
		}
		s.keys[r[0]] = t
	}
	s.keys["trace.id"], s.keys["span.id"] = Hex32, Hex16
	s.values["ecs.version"] = regexp.MustCompile(`^9\.`)
	return s
}

// GCP is the schema of the GCP profile: the special fields of Cloud
// Logging's structured logging, the LogEntry's httpRequest (HttpRequest)
// and sourceLocation (LogEntrySourceLocation) objects, the stack_trace
// Error Reporting reads, and for the rest of jsonPayload, which Cloud
// Logging keeps as it is, the OTel profile's names.
//
// https://cloud.google.com/logging/docs/structured-logging,
// https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry,
// https://cloud.google.com/error-reporting/docs/formatting-error-messages
func GCP() *Schema {
	s := newSchema("gcp", durationSeconds)
	addOTel(s)
	delete(s.keys, logger.KeyTraceID)
	delete(s.keys, logger.KeySpanID)
	delete(s.keys, logger.KeyTraceFlags)
	delete(s.keys, "msg")
	delete(s.keys, "level")
	for k, t := range map[string]Type{
		"severity": String, "message": String, "time": Date,
		logger.GCPKeyTrace: String, logger.GCPKeySpanID: Hex16, logger.GCPKeyTraceSampled: Bool,
		"stack_trace": String,
	} {
		s.keys[k] = t
	}
	s.values["severity"] = regexp.MustCompile(`^(DEFAULT|DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL|ALERT|EMERGENCY)$`)
	s.values[logger.GCPKeyTrace] = regexp.MustCompile(`^projects/[^/]+/traces/[0-9a-f]{32}$`)
	req := &Schema{Name: "gcp httpRequest", duration: durationSeconds, keys: map[string]Type{
		"requestMethod": String, "requestUrl": String, "requestSize": Int64String, "status": Int,
		"responseSize": Int64String, "userAgent": String, "remoteIp": IP, "serverIp": IP,
		"referer": String, "latency": Duration, "cacheLookup": Bool, "cacheHit": Bool,
		"cacheValidatedWithOriginServer": Bool, "cacheFillBytes": Int64String, "protocol": String,
	}}
	src := &Schema{Name: "gcp sourceLocation", keys: map[string]Type{
		"file": String, "line": Int64String, "function": String,
	}}
	s.objects[logger.GCPKeyHTTPRequest] = req
	s.objects["logging.googleapis.com/sourceLocation"] = src
	return s
}

// Datadog is the schema of the Datadog profile: its reserved attributes and
// the default standard attributes of logs, with their types.
//
// https://docs.datadoghq.com/standard-attributes/,
// https://docs.datadoghq.com/logs/log_configuration/attributes_naming_convention/,
// https://docs.datadoghq.com/tracing/other_telemetry/connect_logs_and_traces/opentelemetry/
func Datadog() *Schema {
	s := newSchema("datadog", Int)
	for k, t := range map[string]Type{
		"timestamp": Date, "status": String, "message": String, "service": String, "host": String,
		"dd.trace_id": Decimal, "dd.span_id": Decimal, "dd.service": String, "dd.env": String, "dd.version": String,
		"logger.name": String, "logger.thread_name": String, "logger.method_name": String, "logger.version": String,
		"error.kind": String, "error.message": String, "error.stack": String,
		"http.url": String, "http.status_code": Int, "http.method": String, "http.referer": String,
		"http.request_id": String, "http.useragent": String, "http.version": String,
		"http.url_details.host": String, "http.url_details.port": Int, "http.url_details.path": String,
		"http.url_details.scheme": String,
		"network.client.ip":       IP, "network.client.port": Int, "network.destination.ip": IP,
		"network.destination.port": Int, "network.bytes_read": Int, "network.bytes_written": Int,
		"duration": Duration,
	} {
		s.keys[k] = t
	}
	s.values["status"] = regexp.MustCompile(`^(debug|info|warn|error|critical|alert|emergency)$`)
	return s
}

// For returns the schema of the built-in profile p.
func For(p logger.Profile) *Schema {
	switch p.String() {
	case "ecs":
		return ECS()
	case "gcp":
		return GCP()
	case "datadog":
		return Datadog()
	}
	return OTel()
}
