package tracefind

import (
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

// Keys of access lines (written by httplog and grpclog).
const (
	KeyHTTPMethod = "http.method"
	KeyHTTPRoute  = "http.route"
	KeyURLPath    = "url.path"
	KeyHTTPStatus = "http.status"
	KeyDuration   = "duration"

	KeyRPCService = "rpc.service"
	KeyRPCMethod  = "rpc.method"
	KeyGRPCCode   = "grpc.code"

	KeyError = "error"

	// KeyHTTPPanic and KeyGRPCPanic hold the value a handler panicked
	// with, on the access line of its hop.
	KeyHTTPPanic = "http.panic"
	KeyGRPCPanic = "grpc.panic"
)

// Keys of the sampler's summary lines, read by stats.
const (
	KeySamplingRoute   = "sampling.route"
	KeySamplingDropped = "sampling.dropped"
)

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
