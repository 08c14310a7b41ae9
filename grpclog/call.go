package grpclog

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tracelog/tracelog/internal/accessfields"
	"github.com/tracelog/tracelog/internal/headsample"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap/zapcore"
)

// call is the state of one call, from its start to its line. Unary calls
// take it from a pool; streams embed it in their wrapper.
type call struct {
	ctx         context.Context // the hop's context: handler's or invoker's
	in          context.Context // the incoming context, while extracting
	fullMethod  string
	typ         string
	target      string
	start       time.Time
	deadline    time.Duration
	hasDeadline bool
	streaming   bool
	parent      trace.SpanID
	parentHex   string // parent's hex text when the traceparent had it
	peer        net.Addr
	span        trace.Span          // started by an SDK for this call; ended at its line
	decision    *headsample.Request // the head sampler's, if any (not pooled: the context outlives the call)
	md          []zapcore.Field
	extra       *accessfields.Fields // AddFields' fields, on server calls (not pooled)

	sent, recv atomic.Int64

	// Payloads and a recovered panic; mu guards req and resp, which the
	// sending and the receiving goroutines of a stream may set at once.
	mu        sync.Mutex
	req, resp payload
	panicked  bool
	panicVal  string
	stack     string
}

var callPool = sync.Pool{New: func() any { return new(call) }}

func getCall() *call { return callPool.Get().(*call) }

// putCall returns c to the pool, dropping what it references.
func putCall(c *call) {
	c.ctx, c.in, c.span, c.peer, c.md, c.decision, c.extra = nil, nil, nil, nil, nil, nil, nil
	c.fullMethod, c.typ, c.target = "", "", ""
	c.hasDeadline, c.streaming, c.panicked = false, false, false
	c.parent, c.parentHex = trace.SpanID{}, ""
	c.sent.Store(0)
	c.recv.Store(0)
	c.req, c.resp = payload{}, payload{}
	c.panicVal, c.stack = "", ""
	callPool.Put(c)
}

// begin records the start of the call and its deadline.
func (c *call) begin(ctx context.Context, fullMethod, typ string) {
	c.start = time.Now()
	c.fullMethod, c.typ = fullMethod, typ
	if dl, ok := ctx.Deadline(); ok {
		c.deadline, c.hasDeadline = dl.Sub(c.start), true
	}
}

// splitMethod splits "/pkg.Service/Method" into "pkg.Service" and
// "Method" without allocating. A name without a '/' after the leading one
// is all method.
func splitMethod(fullMethod string) (service, method string) {
	s := fullMethod
	if len(s) > 0 && s[0] == '/' {
		s = s[1:]
	}
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return s[:i], s[i+1:]
		}
	}
	return "", s
}

// onMessage counts a message of a stream in count and, with payloads on,
// keeps the first one each way in dst.
func (c *call) onMessage(count *atomic.Int64, dst *payload, cfg *config, m any) {
	if count.Add(1) == 1 && cfg.payloads {
		p := capturePayload(cfg.redactor, cfg.payloadMax, m)
		c.mu.Lock()
		*dst = p
		c.mu.Unlock()
	}
}
