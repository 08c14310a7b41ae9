package grpclog

import "github.com/tracelog/tracelog/logger"

// Messages of the access lines. They are constant so that lines can be
// counted and alerted on by message; the call is told by its keys.
const (
	MessageServer = "grpc call"
	MessageClient = "grpc client call"
)

// Keys of the access lines under the default profile (logger.OTel):
// OpenTelemetry semantic-conventions names, and names under
// logger.ExtensionPrefix for what the conventions have no name for. Under
// another profile (tracelog.WithProfiles) the lines follow its names,
// which the package documentation tables. trace_id, span_id and
// trace_flags are written by the tracelog core from the call's span, not
// by this package; see package logger.
const (
	// KeyRPCSystem is always "grpc" (OpenTelemetry's rpc.system.name).
	KeyRPCSystem = "rpc.system.name"
	// KeyRPCMethod is the full method name, "pkg.Service/Method".
	KeyRPCMethod = "rpc.method"
	// KeyType is the kind of call: one of the Type* values.
	KeyType = logger.ExtensionPrefix + "grpc.type"
	// KeyCode is the status code's name, "OK", "NotFound", ...
	KeyCode = "rpc.status_code"
	// KeyCodeNum is the status code's number, 0 to 16.
	KeyCodeNum = logger.ExtensionPrefix + "grpc.status_code"
	// KeyDuration is the call's duration (a zap.Duration: float
	// milliseconds in the JSON of tracelog.New, text in console).
	KeyDuration = "duration"
	// KeyDeadline is the time that was left until the call's deadline when
	// the call started (a zap.Duration), written only when the call had a
	// deadline. A call whose duration reaches it ran out of time.
	KeyDeadline = logger.ExtensionPrefix + "grpc.deadline"
	// KeyPeerAddress is the other side's IP address (or socket name): the
	// client's on server lines, the server's on client lines; KeyPeerPort
	// is its port (an int), for TCP peers.
	KeyPeerAddress = "network.peer.address"
	KeyPeerPort    = "network.peer.port"
	// KeyTarget is the target the client connection was made for, as given
	// to grpc.NewClient ("dns:///orders:443"), on client lines only.
	KeyTarget = logger.ExtensionPrefix + "grpc.target"
	// KeyParentSpanID is the caller's span ID (16 hex digits): on server
	// lines when the call came with trace context, on client lines when the
	// calling code had a span.
	KeyParentSpanID = logger.KeyParentSpanID
	// KeyError is the status message when the call failed, and
	// KeyErrorType its kind: the status code's name ("NotFound") when the
	// call's error is a gRPC status, else the error's Go type (a handler's
	// plain error, "*fs.PathError").
	KeyError     = "exception.message"
	KeyErrorType = "exception.type"
	// KeyErrorClass is the status code's name when the code is an error
	// for this side, as OpenTelemetry's gRPC conventions have it: any code
	// but OK on client lines; Unknown, DeadlineExceeded, Unimplemented,
	// Internal, Unavailable, DataLoss (and codes past Unauthenticated) on
	// server lines.
	KeyErrorClass = "error.type"
	// KeyMsgsSent and KeyMsgsReceived count the messages of a stream sent
	// and received by this side, on streaming calls only.
	KeyMsgsSent     = logger.ExtensionPrefix + "grpc.messages_sent"
	KeyMsgsReceived = logger.ExtensionPrefix + "grpc.messages_received"
	// KeyPanic is the value a handler panicked with, and KeyPanicStack the
	// stack of the panicking goroutine, on the line of a recovered panic.
	KeyPanic      = logger.ExtensionPrefix + "panic.value"
	KeyPanicStack = logger.ExtensionPrefix + "panic.stacktrace"
	// KeyMetadataPrefix starts the keys of logged request metadata:
	// "tracelog.grpc.request.metadata.x-request-id" (see WithMetadata).
	KeyMetadataPrefix = logger.ExtensionPrefix + "grpc.request.metadata."
	// KeyRequestContent and KeyResponseContent hold a message as a JSON
	// object (see WithPayloads). A message whose JSON is longer than the
	// limit is written instead as a cut string under KeyRequestTruncated or
	// KeyResponseTruncated, so that each key keeps one type.
	KeyRequestContent    = logger.ExtensionPrefix + "grpc.request.content"
	KeyResponseContent   = logger.ExtensionPrefix + "grpc.response.content"
	KeyRequestTruncated  = logger.ExtensionPrefix + "grpc.request.content_truncated"
	KeyResponseTruncated = logger.ExtensionPrefix + "grpc.response.content_truncated"
	// KeyRequestGoType and KeyResponseGoType name the Go type of a message
	// that is not a protobuf (v2 API) message, instead of its content.
	KeyRequestGoType  = logger.ExtensionPrefix + "grpc.request.go_type"
	KeyResponseGoType = logger.ExtensionPrefix + "grpc.response.go_type"
)

// Values of [KeyRPCSystem] and [KeyType].
const (
	RPCSystem        = "grpc"
	TypeUnary        = "unary"
	TypeClientStream = "client_stream"
	TypeServerStream = "server_stream"
	TypeBidiStream   = "bidi_stream"
)

// callType names the kind of a call from its stream flags.
func callType(clientStreams, serverStreams bool) string {
	switch {
	case clientStreams && serverStreams:
		return TypeBidiStream
	case clientStreams:
		return TypeClientStream
	case serverStreams:
		return TypeServerStream
	default:
		return TypeUnary
	}
}
