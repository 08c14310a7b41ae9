package grpclog

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tracelog/tracelog/internal/errkey"
	"github.com/tracelog/tracelog/internal/headsample"
	"github.com/tracelog/tracelog/internal/hexid"
	"github.com/tracelog/tracelog/internal/libfield"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/redact"
)

// lineWriter writes the access line of finished calls; the four
// interceptors share it, so their lines cannot drift apart.
type lineWriter struct {
	log         *zap.Logger // the user's logger, without caller or stacktrace
	msg         string
	level       CodeToLevel
	client      bool
	metadataKey []string          // the profile's metadata prefix + each allowed key
	sampler     headsample.Engine // the head sampler of the logger's core, if any
	keys        *logger.Keys      // of the logger's profile
	peerKey     [2]logger.Key     // the other side's address and port keys
	redactor    *redact.Redactor  // for texts redacted before they are cut
	tracebacks  bool              // a panic's stack as a Go traceback (Profile.TracebackStacks)
}

// newLineWriter prepares the access logger once: the keys are those of
// the logger's profile (logger.ProfileOf), the constant rpc.system is
// encoded by With, and zap's caller and stacktrace are off, since both
// would only point into this package (a recovered panic carries its own
// stack under KeyPanicStack).
func newLineWriter(log *zap.Logger, cfg *config, client bool) *lineWriter {
	p := logger.ProfileOf(log)
	keys := p.Keys()
	w := &lineWriter{
		log: log.WithOptions(zap.WithCaller(false), zap.AddStacktrace(zapcore.LevelEnabler(never{}))).
			With(zap.String(keys[logger.RPCSystemKey], RPCSystem)),
		keys:       keys,
		peerKey:    [2]logger.Key{logger.RPCClientAddressKey, logger.RPCClientPortKey},
		msg:        MessageServer,
		level:      DefaultServerCodeToLevel,
		client:     client,
		sampler:    headsample.FromLogger(log),
		redactor:   cfg.redactor,
		tracebacks: p.TracebackStacks(),
	}
	if client {
		w.msg, w.level = MessageClient, DefaultClientCodeToLevel
		w.peerKey = [2]logger.Key{logger.RPCServerAddressKey, logger.RPCServerPortKey}
	}
	if cfg.codeToLevel != nil {
		w.level = cfg.codeToLevel
	}
	for _, k := range cfg.metadata {
		w.metadataKey = append(w.metadataKey, keys[logger.RPCMetadataPrefixKey]+k)
	}
	return w
}

type never struct{}

func (never) Enabled(zapcore.Level) bool { return false }

// maxLineFields is the capacity of a pooled field slice: enough for every
// key but metadata; more metadata makes append grow it once.
const maxLineFields = 26

type lineBuf struct {
	fields []zapcore.Field
	text   [128]byte
}

var linePool = sync.Pool{New: func() any {
	return &lineBuf{fields: make([]zapcore.Field, 0, maxLineFields)}
}}

// statusOf converts a call's error as grpc does for the wire: status
// errors keep their code, context errors become Canceled or
// DeadlineExceeded, anything else is Unknown.
func statusOf(err error) *status.Status {
	if err == nil {
		return nil
	}
	if st, ok := status.FromError(err); ok {
		return st
	}
	return status.FromContextError(err)
}

// errorKind returns the kind of a call's error (logger.ErrorKindKey): the
// status code's name for a gRPC status error (wrapped or not), whose Go
// type says nothing, else the error's Go type (a handler's plain error,
// which the client gets as Unknown).
func errorKind(err error, code codes.Code) string {
	var st interface{ GRPCStatus() *status.Status }
	if errors.As(err, &st) {
		return code.String()
	}
	return errkey.Kind(err)
}

// failed reports whether a call that ended with code failed, for the
// error class of its line (logger.ErrorClassKey): every code but OK for a
// client, the server's faults for a server, as OpenTelemetry's gRPC
// conventions have it.
func (w *lineWriter) failed(code codes.Code) bool {
	if w.client {
		return code != codes.OK
	}
	return serverFault(code)
}

// decide asks the head sampler, if any, about a server call once its
// trace context is known, and stores the decision in the handler's
// context: the access line (logged with the call's context) and the
// handler's lines through logger.FromContext (bound on first use, after
// this) then follow it together. Client calls follow the decision already
// in the caller's context.
func (w *lineWriter) decide(ctx context.Context, c *call, fullMethod string) context.Context {
	if w.sampler == nil || w.client {
		return ctx
	}
	d := new(headsample.Request)
	d.BeginRoute(w.sampler, "", fullMethod, trace.SpanContextFromContext(ctx), c.start)
	c.decision = d
	return headsample.With(ctx, d)
}

// finish writes the line of c, which ended with err, and ends the span the
// call started, if any, after the line (so span events see the line).
func (w *lineWriter) finish(c *call, err error) {
	dur := time.Since(c.start)
	st := statusOf(err)
	code := st.Code()
	if c.span != nil {
		defer endSpan(c.span, code, st.Message(), w.client)
	}
	lvl := clampLevel(w.level(code))
	if d := c.decision; d != nil {
		if serverFault(code) || c.panicked || w.sampler.Slow(dur) {
			d.Force()
		} else if lvl < zapcore.ErrorLevel && !d.Keep() {
			d.Dropped()
			return
		}
	}
	ce := w.log.Check(lvl, w.msg)
	if ce == nil {
		return
	}
	lb := linePool.Get().(*lineBuf)
	k := w.keys
	f := append(lb.fields[:0],
		logger.Context(c.ctx),
		zap.String(k[logger.RPCMethodKey], bound(strings.TrimPrefix(c.fullMethod, "/"))),
		zap.String(k[logger.RPCTypeKey], c.typ),
		zap.String(k[logger.RPCCodeKey], code.String()),
		zap.Int64(k[logger.RPCCodeNumKey], int64(code)),
		zap.Duration(k[logger.RPCDurationKey], dur),
	)
	if c.hasDeadline {
		f = append(f, zap.Duration(k[logger.RPCDeadlineKey], c.deadline))
	}
	f = w.appendText(f, lb, c)
	if c.target != "" {
		f = append(f, zap.String(k[logger.RPCTargetKey], c.target))
	}
	if c.streaming {
		f = append(f, zap.Int64(k[logger.RPCMessagesSentKey], c.sent.Load()), zap.Int64(k[logger.RPCMessagesReceivedKey], c.recv.Load()))
	}
	if err != nil {
		f = append(f, zap.String(k[logger.ErrorKey], redactBound(w.redactor, st.Message())),
			zap.String(k[logger.ErrorKindKey], errorKind(err, code)))
	}
	if w.failed(code) && k[logger.ErrorClassKey] != "" {
		f = append(f, zap.String(k[logger.ErrorClassKey], code.String()))
	}
	f = append(f, c.md...)
	c.mu.Lock()
	f = appendPayload(f, &c.req, k[logger.RPCRequestContentKey], k[logger.RPCRequestTruncatedKey], k[logger.RPCRequestGoTypeKey])
	f = appendPayload(f, &c.resp, k[logger.RPCResponseContentKey], k[logger.RPCResponseTruncatedKey], k[logger.RPCResponseGoTypeKey])
	c.mu.Unlock()
	if c.panicked {
		f = append(f, zap.String(k[logger.PanicKey], c.panicVal), zap.String(k[logger.PanicStackKey], c.stack))
	}
	// The library's own keys pass allowlists; their values are still
	// checked (libfield).
	libfield.Set(f, libfield.Line)
	if c.extra != nil {
		// The handler's own fields, after the library's: unmarked, so
		// allowlists and every rule apply to them as to any field.
		f = append(f, c.extra.Take()...)
	}
	ce.Write(f...)
	clear(f)
	lb.fields = f[:0]
	linePool.Put(lb)
}

// appendText appends the parent span ID and the peer's address (and
// port), the text rendered into one buffer and converted to a string once:
// a single allocation for both.
func (w *lineWriter) appendText(f []zapcore.Field, lb *lineBuf, c *call) []zapcore.Field {
	k := w.keys
	b := lb.text[:0]
	hasParent := c.parent.IsValid()
	if hasParent && c.parentHex != "" {
		f = append(f, zap.String(k[logger.ParentSpanIDKey], c.parentHex))
		hasParent = false
	} else if hasParent {
		b = hexid.Append(b, c.parent[:])
	}
	mark := len(b)
	peerText, port, inBuf := "", 0, false
	if c.peer != nil {
		b, peerText, port, inBuf = appendAddr(b, c.peer)
	}
	if len(b) > 0 {
		s := string(b)
		if hasParent {
			f = append(f, zap.String(k[logger.ParentSpanIDKey], s[:mark]))
		}
		if inBuf {
			peerText = s[mark:]
		}
	}
	if peerText != "" {
		f = append(f, zap.String(k[w.peerKey[0]], peerText))
	}
	if port != 0 {
		f = append(f, zap.Int(k[w.peerKey[1]], port))
	}
	return f
}
