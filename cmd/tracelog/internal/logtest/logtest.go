package logtest

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

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

// Log writes the access line on log at the clock's time.
func (a HTTPAccess) Log(log *zap.Logger, ctx context.Context) {
	fields := []zap.Field{
		logger.Context(ctx),
		zap.String("http.method", a.Method),
		zap.String("http.route", a.Route),
		zap.String("url.path", a.Path),
		zap.Int("http.status", a.Status),
		zap.Duration("duration", a.Duration),
		zap.Int64("http.request.size", 0),
		zap.Int64("http.response.size", 512),
		zap.String("client.address", "10.0.0.7"),
		zap.String("user_agent", "shop-client/1.0"),
		zap.String("proto", "HTTP/1.1"),
	}
	if a.Parent.IsValid() {
		fields = append(fields, zap.String(logger.KeyParentSpanID, a.Parent.String()))
	}
	lvl := zap.InfoLevel
	if a.Status >= 500 {
		lvl = zap.ErrorLevel
	}
	log.Log(lvl, "http request", fields...)
}

// GRPCAccess is a gRPC server's access line, as grpclog writes it.
type GRPCAccess struct {
	Service, Method, Code string
	Duration              time.Duration
	Parent                trace.SpanID
}

// Log writes the access line on log at the clock's time.
func (a GRPCAccess) Log(log *zap.Logger, ctx context.Context) {
	fields := []zap.Field{
		logger.Context(ctx),
		zap.String("rpc.system", "grpc"),
		zap.String("rpc.service", a.Service),
		zap.String("rpc.method", a.Method),
		zap.String("grpc.code", a.Code),
		zap.Duration("duration", a.Duration),
		zap.String("grpc.type", "unary"),
	}
	if a.Parent.IsValid() {
		fields = append(fields, zap.String(logger.KeyParentSpanID, a.Parent.String()))
	}
	lvl := zap.InfoLevel
	switch a.Code {
	case "Unknown", "DeadlineExceeded", "Unimplemented", "Internal", "Unavailable", "DataLoss":
		lvl = zap.ErrorLevel
	}
	log.Log(lvl, "grpc call", fields...)
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
	s.Payments.Error("charge failed", logger.Context(pay), zap.String("error", "card declined"))
	at(80 * ms)
	GRPCAccess{Service: "shop.Payments", Method: "Charge", Code: "Internal", Duration: 50 * ms, Parent: ids.Orders}.Log(s.Payments, pay)
	at(81 * ms)
	s.Orders.Error("grpc client call", logger.Context(or),
		zap.String("rpc.system", "grpc"), zap.String("rpc.service", "shop.Payments"), zap.String("rpc.method", "Charge"),
		zap.String("grpc.code", "Internal"), zap.Duration("duration", 52*ms), zap.String("error", "rpc error: code = Internal"))
	at(90 * ms)
	HTTPAccess{Method: "POST", Route: "/orders", Path: "/orders", Status: 502, Duration: 80 * ms, Parent: ids.Frontend}.Log(s.Orders, or)
	at(95 * ms)
	s.Frontend.Error("http client request", logger.Context(fe),
		zap.String("http.method", "POST"), zap.String("server.address", "orders:8080"), zap.String("url.path", "/orders"),
		zap.Int("http.status", 502), zap.Duration("duration", 82*ms))
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
