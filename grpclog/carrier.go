package grpclog

import (
	"go.opentelemetry.io/otel/propagation"
	"google.golang.org/grpc/metadata"
)

// incomingMD reads the incoming metadata of c.in for a propagator. It is a
// pointer type, so passing it as a TextMapCarrier does not allocate, and
// it reads single keys: grpc copies only the values asked for.
type incomingMD call

var (
	_ propagation.TextMapCarrier = (*incomingMD)(nil)
	_ propagation.ValuesGetter   = (*incomingMD)(nil)
	_ propagation.TextMapCarrier = mdCarrier(nil)
)

// Get returns the first value of key.
func (c *incomingMD) Get(key string) string {
	if v := metadata.ValueFromIncomingContext(c.in, key); len(v) > 0 {
		return v[0]
	}
	return ""
}

// Values returns every value of key (for baggage, which may be split).
func (c *incomingMD) Values(key string) []string {
	return metadata.ValueFromIncomingContext(c.in, key)
}

// Set does nothing: incoming metadata is read only.
func (c *incomingMD) Set(string, string) {}

// Keys returns the metadata keys.
func (c *incomingMD) Keys() []string {
	md, _ := metadata.FromIncomingContext(c.in)
	keys := make([]string, 0, len(md))
	for k := range md {
		keys = append(keys, k)
	}
	return keys
}

// mdCarrier writes outgoing metadata for a propagator. Set replaces a key.
type mdCarrier metadata.MD

// Get returns the first value of key.
func (m mdCarrier) Get(key string) string {
	if v := metadata.MD(m).Get(key); len(v) > 0 {
		return v[0]
	}
	return ""
}

// Set replaces the values of key with value.
func (m mdCarrier) Set(key, value string) { metadata.MD(m).Set(key, value) }

// Keys returns the metadata keys.
func (m mdCarrier) Keys() []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
