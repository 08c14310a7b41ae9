package sampling

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// Config is the file form of a Sampler's rules:
//
//	{
//	  "rules": [
//	    {"route": "GET /healthz", "first": 1, "interval": "10s", "thereafter": 0},
//	    {"route": "POST /api/search", "first": 100, "interval": "1s", "thereafter": 50}
//	  ],
//	  "default": {"route": "*", "thereafter": 1},
//	  "follow_trace": true,
//	  "ratio_method": "threshold",
//	  "slow_threshold": "2s"
//	}
type Config struct {
	Rules         []Rule `json:"rules"`
	Default       *Rule  `json:"default,omitempty"`
	FollowTrace   bool   `json:"follow_trace,omitempty"`
	RatioMethod   string `json:"ratio_method,omitempty"` // "traceidratio" (default) or "threshold"
	SlowThreshold string `json:"slow_threshold,omitempty"`
}

// ParseConfig reads a Config from JSON and checks every rule, so that a
// bad file is rejected when it is loaded. Unknown keys are errors.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Config{}, fmt.Errorf("sampling: config: %w", err)
	}
	if dec.More() {
		return Config{}, fmt.Errorf("sampling: config: data after the JSON object")
	}
	def := KeepAll(DefaultRoute)
	if c.Default != nil {
		def = *c.Default
	}
	method, err := parseRatioMethod(c.RatioMethod)
	if err != nil {
		return Config{}, fmt.Errorf("sampling: config: %w", err)
	}
	if _, err := newRuleSet(c.Rules, def, method); err != nil {
		return Config{}, err
	}
	if c.SlowThreshold != "" {
		if _, err := time.ParseDuration(c.SlowThreshold); err != nil {
			return Config{}, fmt.Errorf("sampling: config: slow_threshold: %w", err)
		}
	}
	return c, nil
}

// LoadFile reads a Config from a JSON file.
func LoadFile(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("sampling: %w", err)
	}
	c, err := ParseConfig(data)
	if err != nil {
		return Config{}, fmt.Errorf("%w (in %s)", err, path)
	}
	return c, nil
}

// Options returns the options the Config sets besides its rules.
func (c Config) Options() []Option {
	var opts []Option
	if c.Default != nil {
		opts = append(opts, WithDefault(*c.Default))
	}
	if c.FollowTrace {
		opts = append(opts, WithFollowTrace())
	}
	if m, err := parseRatioMethod(c.RatioMethod); err == nil && c.RatioMethod != "" {
		opts = append(opts, WithRatioMethod(m))
	}
	if d, err := time.ParseDuration(c.SlowThreshold); err == nil && c.SlowThreshold != "" {
		opts = append(opts, WithSlowThreshold(d))
	}
	return opts
}
