package logger

import (
	"errors"
	"fmt"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// A Key is one of the keys the tracelog packages write, whatever a profile
// calls it: [Profile.Name] gives its name in a profile. Its String is its
// logical name, the one [Profile.Rename] takes.
type Key uint8

// The keys of a profile. The package documentation tables their names in
// every built-in profile.
const (
	// Record keys, written by the encoder of tracelog.New.
	TimeKey       Key = iota // when the line was logged
	LevelKey                 // the level (severity) of the line
	MessageKey               // the message
	LoggerKey                // the logger's name (zap's Named)
	CallerKey                // the caller's file, or "file:line" when CallerLineKey is ""
	CallerLineKey            // the caller's line number
	FunctionKey              // the caller's function ("" in the built-in profiles but GCP's)
	StackKey                 // the stack of a line at Error or above

	// Trace keys, written by the core of [NewCore].
	TraceIDKey      // the trace ID
	SpanIDKey       // the span ID
	TraceFlagsKey   // the W3C trace flags, as 2 hex digits
	TraceSampledKey // whether the trace is sampled, a boolean
	ParentSpanIDKey // the caller's span ID, on access lines

	// Service keys, written on every line by tracelog.New.
	ServiceNameKey
	ServiceVersionKey
	EnvironmentKey   // the deployment environment (production, staging)
	SchemaVersionKey // the schema's version (ECS's ecs.version)

	// ErrorKey is the message of an error: zap.Error's "error" field is
	// renamed to it by the core of [NewCore], and access lines write the
	// error of a failed call under it.
	ErrorKey
	// ErrorKindKey is the kind of the error under ErrorKey, written beside
	// it: the error's Go type ("*fs.PathError"; a wrapper fmt.Errorf made
	// with %w gives the type of the error it wraps), or on a gRPC line the
	// status code's name when the error is a gRPC status.
	ErrorKindKey
	// ErrorClassKey is the class of error an access line's request or call
	// ended with, written only when it failed: the status code of an HTTP
	// response that is an error for its side ("500"; 4xx too on client
	// lines), the kind of the error of an HTTP request that got no
	// response, the status code's name of a gRPC call that is an error for
	// its side ("Internal"). It is OpenTelemetry's error.type; the profiles
	// whose schema has no such key do not write it.
	ErrorClassKey

	// Keys of HTTP access lines (package httplog).
	HTTPMethodKey
	HTTPRouteKey
	URLPathKey
	URLQueryKey
	HTTPStatusKey
	DurationKey
	HTTPRequestSizeKey
	HTTPResponseSizeKey
	ClientAddressKey
	UserAgentKey
	ProtocolKey
	ServerAddressKey
	ServerPortKey
	DNSKey
	ConnectKey
	TLSKey
	TTFBKey
	ConnReusedKey
	RequestHeaderPrefixKey  // starts the key of a logged request header
	ResponseHeaderPrefixKey // starts the key of a logged response header

	// Panic keys, on the access line of a request or call that panicked.
	PanicKey
	PanicStackKey

	// Keys of gRPC access lines (package grpclog).
	RPCSystemKey
	RPCMethodKey
	RPCDurationKey // the call's duration (GCP keeps latency for its httpRequest)
	RPCTypeKey
	RPCCodeKey
	RPCCodeNumKey
	RPCDeadlineKey
	RPCClientAddressKey // the client's address, on server lines
	RPCClientPortKey
	RPCServerAddressKey // the server's address, on client lines
	RPCServerPortKey
	RPCTargetKey
	RPCMessagesSentKey
	RPCMessagesReceivedKey
	RPCMetadataPrefixKey // starts the key of logged request metadata
	RPCRequestContentKey
	RPCResponseContentKey
	RPCRequestTruncatedKey
	RPCResponseTruncatedKey
	RPCRequestGoTypeKey
	RPCResponseGoTypeKey

	// SampledKey marks a line written although its request was sampled
	// out ([SampledForced]).
	SampledKey

	// Keys of the head sampler's summary lines (package sampling).
	SamplingRouteKey
	SamplingDroppedKey
	SamplingDroppedRequestsKey

	numKeys
)

// ExtensionPrefix starts the keys of measurements the backends' schemas
// have no name for (client timings, connection reuse, a panic's value and
// stack, gRPC details): they never pose as names of a schema.
const ExtensionPrefix = "tracelog."

// ECSVersion is the ecs.version the ECS profile writes: the fields it uses
// are those of ECS 9.
const ECSVersion = "9.0.0"

// keyRow is one key in every built-in profile: its logical name, then its
// name in the OTel, ECS, GCP and Datadog profiles ("" where the profile
// does not write it).
type keyRow struct {
	logical                 string
	otel, ecs, gcp, datadog string
}

// x is an extension key, the same in every profile.
func x(logical, name string) keyRow {
	n := ExtensionPrefix + name
	return keyRow{logical, n, n, n, n}
}

// keyRows is the one table of the built-in profiles, indexed by Key. It
// is built on each call, at construction only, so no table is a mutable
// package variable.
//
// Sources: OpenTelemetry semantic conventions (registry, stable or release
// candidate names) and the trace context in non-OTLP logs specification;
// ECS 9 field reference (https://www.elastic.co/guide/en/ecs/current/ecs-field-reference.html);
// Cloud Logging's special JSON fields and LogEntry
// (https://cloud.google.com/logging/docs/structured-logging,
// https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry);
// Datadog's default standard attributes
// (https://docs.datadoghq.com/standard-attributes/,
// https://docs.datadoghq.com/logs/log_configuration/attributes_naming_convention/).
func keyRows() *[numKeys]keyRow {
	return &[numKeys]keyRow{
		TimeKey:       {"time", "time", "@timestamp", "time", "timestamp"},
		LevelKey:      {"level", "level", "log.level", "severity", "status"},
		MessageKey:    {"message", "msg", "message", "message", "message"},
		LoggerKey:     {"logger", "otel.scope.name", "log.logger", "otel.scope.name", "logger.name"},
		CallerKey:     {"caller", "code.file.path", "log.origin.file.name", "logging.googleapis.com/sourceLocation", ExtensionPrefix + "caller"},
		CallerLineKey: {"caller.line", "code.line.number", "log.origin.file.line", "line", ""},
		FunctionKey:   {"function", "", "", "function", ""},
		StackKey:      {"stack", "code.stacktrace", "error.stack_trace", "stack_trace", "error.stack"},

		TraceIDKey:      {"trace_id", KeyTraceID, ECSKeyTraceID, GCPKeyTrace, DDKeyTraceID},
		SpanIDKey:       {"span_id", KeySpanID, ECSKeySpanID, GCPKeySpanID, DDKeySpanID},
		TraceFlagsKey:   {"trace_flags", KeyTraceFlags, "", "", ""},
		TraceSampledKey: {"trace_sampled", "", "", GCPKeyTraceSampled, ""},
		ParentSpanIDKey: x("parent_span_id", "parent_span_id"),

		ServiceNameKey:    {"service.name", "service.name", "service.name", "service.name", "dd.service"},
		ServiceVersionKey: {"service.version", "service.version", "service.version", "service.version", "dd.version"},
		EnvironmentKey:    {"deployment.environment", "deployment.environment.name", "service.environment", "deployment.environment.name", "dd.env"},
		SchemaVersionKey:  {"schema.version", "", "ecs.version", "", ""},

		ErrorKey:      {"error", "exception.message", "error.message", "exception.message", "error.message"},
		ErrorKindKey:  {"error.kind", "exception.type", "error.type", "exception.type", "error.kind"},
		ErrorClassKey: {"error.class", "error.type", "", "error.type", ""},

		HTTPMethodKey:           {"http.method", "http.request.method", "http.request.method", "requestMethod", "http.method"},
		HTTPRouteKey:            {"http.route", "http.route", ExtensionPrefix + "http.route", "http.route", ExtensionPrefix + "http.route"},
		URLPathKey:              {"url.path", "url.path", "url.path", "requestUrl", "http.url_details.path"},
		URLQueryKey:             {"url.query", "url.query", "url.query", "url.query", ExtensionPrefix + "http.query"},
		HTTPStatusKey:           {"http.status", "http.response.status_code", "http.response.status_code", "status", "http.status_code"},
		DurationKey:             {"duration", "duration", "event.duration", "latency", "duration"},
		HTTPRequestSizeKey:      {"http.request.size", ExtensionPrefix + "http.request.body.size", "http.request.body.bytes", "requestSize", "network.bytes_read"},
		HTTPResponseSizeKey:     {"http.response.size", ExtensionPrefix + "http.response.body.size", "http.response.body.bytes", "responseSize", "network.bytes_written"},
		ClientAddressKey:        {"client.address", "client.address", "client.ip", "remoteIp", "network.client.ip"},
		UserAgentKey:            {"user_agent", "user_agent.original", "user_agent.original", "userAgent", "http.useragent"},
		ProtocolKey:             {"protocol", "network.protocol.version", "http.version", "protocol", "http.version"},
		ServerAddressKey:        {"server.address", "server.address", "server.address", "server.address", "http.url_details.host"},
		ServerPortKey:           {"server.port", "server.port", "server.port", "server.port", "http.url_details.port"},
		DNSKey:                  x("http.dns", "http.dns"),
		ConnectKey:              x("http.connect", "http.connect"),
		TLSKey:                  x("http.tls", "http.tls"),
		TTFBKey:                 x("http.ttfb", "http.ttfb"),
		ConnReusedKey:           x("http.conn_reused", "http.conn_reused"),
		RequestHeaderPrefixKey:  {"http.request.header.", "http.request.header.", ExtensionPrefix + "http.request.header.", "http.request.header.", ExtensionPrefix + "http.request.header."},
		ResponseHeaderPrefixKey: {"http.response.header.", "http.response.header.", ExtensionPrefix + "http.response.header.", "http.response.header.", ExtensionPrefix + "http.response.header."},

		PanicKey:      x("panic", "panic.value"),
		PanicStackKey: {"panic.stack", ExtensionPrefix + "panic.stacktrace", "error.stack_trace", "stack_trace", "error.stack"},

		RPCSystemKey:            {"rpc.system", "rpc.system.name", "network.protocol", "rpc.system.name", ExtensionPrefix + "rpc.system"},
		RPCMethodKey:            {"rpc.method", "rpc.method", ExtensionPrefix + "rpc.method", "rpc.method", ExtensionPrefix + "rpc.method"},
		RPCDurationKey:          {"rpc.duration", "duration", "event.duration", "duration", "duration"},
		RPCTypeKey:              x("grpc.type", "grpc.type"),
		RPCCodeKey:              {"grpc.code", "rpc.status_code", ExtensionPrefix + "grpc.code", "rpc.status_code", ExtensionPrefix + "grpc.code"},
		RPCCodeNumKey:           x("grpc.code_num", "grpc.status_code"),
		RPCDeadlineKey:          x("grpc.deadline", "grpc.deadline"),
		RPCClientAddressKey:     {"rpc.client.address", "network.peer.address", "client.ip", "network.peer.address", "network.client.ip"},
		RPCClientPortKey:        {"rpc.client.port", "network.peer.port", "client.port", "network.peer.port", "network.client.port"},
		RPCServerAddressKey:     {"rpc.server.address", "network.peer.address", "server.ip", "network.peer.address", "network.destination.ip"},
		RPCServerPortKey:        {"rpc.server.port", "network.peer.port", "server.port", "network.peer.port", "network.destination.port"},
		RPCTargetKey:            x("grpc.target", "grpc.target"),
		RPCMessagesSentKey:      x("grpc.msgs_sent", "grpc.messages_sent"),
		RPCMessagesReceivedKey:  x("grpc.msgs_received", "grpc.messages_received"),
		RPCMetadataPrefixKey:    x("grpc.request.metadata.", "grpc.request.metadata."),
		RPCRequestContentKey:    x("grpc.request.content", "grpc.request.content"),
		RPCResponseContentKey:   x("grpc.response.content", "grpc.response.content"),
		RPCRequestTruncatedKey:  x("grpc.request.content_truncated", "grpc.request.content_truncated"),
		RPCResponseTruncatedKey: x("grpc.response.content_truncated", "grpc.response.content_truncated"),
		RPCRequestGoTypeKey:     x("grpc.request.go_type", "grpc.request.go_type"),
		RPCResponseGoTypeKey:    x("grpc.response.go_type", "grpc.response.go_type"),

		SampledKey:                 x("sampled", "sampled"),
		SamplingRouteKey:           x("sampling.route", "sampling.route"),
		SamplingDroppedKey:         x("sampling.dropped", "sampling.dropped"),
		SamplingDroppedRequestsKey: x("sampling.dropped_requests", "sampling.dropped_requests"),
	}
}

// String returns k's logical name ("http.method", "duration"), the name
// [Profile.Rename] takes.
func (k Key) String() string {
	if k >= numKeys {
		return fmt.Sprintf("Key(%d)", uint8(k))
	}
	return keyRows()[k].logical
}

// Keys holds the name of every key in one profile, indexed by [Key]; ""
// means the profile does not write the key. Resolve it once with
// [Profile.Keys] and keep it: it is a plain array, read without cost.
type Keys [numKeys]string

// Keys returns the names of every key of p.
func (p Profile) Keys() *Keys {
	if p.keys != nil {
		k := *p.keys
		return &k
	}
	k := new(Keys)
	for i, r := range keyRows() {
		switch p.kind {
		case kindECS:
			k[i] = r.ecs
		case kindGCP:
			k[i] = r.gcp
		case kindDatadog:
			k[i] = r.datadog
		default:
			k[i] = r.otel
		}
	}
	return k
}

// Name returns the name of k in p, "" when p does not write k. It builds
// p's table: call [Profile.Keys] once where names are read repeatedly.
func (p Profile) Name(k Key) string {
	if k >= numKeys {
		return ""
	}
	return p.Keys()[k]
}

// Rename returns p with some keys renamed: names maps a key's logical name
// ([Key.String]: "http.method", "trace_id") to its new name. An unknown
// logical name, an empty new name, or a new name another key of the
// profile already has is an error, which [Profile.Err] reports and
// tracelog.New returns. The formats of values stay p's (a renamed GCP
// trace key still holds "projects/P/traces/ID").
func (p Profile) Rename(names map[string]string) Profile {
	if p.err != nil {
		return p
	}
	keys := p.Keys()
	base := *keys
	byLogical := make(map[string]Key, numKeys)
	for i, r := range keyRows() {
		byLogical[r.logical] = Key(i)
	}
	var errs []error
	renamed := make(map[Key]bool, len(names))
	for logical, name := range names {
		k, ok := byLogical[logical]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("unknown key %q", logical))
			continue
		case strings.TrimSpace(name) == "":
			errs = append(errs, fmt.Errorf("key %q: empty name", logical))
			continue
		}
		keys[k] = name
		renamed[k] = true
	}
	for k := range renamed {
		for j := range keys {
			if Key(j) != k && keys[j] == keys[k] && (renamed[Key(j)] || base[j] != base[k]) {
				errs = append(errs, fmt.Errorf("key %q: name %q is also the name of %q", k, keys[k], Key(j)))
				break
			}
		}
	}
	if len(errs) > 0 {
		p.err = fmt.Errorf("logger: %s profile: %w", p, errors.Join(errs...))
		return p
	}
	p.keys = keys
	return p
}

// Err reports what was wrong with the renames that made p (see
// [Profile.Rename]), or nil.
func (p Profile) Err() error { return p.err }

// HTTPGroup returns the key of the object that holds the request keys of an
// HTTP access line (GCP's httpRequest), or "" when they sit at the top
// level. The keys it holds are those of [Profile.InHTTPGroup].
func (p Profile) HTTPGroup() string {
	if p.kind == kindGCP {
		return GCPKeyHTTPRequest
	}
	return ""
}

// InHTTPGroup reports whether k is written inside the [Profile.HTTPGroup]
// object when the profile has one: the fields of Cloud Logging's
// HttpRequest.
func InHTTPGroup(k Key) bool {
	switch k {
	case HTTPMethodKey, URLPathKey, HTTPStatusKey, HTTPRequestSizeKey, HTTPResponseSizeKey,
		ClientAddressKey, UserAgentKey, DurationKey, ProtocolKey:
		return true
	}
	return false
}

// FullProtocol reports whether the protocol key holds "HTTP/1.1" (GCP's
// HttpRequest.protocol) rather than the version alone, "1.1" (OTel's
// network.protocol.version, ECS's and Datadog's http.version).
func (p Profile) FullProtocol() bool { return p.kind == kindGCP }

// HeaderArrays reports whether the values of a logged HTTP header are
// written as a JSON array of strings, one element a value, as
// OpenTelemetry types http.request.header.<name> and
// http.response.header.<name> (string[]): in the OTel and GCP profiles
// (GCP's jsonPayload has OTel's names). ECS has no field for one header
// and Datadog no standard attribute: their profiles write the values
// joined with ", " in one string under tracelog's extension keys.
func (p Profile) HeaderArrays() bool { return p.kind == kindOTel || p.kind == kindGCP }

// TracebackStacks reports whether stacks (StackKey, PanicStackKey) are
// written in the shape of a Go traceback, after a first line with the
// line's message or the panic ("panic: boom"): "goroutine N [running]:",
// then each frame's function with "(...)" and its "\tfile:line", as the Go
// runtime prints a panic. GCP's are, because Cloud Error Reporting reads a
// Go stack in that shape only (see internal/stack.Traceback); the other
// profiles keep zap's shape ("function\n\tfile:line" per frame), which
// Datadog's error tracking reads.
func (p Profile) TracebackStacks() bool { return p.kind == kindGCP }

// GCPKeyHTTPRequest is the object of a GCP line that Cloud Logging reads
// as the LogEntry's httpRequest.
const GCPKeyHTTPRequest = "httpRequest"

// A ProfileCarrier is a core that knows the profile of the lines it
// writes: the core of [NewCore] does, and cores that wrap one (redaction,
// the sampler's) ask the core below. httplog, grpclog and sampling ask for
// the profile through it once, when they are built ([ProfileOf]).
type ProfileCarrier interface {
	// Profile returns the profile, and false when the core does not know
	// it (a wrapper over a core that carries none).
	Profile() (Profile, bool)
}

// ProfileOf returns the profile of log's core: the first profile given to
// [NewCore] (tracelog.WithProfiles), or [OTel] when log is nil or its core
// carries none.
func ProfileOf(log *zap.Logger) Profile {
	if log == nil {
		return OTel()
	}
	p, _ := ProfileOfCore(log.Core())
	return p
}

// ProfileOfCore returns the profile c carries ([ProfileCarrier]), or
// [OTel] and false.
func ProfileOfCore(c zapcore.Core) (Profile, bool) {
	if pc, ok := c.(ProfileCarrier); ok {
		if p, ok := pc.Profile(); ok {
			return p, true
		}
	}
	return OTel(), false
}

// Profile returns the profile that names the keys of c's lines.
func (c *core) Profile() (Profile, bool) { return c.cfg.profiles[0], true }
