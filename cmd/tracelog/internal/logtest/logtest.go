package logtest

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/logger"
)

// Epoch is the time of the first line the package writes.
var Epoch = time.Date(2026, 11, 21, 18, 21, 19, 0, time.UTC)

// A Clock is a settable zap clock.
type Clock struct{ now time.Time }

// Now returns the time set last.
func (c *Clock) Now() time.Time { return c.now }

// NewTicker is never used by the loggers here.
func (c *Clock) NewTicker(d time.Duration) *time.Ticker { return time.NewTicker(d) }

// Set sets the time of the next lines.
func (c *Clock) Set(t time.Time) { c.now = t }

// Services are the loggers of the three services, sharing one clock.
type Services struct {
	Clock                      *Clock
	Frontend, Orders, Payments *zap.Logger
}

// Writers says where each service writes; one writer may serve several.
type Writers struct{ Frontend, Orders, Payments io.Writer }

// NewServices builds the three loggers with tracelog.New, writing JSON
// lines with the given key profiles (default OTel) and no caller.
func NewServices(w Writers, profiles ...logger.Profile) (*Services, error) {
	s := &Services{Clock: &Clock{now: Epoch}}
	mk := func(name string, out io.Writer) (*zap.Logger, error) {
		opts := []tracelog.Option{
			tracelog.WithService(name, "1.4.2"),
			tracelog.WithOutput(out),
			tracelog.WithoutCaller(),
			tracelog.WithZapOptions(zap.WithClock(s.Clock), zap.AddStacktrace(zap.FatalLevel)),
		}
		if len(profiles) > 0 {
			opts = append(opts, tracelog.WithProfiles(profiles...))
		}
		return tracelog.New(opts...)
	}
	var err error
	if s.Frontend, err = mk("frontend", w.Frontend); err != nil {
		return nil, err
	}
	if s.Orders, err = mk("orders", w.Orders); err != nil {
		return nil, err
	}
	if s.Payments, err = mk("payments", w.Payments); err != nil {
		return nil, err
	}
	return s, nil
}

// SpanContext returns a context holding the span (tid, sid).
func SpanContext(tid trace.TraceID, sid trace.SpanID) context.Context {
	return trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled,
	}))
}

// HTTPAccess is an HTTP server's access line, as httplog writes it.
type HTTPAccess struct {
	Method, Route, Path string
	Status              int
	Duration            time.Duration
	Parent              trace.SpanID // zero: the request came without trace context
}

// Log writes the access line on log at the clock's time, under the keys of
// log's profile.
func (a HTTPAccess) Log(log *zap.Logger, ctx context.Context) {
	kvs := []kv{
		str(logger.HTTPMethodKey, a.Method),
		str(logger.HTTPRouteKey, a.Route),
		str(logger.URLPathKey, a.Path),
		integer(logger.HTTPStatusKey, a.Status),
		dur(logger.DurationKey, a.Duration),
		integer(logger.HTTPRequestSizeKey, 0),
		integer(logger.HTTPResponseSizeKey, 512),
		str(logger.ClientAddressKey, "10.0.0.7"),
		str(logger.UserAgentKey, "shop-client/1.0"),
		str(logger.ProtocolKey, "1.1"),
	}
	if a.Parent.IsValid() {
		kvs = append(kvs, str(logger.ParentSpanIDKey, a.Parent.String()))
	}
	lvl := zap.InfoLevel
	if a.Status >= 500 {
		lvl = zap.ErrorLevel
	}
	log.Log(lvl, "http request", keyed(log, ctx, kvs...)...)
}

// kv is a key of a line and its field under a name.
type kv struct {
	k logger.Key
	f func(name string) zap.Field
}

func str(k logger.Key, v string) kv {
	return kv{k, func(n string) zap.Field { return zap.String(n, v) }}
}

func integer(k logger.Key, v int) kv {
	return kv{k, func(n string) zap.Field { return zap.Int(n, v) }}
}

func dur(k logger.Key, d time.Duration) kv {
	return kv{k, func(n string) zap.Field { return zap.Duration(n, d) }}
}

// keyed returns the context field of ctx and the fields of kvs under the
// names of log's profile (logger.ProfileOf), the request keys in its HTTP
// group object when it has one (GCP's httpRequest), as httplog writes them.
func keyed(log *zap.Logger, ctx context.Context, kvs ...kv) []zap.Field {
	p := logger.ProfileOf(log)
	keys, group := p.Keys(), p.HTTPGroup()
	top := []zap.Field{logger.Context(ctx)}
	var grouped fieldObject
	for _, x := range kvs {
		name := keys[x.k]
		if name == "" {
			continue
		}
		if group != "" && logger.InHTTPGroup(x.k) {
			grouped = append(grouped, x.f(name))
			continue
		}
		top = append(top, x.f(name))
	}
	if len(grouped) > 0 {
		top = append(top, zap.Object(group, grouped))
	}
	return top
}

// fieldObject writes fields as an object.
type fieldObject []zap.Field

func (o fieldObject) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	for _, f := range o {
		f.AddTo(enc)
	}
	return nil
}

// GRPCAccess is a gRPC server's access line, as grpclog writes it.
type GRPCAccess struct {
	Service, Method, Code string
	Duration              time.Duration
	Parent                trace.SpanID
}

// Log writes the access line on log at the clock's time, under the keys of
// log's profile.
func (a GRPCAccess) Log(log *zap.Logger, ctx context.Context) {
	kvs := []kv{
		str(logger.RPCSystemKey, "grpc"),
		str(logger.RPCMethodKey, a.Service+"/"+a.Method),
		str(logger.RPCCodeKey, a.Code),
		dur(logger.RPCDurationKey, a.Duration),
		str(logger.RPCTypeKey, "unary"),
	}
	if a.Parent.IsValid() {
		kvs = append(kvs, str(logger.ParentSpanIDKey, a.Parent.String()))
	}
	lvl := zap.InfoLevel
	switch a.Code {
	case "Unknown", "DeadlineExceeded", "Unimplemented", "Internal", "Unavailable", "DataLoss":
		lvl = zap.ErrorLevel
	}
	log.Log(lvl, "grpc call", keyed(log, ctx, kvs...)...)
}

// IDs are the trace and spans of one request written by [Services.Checkout].
type IDs struct {
	Trace                                   trace.TraceID
	Frontend, Cache, Orders, Payments, Hook trace.SpanID
	// Missing is the parent named by the webhook hop, which no line has.
	Missing trace.SpanID
}

// NewIDs derives the IDs of a request from n (deterministic).
func NewIDs(n uint64) IDs {
	var ids IDs
	binary.BigEndian.PutUint64(ids.Trace[:8], 0x4bf92f3577b34da6^n)
	binary.BigEndian.PutUint64(ids.Trace[8:], 0xa3ce929d0e0e4736+n)
	span := func(k uint64) trace.SpanID {
		var s trace.SpanID
		binary.BigEndian.PutUint64(s[:], 0x00f067aa0ba90200+k+n<<8)
		return s
	}
	ids.Frontend, ids.Cache, ids.Orders, ids.Payments, ids.Hook, ids.Missing = span(1), span(2), span(3), span(4), span(5), span(6)
	return ids
}

// Checkout writes the lines of one checkout request starting at start:
//
//	frontend GET /checkout (500)
//	├── orders POST /orders (502), which calls
//	│   └── payments shop.Payments/Charge (Internal), which fails
//	payments POST /webhook, whose caller (ids.Missing) logged nothing
//
// plus a frontend line in a span of its own that is no hop (a cache
// refresh), which is unattributed. Lines go to each service's writer in
// time order.
func (s *Services) Checkout(ids IDs, start time.Time) {
	at := func(d time.Duration) { s.Clock.Set(start.Add(d)) }
	ms := time.Millisecond
	fe := SpanContext(ids.Trace, ids.Frontend)
	or := SpanContext(ids.Trace, ids.Orders)
	pay := SpanContext(ids.Trace, ids.Payments)
	hook := SpanContext(ids.Trace, ids.Hook)
	cache := SpanContext(ids.Trace, ids.Cache)

	at(500 * time.Microsecond)
	s.Frontend.Info("loading cart", logger.Context(fe), zap.Int("items", 3))
	at(2 * ms)
	s.Frontend.Warn("cache miss", logger.Context(cache), zap.String("key", "cart:42"))
	at(20 * ms)
	s.Orders.Info("order created", logger.Context(or), zap.Int("order_id", 42))
	at(60 * ms)
	s.Payments.Error("charge failed", logger.Context(pay), zap.Error(errors.New("card declined")))
	at(80 * ms)
	GRPCAccess{Service: "shop.Payments", Method: "Charge", Code: "Internal", Duration: 50 * ms, Parent: ids.Orders}.Log(s.Payments, pay)
	at(81 * ms)
	s.Orders.Error("grpc client call", keyed(s.Orders, or,
		str(logger.RPCSystemKey, "grpc"), str(logger.RPCMethodKey, "shop.Payments/Charge"),
		str(logger.RPCCodeKey, "Internal"), dur(logger.RPCDurationKey, 52*ms), str(logger.ErrorKey, "rpc error: code = Internal"))...)
	at(90 * ms)
	HTTPAccess{Method: "POST", Route: "/orders", Path: "/orders", Status: 502, Duration: 80 * ms, Parent: ids.Frontend}.Log(s.Orders, or)
	at(95 * ms)
	s.Frontend.Error("http client request", keyed(s.Frontend, fe,
		str(logger.HTTPMethodKey, "POST"), str(logger.ServerAddressKey, "orders"), integer(logger.ServerPortKey, 8080),
		str(logger.URLPathKey, "/orders"), integer(logger.HTTPStatusKey, 502), dur(logger.DurationKey, 82*ms))...)
	at(100 * ms)
	HTTPAccess{Method: "GET", Route: "/checkout", Path: "/checkout", Status: 500, Duration: 100 * ms}.Log(s.Frontend, fe)
	at(130 * ms)
	s.Payments.Info("webhook received", logger.Context(hook), zap.String("event", "charge.failed"))
	at(140 * ms)
	HTTPAccess{Method: "POST", Route: "/webhook", Path: "/webhook", Status: 204, Duration: 15 * ms, Parent: ids.Missing}.Log(s.Payments, hook)
}

// Healthy writes a fast successful request: frontend GET /products calling
// orders, with one line each.
func (s *Services) Healthy(ids IDs, start time.Time, rnd *rand.Rand) {
	at := func(d time.Duration) { s.Clock.Set(start.Add(d)) }
	fe := SpanContext(ids.Trace, ids.Frontend)
	or := SpanContext(ids.Trace, ids.Orders)
	d := time.Duration(1+rnd.IntN(20)) * time.Millisecond
	at(time.Millisecond)
	s.Frontend.Info("listing products", logger.Context(fe), zap.Int("page", rnd.IntN(9)))
	at(2 * time.Millisecond)
	s.Orders.Debug("skipped", logger.Context(or))
	s.Orders.Info("reading stock", logger.Context(or), zap.String("sku", fmt.Sprintf("sku-%04d", rnd.IntN(10000))))
	at(2*time.Millisecond + d)
	HTTPAccess{Method: "GET", Route: "/stock/{sku}", Path: fmt.Sprintf("/stock/sku-%04d", rnd.IntN(10000)), Status: 200, Duration: d, Parent: ids.Frontend}.Log(s.Orders, or)
	at(3*time.Millisecond + d)
	HTTPAccess{Method: "GET", Route: "/products", Path: "/products", Status: 200, Duration: 3*time.Millisecond + d}.Log(s.Frontend, fe)
}
