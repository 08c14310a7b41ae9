package sampling

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DefaultRoute names the rule for every route no other rule names.
const DefaultRoute = "*"

// A Rule says how many requests of one route keep their lines. Within each
// Interval, the First requests are kept; after them, one in Thereafter is
// kept (Thereafter 1 keeps all, 0 keeps none). Which one in Thereafter is
// chosen from the trace context by the sampler's [RatioMethod] (the Go
// SDK's TraceIDRatioBased rule by default, or OpenTelemetry's threshold
// rule), so every service that sees a trace makes the same choice.
//
// Route is an HTTP route as "METHOD /template" ("GET /users/{id}") or
// "/template" for any method, a gRPC full method ("/pkg.Service/Method"),
// or [DefaultRoute].
type Rule struct {
	Route      string        `json:"route"`
	First      int           `json:"first"`
	Interval   time.Duration `json:"-"`
	Thereafter int           `json:"thereafter"`
}

// KeepAll is a rule that keeps every request of route.
func KeepAll(route string) Rule { return Rule{Route: route, Thereafter: 1} }

// Limit keeps at most n requests of route per interval and drops the rest.
func Limit(route string, n int, per time.Duration) Rule {
	return Rule{Route: route, First: n, Interval: per}
}

// FirstThen keeps the first n requests of route per interval, then one in
// m of the others.
func FirstThen(route string, n int, per time.Duration, m int) Rule {
	return Rule{Route: route, First: n, Interval: per, Thereafter: m}
}

// Ratio keeps one request of route in m, chosen by trace ID.
func Ratio(route string, m int) Rule { return Rule{Route: route, Thereafter: m} }

// String describes the rule ("GET /healthz: 1 per 10s").
func (r Rule) String() string {
	switch {
	case r.First == 0 && r.Thereafter == 1:
		return fmt.Sprintf("%s: keep all", r.Route)
	case r.First == 0 && r.Thereafter == 0:
		return fmt.Sprintf("%s: keep none", r.Route)
	case r.First == 0:
		return fmt.Sprintf("%s: 1 in %d", r.Route, r.Thereafter)
	case r.Thereafter == 0:
		return fmt.Sprintf("%s: %d per %v", r.Route, r.First, r.Interval)
	}
	return fmt.Sprintf("%s: %d per %v, then 1 in %d", r.Route, r.First, r.Interval, r.Thereafter)
}

// validate reports what is wrong with r.
func (r Rule) validate() error {
	if strings.TrimSpace(r.Route) == "" {
		return errors.New("empty route")
	}
	if r.First < 0 {
		return fmt.Errorf("first %d is negative", r.First)
	}
	if r.Thereafter < 0 {
		return fmt.Errorf("thereafter %d is negative", r.Thereafter)
	}
	if r.First > 0 && r.Interval <= 0 {
		return fmt.Errorf("first %d needs a positive interval", r.First)
	}
	if r.Route != DefaultRoute {
		if _, path := splitRoute(r.Route); path == "" || path[0] != '/' {
			return fmt.Errorf("route %q: want \"METHOD /path\", \"/path\" or %q", r.Route, DefaultRoute)
		}
	}
	return nil
}

// splitRoute splits "GET /x" into "GET" and "/x"; "/x" has no method.
func splitRoute(route string) (method, path string) {
	route = strings.TrimSpace(route)
	if i := strings.IndexByte(route, ' '); i > 0 {
		return route[:i], strings.TrimSpace(route[i+1:])
	}
	return "", route
}

// jsonRule is the file form of a Rule, with the interval as text ("10s").
type jsonRule struct {
	Route      string `json:"route"`
	First      int    `json:"first"`
	Interval   string `json:"interval,omitempty"`
	Thereafter *int   `json:"thereafter,omitempty"`
}

// MarshalJSON writes the interval as a duration string.
func (r Rule) MarshalJSON() ([]byte, error) {
	j := jsonRule{Route: r.Route, First: r.First, Thereafter: &r.Thereafter}
	if r.Interval > 0 {
		j.Interval = r.Interval.String()
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the interval as a duration string ("10s"). A rule
// with no "thereafter" keeps all requests after its first ones when it has
// no "first", and none otherwise.
func (r *Rule) UnmarshalJSON(b []byte) error {
	var j jsonRule
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	*r = Rule{Route: j.Route, First: j.First}
	if j.Interval != "" {
		d, err := time.ParseDuration(j.Interval)
		if err != nil {
			return fmt.Errorf("route %q: interval: %w", j.Route, err)
		}
		r.Interval = d
	}
	switch {
	case j.Thereafter != nil:
		r.Thereafter = *j.Thereafter
	case j.First == 0:
		r.Thereafter = 1
	}
	return nil
}
