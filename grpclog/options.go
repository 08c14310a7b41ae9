package grpclog

import (
	"strings"

	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/tracelog/tracelog/redact"
)

// An Option configures an interceptor. Options are sealed: only this
// package's With* functions make them. The same options serve the server
// and the client interceptors; one that concerns only one side (such as
// [WithRepanic]) is ignored by the other. Options apply in order.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// DefaultPayloadLimit is the number of bytes of a message's JSON written by
// [WithPayloads] when it is given no limit.
const DefaultPayloadLimit = 2048

type config struct {
	codeToLevel CodeToLevel
	redactor    *redact.Redactor
	metadata    []string // allowed keys, lowercase, deduplicated
	payloads    bool
	payloadMax  int
	skip        map[string]struct{}
	filter      func(fullMethod string) bool
	repanic     bool
	tp          trace.TracerProvider
	propagator  propagation.TextMapPropagator
}

func newConfig(opts []Option) *config {
	c := &config{redactor: redact.Default()}
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	return c
}

// WithCodeToLevel replaces the function that picks a line's level from the
// status code (default [DefaultServerCodeToLevel] for servers and
// [DefaultClientCodeToLevel] for clients). A nil function is ignored.
func WithCodeToLevel(f CodeToLevel) Option {
	return optionFunc(func(c *config) {
		if f != nil {
			c.codeToLevel = f
		}
	})
}

// WithRedactor replaces the rules that mask metadata values, payload
// fields and panic values (default [redact.Default]). A nil redactor is
// ignored.
func WithRedactor(r *redact.Redactor) Option {
	return optionFunc(func(c *config) {
		if r != nil {
			c.redactor = r
		}
	})
}

// WithMetadata adds request metadata keys to log (none by default), each
// under "grpc.request.metadata.KEY". Keys are matched without case. Values
// of keys the redactor finds sensitive (authorization, cookie, anything
// named like a secret) are always masked, and credentials found in other
// values are masked too. Several values of one key are joined with ", ";
// values of binary keys ("-bin") are written in standard base64.
func WithMetadata(keys ...string) Option {
	return optionFunc(func(c *config) {
		for _, k := range keys {
			k = strings.ToLower(strings.TrimSpace(k))
			if k == "" || contains(c.metadata, k) {
				continue
			}
			c.metadata = append(c.metadata, k)
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// WithPayloads turns on logging of messages (off by default): the request
// and the response as JSON objects (protojson), with the values of
// sensitive field names masked and credentials in string values masked. A
// message whose JSON is longer than maxBytes is written cut, as a string;
// maxBytes of zero or less means [DefaultPayloadLimit]. For streams, the
// first message each way is written. Messages that are not protobuf (v2
// API) messages are written as their Go type only.
//
// This costs a JSON encoding, a decoding and a re-encoding per message: use
// it to debug, not on busy paths.
func WithPayloads(maxBytes int) Option {
	return optionFunc(func(c *config) {
		c.payloads = true
		if maxBytes <= 0 {
			maxBytes = DefaultPayloadLimit
		}
		c.payloadMax = maxBytes
	})
}

// WithSkipMethods adds full method names ("/grpc.health.v1.Health/Check")
// whose calls pass through untouched: no line, no span, no request logger,
// no propagation.
func WithSkipMethods(fullMethods ...string) Option {
	return optionFunc(func(c *config) {
		if c.skip == nil {
			c.skip = make(map[string]struct{}, len(fullMethods))
		}
		for _, m := range fullMethods {
			c.skip[m] = struct{}{}
		}
	})
}

// WithFilter replaces the filter (default none) that decides, by full
// method name, whether a call is handled by the interceptor: f returns
// false for calls that pass through untouched, as with [WithSkipMethods]
// (both apply). A nil f is ignored.
func WithFilter(f func(fullMethod string) bool) Option {
	return optionFunc(func(c *config) {
		if f != nil {
			c.filter = f
		}
	})
}

// WithRepanic makes the server interceptors panic again, with the same
// value, after logging a recovered panic, for an outer recovery to handle.
// By default the panic ends there and the call fails with codes.Internal.
// Client interceptors ignore it.
func WithRepanic() Option {
	return optionFunc(func(c *config) { c.repanic = true })
}

// WithTracerProvider replaces the tracer provider (default the global one,
// as otel.GetTracerProvider returns it at each call). With an SDK behind
// it, the interceptors start a span per call; see the package
// documentation. A nil provider is ignored.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *config) {
		if tp != nil {
			c.tp = tp
		}
	})
}

// WithPropagator replaces the propagator that reads and writes trace
// context in metadata (default the global one, or W3C traceparent,
// tracestate and baggage while no global propagator is set). A nil
// propagator is ignored.
func WithPropagator(p propagation.TextMapPropagator) Option {
	return optionFunc(func(c *config) {
		if p != nil {
			c.propagator = p
		}
	})
}

// skipped reports whether the call passes through untouched.
func (c *config) skipped(fullMethod string) bool {
	if _, ok := c.skip[fullMethod]; ok {
		return true
	}
	return c.filter != nil && !c.filter(fullMethod)
}
