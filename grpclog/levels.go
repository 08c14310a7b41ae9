package grpclog

import (
	"go.uber.org/zap/zapcore"
	"google.golang.org/grpc/codes"
)

// A CodeToLevel picks the level of an access line from the call's status
// code. Wrap a default to change a few codes:
//
//	func(c codes.Code) zapcore.Level {
//		if c == codes.NotFound {
//			return zapcore.DebugLevel
//		}
//		return grpclog.DefaultServerCodeToLevel(c)
//	}
//
// Levels above Error are written at Error: an access line never panics or
// exits the process.
type CodeToLevel func(codes.Code) zapcore.Level

var serverLevels = [...]zapcore.Level{
	codes.OK:                 zapcore.InfoLevel,
	codes.Canceled:           zapcore.InfoLevel,
	codes.Unknown:            zapcore.ErrorLevel,
	codes.InvalidArgument:    zapcore.InfoLevel,
	codes.DeadlineExceeded:   zapcore.WarnLevel,
	codes.NotFound:           zapcore.InfoLevel,
	codes.AlreadyExists:      zapcore.InfoLevel,
	codes.PermissionDenied:   zapcore.WarnLevel,
	codes.ResourceExhausted:  zapcore.WarnLevel,
	codes.FailedPrecondition: zapcore.WarnLevel,
	codes.Aborted:            zapcore.WarnLevel,
	codes.OutOfRange:         zapcore.WarnLevel,
	codes.Unimplemented:      zapcore.ErrorLevel,
	codes.Internal:           zapcore.ErrorLevel,
	codes.Unavailable:        zapcore.ErrorLevel,
	codes.DataLoss:           zapcore.ErrorLevel,
	codes.Unauthenticated:    zapcore.InfoLevel,
}

var clientLevels = [...]zapcore.Level{
	codes.OK:                 zapcore.InfoLevel,
	codes.Canceled:           zapcore.InfoLevel,
	codes.Unknown:            zapcore.WarnLevel,
	codes.InvalidArgument:    zapcore.WarnLevel,
	codes.DeadlineExceeded:   zapcore.WarnLevel,
	codes.NotFound:           zapcore.InfoLevel,
	codes.AlreadyExists:      zapcore.InfoLevel,
	codes.PermissionDenied:   zapcore.WarnLevel,
	codes.ResourceExhausted:  zapcore.WarnLevel,
	codes.FailedPrecondition: zapcore.WarnLevel,
	codes.Aborted:            zapcore.InfoLevel,
	codes.OutOfRange:         zapcore.WarnLevel,
	codes.Unimplemented:      zapcore.ErrorLevel,
	codes.Internal:           zapcore.WarnLevel,
	codes.Unavailable:        zapcore.WarnLevel,
	codes.DataLoss:           zapcore.WarnLevel,
	codes.Unauthenticated:    zapcore.WarnLevel,
}

// DefaultServerCodeToLevel is the server interceptors' default: Info for
// success and for what the client did wrong or gave up on, Warn for
// refusals and conflicts worth watching, Error for the server's own faults.
// A code it does not know is an Error. The package documentation tables it.
func DefaultServerCodeToLevel(c codes.Code) zapcore.Level {
	if int(c) < len(serverLevels) {
		return serverLevels[c]
	}
	return zapcore.ErrorLevel
}

// DefaultClientCodeToLevel is the client interceptors' default. A failure
// is written at Error once, by the side at fault: a client writes the
// callee's failures at Warn (the callee's own line has them at Error, and
// the client's caller sees the outcome), keeps Info for answers a caller
// expects (NotFound, AlreadyExists, Aborted, Canceled), and uses Error only
// for Unimplemented, which means the client called a method the server does
// not have. A code it does not know is a Warn. The package documentation
// tables it.
func DefaultClientCodeToLevel(c codes.Code) zapcore.Level {
	if int(c) < len(clientLevels) {
		return clientLevels[c]
	}
	return zapcore.WarnLevel
}

// serverFault reports whether c is a failure of the server, for the status
// of the span the server interceptors start (OpenTelemetry's semantic
// conventions for gRPC server spans).
func serverFault(c codes.Code) bool {
	switch c {
	case codes.Unknown, codes.DeadlineExceeded, codes.Unimplemented,
		codes.Internal, codes.Unavailable, codes.DataLoss:
		return true
	}
	return int(c) > int(codes.Unauthenticated)
}

// clampLevel keeps a level inside [Debug, Error], so a CodeToLevel cannot
// make an access line panic or exit.
func clampLevel(l zapcore.Level) zapcore.Level {
	switch {
	case l < zapcore.DebugLevel:
		return zapcore.DebugLevel
	case l > zapcore.ErrorLevel:
		return zapcore.ErrorLevel
	}
	return l
}
