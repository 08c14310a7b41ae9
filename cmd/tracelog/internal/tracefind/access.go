package tracefind

import (
	"bytes"
	"strconv"
)

// grpcCodeNames are the names of the gRPC status codes, by number.
var grpcCodeNames = [...]string{
	"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded",
	"NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted",
	"FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented",
	"Internal", "Unavailable", "DataLoss", "Unauthenticated",
}

// IsAccess reports whether r is a server's access line ("http request" or
// "grpc call"), which stands for one hop of the trace.
func (r *Record) IsAccess() bool {
	return string(r.Msg) == MsgHTTPAccess || string(r.Msg) == MsgGRPCAccess
}

// IsClient reports whether r is a client's line ("http client request" or
// "grpc client call").
func (r *Record) IsClient() bool {
	return string(r.Msg) == MsgHTTPClient || string(r.Msg) == MsgGRPCClient
}

// IsGRPC reports whether r carries gRPC keys.
func (r *Record) IsGRPC() bool {
	return len(r.RPCMethod) > 0 || len(r.GRPCCode) > 0
}

// AppendRoute appends the route of an access line to dst: "METHOD ROUTE"
// for HTTP (http.route, else url.path), "SERVICE/METHOD" for gRPC.
func (r *Record) AppendRoute(dst []byte) []byte {
	if r.IsGRPC() {
		return append(dst, r.RPCMethod...)
	}
	path := r.Route
	if len(path) == 0 {
		path = r.Path
	}
	dst = append(dst, r.Method...)
	if len(r.Method) > 0 && len(path) > 0 {
		dst = append(dst, ' ')
	}
	return append(dst, path...)
}

// StatusText is the status of an access line: the HTTP status or the gRPC
// code, "" when the line has neither.
func (r *Record) StatusText() string {
	switch {
	case len(r.GRPCCode) > 0:
		return string(r.GRPCCode)
	case r.HasStatus:
		return strconv.Itoa(r.Status)
	}
	return ""
}

// IsError reports whether r marks a failure: level error or above, an HTTP
// status of 500 or more, or a gRPC code that is the server's fault
// (Unknown, DeadlineExceeded, Unimplemented, Internal, Unavailable,
// DataLoss).
func (r *Record) IsError() bool {
	switch string(r.Level) {
	case "error", "dpanic", "panic", "fatal", "ERROR", "DPANIC", "PANIC", "FATAL",
		"CRITICAL", "ALERT", "EMERGENCY", "critical", "alert", "emergency": // GCP's and Datadog's names
		return true
	}
	if r.HasStatus && r.Status >= 500 {
		return true
	}
	return IsServerFault(r.GRPCCode)
}

// IsServerFault reports whether the gRPC code names a server-side failure.
func IsServerFault(code []byte) bool {
	switch string(code) {
	case "Unknown", "DeadlineExceeded", "Unimplemented", "Internal", "Unavailable", "DataLoss":
		return true
	}
	return false
}

// IsSamplerSummary reports whether r is a sampler's summary line (its
// message starts with "sampled out").
func (r *Record) IsSamplerSummary() bool {
	return bytes.HasPrefix(r.Msg, []byte(MsgSampledPrefix))
}

// SampledOut returns the route and the number of lines dropped that a
// sampler's summary line reports: the fields sampling.route and
// sampling.dropped, or else the message "sampled out N lines of route
// ROUTE" (also "... lines of ROUTE"). ok is false when neither gives a
// count.
func (r *Record) SampledOut() (route []byte, dropped int64, ok bool) {
	route, dropped, ok = r.SamplingRoute, r.SamplingDropped, r.HasSamplingDropped
	if ok && len(route) > 0 {
		return route, dropped, true
	}
	rest, found := bytes.CutPrefix(r.Msg, []byte(MsgSampledPrefix+" "))
	if !found {
		return route, dropped, ok
	}
	n := 0
	for n < len(rest) && '0' <= rest[n] && rest[n] <= '9' {
		n++
	}
	if !ok {
		v, err := strconv.ParseInt(string(rest[:n]), 10, 64)
		if err != nil {
			return nil, 0, false
		}
		dropped, ok = v, true
	}
	if len(route) == 0 {
		rest = rest[n:]
		for _, p := range [...]string{" lines of route ", " line of route ", " lines of ", " line of "} {
			if after, found := bytes.CutPrefix(rest, []byte(p)); found {
				route = bytes.TrimSpace(after)
				break
			}
		}
	}
	return route, dropped, ok
}
