package tracelog

import (
	"fmt"
	"net/url"
	"strings"
)

// OpenTelemetry's environment variables that [New] reads, always (as the
// OpenTelemetry SDKs do), to fill the service keys the code left empty.
const (
	EnvOTelServiceName        = "OTEL_SERVICE_NAME"
	EnvOTelResourceAttributes = "OTEL_RESOURCE_ATTRIBUTES"
)

// readOTelEnv fills the service keys that no option set from
// OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (service.name,
// service.version, deployment.environment.name). As the OpenTelemetry
// specification says, OTEL_SERVICE_NAME wins over a service.name in
// OTEL_RESOURCE_ATTRIBUTES. A malformed OTEL_RESOURCE_ATTRIBUTES is an
// error.
func (c *config) readOTelEnv() error {
	attrs, err := parseResourceAttributes(c.getenv(EnvOTelResourceAttributes))
	if err != nil {
		return fmt.Errorf("tracelog: %s: %w", EnvOTelResourceAttributes, err)
	}
	if name := strings.TrimSpace(c.getenv(EnvOTelServiceName)); name != "" {
		attrs[KeyServiceName] = name
	}
	fill := func(dst *string, key string) {
		if *dst == "" {
			*dst = attrs[key]
		}
	}
	fill(&c.service, KeyServiceName)
	fill(&c.version, KeyServiceVersion)
	fill(&c.environment, KeyDeploymentEnvironment)
	return nil
}

// parseResourceAttributes reads the value of OTEL_RESOURCE_ATTRIBUTES:
// comma-separated key=value pairs, values percent-encoded (the W3C
// Baggage format without properties). Blank members are skipped; a member
// without '=', with an empty key or with a bad escape is an error.
func parseResourceAttributes(v string) (map[string]string, error) {
	attrs := map[string]string{}
	for _, member := range strings.Split(v, ",") {
		if strings.TrimSpace(member) == "" {
			continue
		}
		k, val, ok := strings.Cut(member, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("member %q is not key=value", member)
		}
		dec, err := url.PathUnescape(strings.TrimSpace(val))
		if err != nil {
			return nil, fmt.Errorf("member %q: %w", member, err)
		}
		attrs[k] = dec
	}
	return attrs, nil
}
