package source

import (
	"net"
	"net/http"
	"time"
)

// An Option configures [New]. Options are sealed: only this package's
// With* functions make them.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	client *http.Client
}

// DefaultConnectTimeout bounds connecting to a store and waiting for the
// start of its answer; the answer itself streams for as long as it takes.
const DefaultConnectTimeout = 30 * time.Second

func newConfig(opts []Option) config {
	c := config{client: &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: DefaultConnectTimeout}).DialContext,
		ResponseHeaderTimeout: DefaultConnectTimeout,
		TLSHandshakeTimeout:   DefaultConnectTimeout,
	}}}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithHTTPClient replaces the HTTP client (default: one that waits at most
// [DefaultConnectTimeout] to connect and for an answer to start). A nil
// client keeps the default.
func WithHTTPClient(c *http.Client) Option {
	return optionFunc(func(cfg *config) {
		if c != nil {
			cfg.client = c
		}
	})
}
