package grpclog

import (
	"context"
	"encoding/hex"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"google.golang.org/grpc/status"

	"github.com/tracelog/tracelog/internal/headsample"
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
	metadataKey []string          // KeyMetadataPrefix + each allowed key
	sampler     headsample.Engine // the head sampler of the logger's core, if any
	redactor    *redact.Redactor  // for texts redacted before they are cut
}

// newLineWriter prepares the access logger once: the constant rpc.system
// is encoded by With, and zap's caller and stacktrace are off, since both
// would only point into this package (a recovered panic carries its own
// stack under KeyPanicStack).
func newLineWriter(log *zap.Logger, cfg *config, client bool) *lineWriter {
	w := &lineWriter{
		log: log.WithOptions(zap.WithCaller(false), zap.AddStacktrace(zapcore.LevelEnabler(never{}))).
			With(zap.String(KeyRPCSystem, RPCSystem)),
		msg:      MessageServer,
		level:    DefaultServerCodeToLevel,
		client:   client,
		sampler:  headsample.FromLogger(log),
		redactor: cfg.redactor,
	}
	if client {
		w.msg, w.level = MessageClient, DefaultClientCodeToLevel
	}
	if cfg.codeToLevel != nil {
		w.level = cfg.codeToLevel
	}
	for _, k := range cfg.metadata {
		w.metadataKey = append(w.metadataKey, KeyMetadataPrefix+k)
	}
	return w
}

type never struct{}

func (never) Enabled(zapcore.Level) bool { return false }

// maxLineFields is the capacity of a pooled field slice: enough for every
// key but metadata; more metadata makes append grow it once.
const maxLineFields = 24

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
	service, method := splitMethod(c.fullMethod)
	f := append(lb.fields[:0],
		logger.Context(c.ctx),
		zap.String(KeyRPCService, bound(service)),
		zap.String(KeyRPCMethod, bound(method)),
		zap.String(KeyType, c.typ),
		zap.String(KeyCode, code.String()),
		zap.Int64(KeyCodeNum, int64(code)),
		zap.Duration(KeyDuration, dur),
	)
	if c.hasDeadline {
		f = append(f, zap.Duration(KeyDeadline, c.deadline))
	}
	f = w.appendText(f, lb, c)
	if c.target != "" {
		f = append(f, zap.String(KeyTarget, c.target))
	}
	if c.streaming {
		f = append(f, zap.Int64(KeyMsgsSent, c.sent.Load()), zap.Int64(KeyMsgsReceived, c.recv.Load()))
	}
	if err != nil {
		f = append(f, zap.String(KeyError, redactBound(w.redactor, st.Message())))
	}
	f = append(f, c.md...)
	c.mu.Lock()
	f = appendPayload(f, &c.req, KeyRequestContent, KeyRequestTruncated, KeyRequestGoType)
	f = appendPayload(f, &c.resp, KeyResponseContent, KeyResponseTruncated, KeyResponseGoType)
	c.mu.Unlock()
	if c.panicked {
		f = append(f, zap.String(KeyPanic, c.panicVal), zap.String(KeyPanicStack, c.stack))
	}
	// The library's own keys pass allowlists; their values are still
	// checked (libfield).
	libfield.Set(f, libfield.Line)
	ce.Write(f...)
	clear(f)
	lb.fields = f[:0]
	linePool.Put(lb)
}

// appendText appends parent_span_id and peer.address, rendered into one
// buffer and converted to a string once: a single allocation for both.
func (w *lineWriter) appendText(f []zapcore.Field, lb *lineBuf, c *call) []zapcore.Field {
	b := lb.text[:0]
	hasParent := c.parent.IsValid()
	if hasParent && c.parentHex != "" {
		f = append(f, zap.String(KeyParentSpanID, c.parentHex))
		hasParent = false
	} else if hasParent {
		b = hex.AppendEncode(b, c.parent[:])
	}
	mark := len(b)
	peerText, inBuf := "", false
	if c.peer != nil {
		b, peerText, inBuf = appendAddr(b, c.peer)
	}
	if len(b) == 0 {
		if peerText != "" {
			f = append(f, zap.String(KeyPeerAddress, peerText))
		}
		return f
	}
	s := string(b)
	if hasParent {
		f = append(f, zap.String(KeyParentSpanID, s[:mark]))
	}
	if inBuf {
		peerText = s[mark:]
	}
	if peerText != "" {
		f = append(f, zap.String(KeyPeerAddress, peerText))
	}
	return f
}
