package tracefind

import (
	"slices"
	"sync"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/logger"
)

// Keys read from a line. The trace keys of every profile of package logger
// are read; a line may carry several profiles at once.
const (
	KeyTime    = tracelog.KeyTime
	KeyLevel   = tracelog.KeyLevel
	KeyMessage = tracelog.KeyMessage
	KeyService = tracelog.KeyServiceName

	KeyTraceID      = logger.KeyTraceID
	KeySpanID       = logger.KeySpanID
	KeyParentSpanID = logger.KeyParentSpanID
	KeyTraceFlags   = logger.KeyTraceFlags

	KeyECSTraceID = logger.ECSKeyTraceID
	KeyECSSpanID  = logger.ECSKeySpanID

	KeyGCPTrace        = logger.GCPKeyTrace
	KeyGCPSpanID       = logger.GCPKeySpanID
	KeyGCPTraceSampled = logger.GCPKeyTraceSampled

	KeyDDTraceID = logger.DDKeyTraceID
	KeyDDSpanID  = logger.DDKeySpanID
)

// A Role is what a key of a line tells the tool: the line's time, level,
// trace, the route of an access line...
type Role uint8

// Roles of keys; RoleNone for a key the tool only shows.
const (
	RoleNone Role = iota
	RoleTime
	RoleLevel
	RoleMessage
	RoleService
	RoleServiceVersion
	RoleTraceID   // hex, or GCP's projects/P/traces/HEX
	RoleDDTraceID // decimal low 64 bits
	RoleSpanID
	RoleDDSpanID
	RoleParentSpanID
	RoleTraceFlags
	RoleTraceSampled
	RoleStack
	RoleSchemaVersion // ECS's ecs.version, the same on every line
	RoleMethod
	RoleRoute
	RolePath
	RoleRPCMethod
	RoleStatus
	RoleGRPCCode
	RoleDuration      // float milliseconds, or a string ("1.5ms", "0.042s"); Datadog's nanoseconds
	RoleDurationNanos // integer nanoseconds (ECS's event.duration)
	RolePanic
	RoleSamplingRoute
	RoleSamplingDropped
)

// keyRole is the role of a key, and whether it marks a line of the
// Datadog profile (whose durations are in nanoseconds).
type keyRole struct {
	role     Role
	datadog  bool
	profiles int // how many built-in profiles write the key
}

// roles maps the keys of every built-in profile of package logger to their
// roles, computed once from the profiles' tables (GCP's httpRequest keys as
// the dotted keys Parse flattens them to).
var roles = sync.OnceValue(func() map[string]keyRole {
	byKey := map[logger.Key]Role{
		logger.TimeKey: RoleTime, logger.LevelKey: RoleLevel, logger.MessageKey: RoleMessage,
		logger.ServiceNameKey: RoleService, logger.ServiceVersionKey: RoleServiceVersion, logger.TraceIDKey: RoleTraceID, logger.SpanIDKey: RoleSpanID,
		logger.ParentSpanIDKey: RoleParentSpanID, logger.TraceFlagsKey: RoleTraceFlags,
		logger.TraceSampledKey: RoleTraceSampled, logger.StackKey: RoleStack, logger.SchemaVersionKey: RoleSchemaVersion,
		logger.HTTPMethodKey: RoleMethod, logger.HTTPRouteKey: RoleRoute, logger.URLPathKey: RolePath,
		logger.RPCMethodKey: RoleRPCMethod, logger.HTTPStatusKey: RoleStatus, logger.RPCCodeKey: RoleGRPCCode,
		logger.DurationKey: RoleDuration, logger.RPCDurationKey: RoleDuration, logger.PanicKey: RolePanic,
		logger.SamplingRouteKey: RoleSamplingRoute, logger.SamplingDroppedKey: RoleSamplingDropped,
	}
	m := map[string]keyRole{}
	for _, p := range []logger.Profile{logger.OTel(), logger.ECS(), logger.GCP("p"), logger.Datadog()} {
		keys, group := p.Keys(), p.HTTPGroup()
		for k, role := range byKey {
			name := keys[k]
			if name == "" {
				continue
			}
			if group != "" && logger.InHTTPGroup(k) {
				name = group + "." + name
			}
			switch {
			case p.String() == "datadog" && (k == logger.TraceIDKey || k == logger.SpanIDKey):
				role++ // the decimal form
			case p.String() == "ecs" && (k == logger.DurationKey || k == logger.RPCDurationKey):
				role = RoleDurationNanos
			}
			kr := m[name]
			kr.role, kr.profiles = role, kr.profiles+1
			// A Datadog line is told by its record keys (status): its
			// trace keys may sit beside another profile's.
			kr.datadog = p.String() == "datadog" && kr.profiles == 1 &&
				(k == logger.LevelKey || k == logger.TimeKey || k == logger.ServiceNameKey)
			m[name] = kr
		}
	}
	return m
})

// RoleOf returns the role of key in the lines of any built-in profile.
func RoleOf(key string) Role { return roles()[key].role }

// KeysOf returns the keys of every built-in profile that have one of the
// roles, sorted.
func KeysOf(rs ...Role) []string {
	var out []string
	for k, kr := range roles() {
		if slices.Contains(rs, kr.role) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// Messages that mark the kinds of lines the tool tells apart.
const (
	// MsgHTTPAccess and MsgGRPCAccess mark a server's access line: one per
	// hop, written when the request ends.
	MsgHTTPAccess = "http request"
	MsgGRPCAccess = "grpc call"
	// MsgHTTPClient and MsgGRPCClient mark a client's line, which belongs
	// to the caller's hop.
	MsgHTTPClient = "http client request"
	MsgGRPCClient = "grpc client call"
	// MsgSampledPrefix starts the message of a sampler's summary line,
	// "sampled out N lines of route ROUTE".
	MsgSampledPrefix = "sampled out"
)
