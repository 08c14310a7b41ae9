// Command shop is a small system of three services that log with tracelog:
// frontend (HTTP), orders (gRPC) and payments (HTTP). A checkout goes
// frontend -> orders -> payments, with the trace context propagated at each
// hop, so every line of one checkout, in all three services, carries the
// same trace_id.
//
// By default all three run in this process, a demo batch of requests is
// sent (normal, failing, slow and health checks), and the services keep
// serving until interrupted. Each service can also run as its own process
// (from examples/, a module of its own):
//
//	go run ./shop -service payments -payments 127.0.0.1:8081
//	go run ./shop -service orders   -orders 127.0.0.1:9090 -payments 127.0.0.1:8081
//	go run ./shop -service frontend -frontend 127.0.0.1:8080 -orders 127.0.0.1:9090
//
// With OTEL_EXPORTER_OTLP_ENDPOINT set, spans and log records are also
// exported over OTLP (see examples/collector).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/tracelog/tracelog"
)

// slowPayment is how long a payment of item "slow" takes.
const slowPayment = 400 * time.Millisecond

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "shop:", err)
		os.Exit(1)
	}
}

func run() error {
	service := flag.String("service", "all", "service to run: all, frontend, orders or payments")
	frontendAddr := flag.String("frontend", "127.0.0.1:8080", "address of the frontend (HTTP)")
	ordersAddr := flag.String("orders", "127.0.0.1:9090", "address of orders (gRPC)")
	paymentsAddr := flag.String("payments", "127.0.0.1:8081", "address of payments (HTTP)")
	demo := flag.Bool("demo", true, "with -service all: send a demo batch of requests")
	exit := flag.Bool("exit", false, "exit after the demo batch instead of serving until interrupted")
	flag.Parse()

	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var svcs []*runner
	want := func(name string) bool { return *service == "all" || *service == name }
	switch *service {
	case "all", "frontend", "orders", "payments":
	default:
		return fmt.Errorf("unknown -service %q (want all, frontend, orders or payments)", *service)
	}
	if want("payments") {
		r, err := startPayments(ctx, *paymentsAddr)
		if err != nil {
			return err
		}
		svcs = append(svcs, r)
	}
	if want("orders") {
		r, err := startOrders(ctx, *ordersAddr, *paymentsAddr)
		if err != nil {
			return shutdown(svcs, err)
		}
		svcs = append(svcs, r)
	}
	if want("frontend") {
		r, err := startFrontend(ctx, *frontendAddr, *ordersAddr)
		if err != nil {
			return shutdown(svcs, err)
		}
		svcs = append(svcs, r)
	}
	if *service == "all" && *demo {
		if err := runDemo(ctx, "http://"+*frontendAddr); err != nil {
			return shutdown(svcs, err)
		}
		if *exit {
			return shutdown(svcs, nil)
		}
	}
	<-ctx.Done()
	return shutdown(svcs, nil)
}

// runner is one running service.
type runner struct {
	stop func(context.Context) error
}

// shutdown stops the services in reverse order and flushes their telemetry.
func shutdown(svcs []*runner, err error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for i := len(svcs) - 1; i >= 0; i-- {
		err = errors.Join(err, svcs[i].stop(ctx))
	}
	return err
}

func listen(addr string) (net.Listener, error) {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	return lis, nil
}

func serveHTTP(t *telemetry, lis net.Listener, h http.Handler, extra func() error) *runner {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(lis) }()
	return &runner{stop: func(ctx context.Context) error {
		err := srv.Shutdown(ctx)
		if extra != nil {
			err = errors.Join(err, extra())
		}
		return errors.Join(err, t.shutdown(ctx))
	}}
}

func startPayments(ctx context.Context, addr string) (*runner, error) {
	t, err := newTelemetry(ctx, "payments")
	if err != nil {
		return nil, err
	}
	lis, err := listen(addr)
	if err != nil {
		return nil, err
	}
	return serveHTTP(t, lis, paymentsHandler(t), nil), nil
}

func startOrders(ctx context.Context, addr, paymentsAddr string) (*runner, error) {
	t, err := newTelemetry(ctx, "orders")
	if err != nil {
		return nil, err
	}
	lis, err := listen(addr)
	if err != nil {
		return nil, err
	}
	srv := newOrdersServer(t, paymentsAddr)
	go func() { _ = srv.Serve(lis) }()
	return &runner{stop: func(ctx context.Context) error {
		srv.GracefulStop()
		return t.shutdown(ctx)
	}}, nil
}

func startFrontend(ctx context.Context, addr, ordersAddr string) (*runner, error) {
	s, err := frontendSampling()
	if err != nil {
		return nil, err
	}
	// The sampler rides on the frontend's logger: its middleware finds it
	// there, and its summary lines are written there.
	t, err := newTelemetry(ctx, "frontend", tracelog.WithSampler(s))
	if err != nil {
		return nil, err
	}
	h, closeConn, err := newFrontend(t, ordersAddr)
	if err != nil {
		return nil, err
	}
	lis, err := listen(addr)
	if err != nil {
		return nil, err
	}
	return serveHTTP(t, lis, h, func() error { return errors.Join(closeConn(), s.Close()) }), nil
}
