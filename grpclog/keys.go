package grpclog

// Messages of the access lines. They are constant so that lines can be
// counted and alerted on by message; the call is told by its keys.
const (
	MessageServer = "grpc call"
	MessageClient = "grpc client call"
)

// Keys of the access lines. trace_id, span_id and trace_flags (or the keys
// of another profile) are written by the tracelog core from the call's
// span, not by this package; see package logger.
const (
	// KeyRPCSystem is always "grpc" (OpenTelemetry's rpc.system).
	KeyRPCSystem = "rpc.system"
	// KeyRPCService is the full service name, "pkg.Service".
	KeyRPCService = "rpc.service"
	// KeyRPCMethod is the method name, "Method".
	KeyRPCMethod = "rpc.method"
	// KeyType is the kind of call: one of the Type* values.
	KeyType = "grpc.type"
	// KeyCode is the status code's name, "OK", "NotFound", ...
	KeyCode = "grpc.code"
	// KeyCodeNum is the status code's number, 0 to 16.
	KeyCodeNum = "grpc.code_num"
	// KeyDuration is the call's duration (a zap.Duration: float
	// milliseconds in the JSON of tracelog.New, text in console).
	KeyDuration = "duration"
	// KeyDeadline is the time that was left until the call's deadline when
	// the call started (a zap.Duration), written only when the call had a
	// deadline. A call whose duration reaches it ran out of time.
	KeyDeadline = "grpc.deadline"
	// KeyPeerAddress is the other side's address: the client's on server
	// lines, the server's on client lines.
	KeyPeerAddress = "peer.address"
	// KeyTarget is the target the client connection was made for, as given
	// to grpc.NewClient ("dns:///orders:443"), on client lines only.
	KeyTarget = "grpc.target"
	// KeyParentSpanID is the caller's span ID (16 hex digits): on server
	// lines when the call came with trace context, on client lines when the
	// calling code had a span.
	KeyParentSpanID = "parent_span_id"
	// KeyError is the status message when the call failed.
	KeyError = "error"
	// KeyMsgsSent and KeyMsgsReceived count the messages of a stream sent
	// and received by this side, on streaming calls only.
	KeyMsgsSent     = "grpc.msgs_sent"
	KeyMsgsReceived = "grpc.msgs_received"
	// KeyPanic is the value a handler panicked with, and KeyPanicStack the
	// stack of the panicking goroutine, on the line of a recovered panic.
	KeyPanic      = "grpc.panic"
	KeyPanicStack = "grpc.panic_stack"
	// KeyMetadataPrefix starts the keys of logged request metadata:
	// "grpc.request.metadata.x-request-id" (see WithMetadata).
	KeyMetadataPrefix = "grpc.request.metadata."
	// KeyRequestContent and KeyResponseContent hold a message as a JSON
	// object (see WithPayloads). A message whose JSON is longer than the
	// limit is written instead as a cut string under KeyRequestTruncated or
	// KeyResponseTruncated, so that each key keeps one type.
	KeyRequestContent    = "grpc.request.content"
	KeyResponseContent   = "grpc.response.content"
	KeyRequestTruncated  = "grpc.request.content_truncated"
	KeyResponseTruncated = "grpc.response.content_truncated"
	// KeyRequestGoType and KeyResponseGoType name the Go type of a message
	// that is not a protobuf (v2 API) message, instead of its content.
	KeyRequestGoType  = "grpc.request.go_type"
	KeyResponseGoType = "grpc.response.go_type"
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
