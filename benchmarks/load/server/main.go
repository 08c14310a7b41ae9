// Command server is the load test's server: a quickstart-style service on
// a loopback address, built one of four ways (-mode):
//
//	bare           the handlers on a ServeMux, no logging
//	zap_httpsnoop  the same two lines per request as the full stack,
//	               written with plain zap and httpsnoop (stacks.ZapSnoop)
//	tracelog       the full tracelog stack: tracelog.New to -log, redaction,
//	               httplog, head sampling, request logger (stacks.Tracelog)
//	peer           otelhttp, gin and gin-contrib/zap to -log (stacks.Peer)
//
// It prints "listening on ADDR" once it accepts connections. On SIGTERM or
// SIGINT it stops accepting, waits for the requests in flight, flushes and
// syncs the log, prints "served N" (every request it answered) and exits.
// With -buffer, the log goes through a zapcore.BufferedWriteSyncer (flushed
// every second and on shutdown) instead of one write per line.
// It exits by itself after -max-lifetime.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"sync/atomic"
	"syscall"
	"time"

	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/benchmarks/internal/stacks"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	mode := fs.String("mode", "bare", "bare, zap_httpsnoop, tracelog or peer")
	logPath := fs.String("log", "", "file the stack logs to (truncated); required but for bare")
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on (loopback only)")
	lifetime := fs.Duration("max-lifetime", 5*time.Minute, "exit after this long whatever happens")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the serving time to this file")
	buffer := fs.Int("buffer", 0, "write the log through a zapcore.BufferedWriteSyncer of this many bytes (0: one write per line)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkLoopback(*addr); err != nil {
		return err
	}

	var (
		stack *stacks.Stack
		logf  *os.File
		out   io.Writer // the stack's log writer
		buf   *zapcore.BufferedWriteSyncer
	)
	if *mode != "bare" {
		if *logPath == "" {
			return fmt.Errorf("-mode %s needs -log", *mode)
		}
		f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		logf, out = f, f
		if *buffer > 0 {
			buf = &zapcore.BufferedWriteSyncer{WS: f, Size: *buffer, FlushInterval: time.Second}
			out = buf
		}
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var h http.Handler
	switch *mode {
	case "bare":
		h = stacks.Bare()
	case "tracelog":
		s, err := stacks.Tracelog(out)
		if err != nil {
			return err
		}
		stack, h = s, s.Handler
	case "zap_httpsnoop":
		stack = stacks.ZapSnoop(out)
		h = stack.Handler
	case "peer":
		stack = stacks.Peer(out)
		h = stack.Handler
	default:
		return fmt.Errorf("unknown -mode %q (want bare, zap_httpsnoop, tracelog or peer)", *mode)
	}

	// Catch the stop signals before saying we listen.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sig)

	var served atomic.Int64
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		served.Add(1)
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: counted, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "listening on %s\n", ln.Addr())
	select {
	case <-sig:
	case <-time.After(*lifetime):
		fmt.Fprintln(os.Stderr, "server: -max-lifetime reached")
	case err := <-errc:
		return err
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var errs []error
	if err := srv.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("shutdown: %w", err))
	}
	if stack != nil {
		if err := stack.Close(); err != nil {
			errs = append(errs, fmt.Errorf("flush: %w", err))
		}
	}
	if buf != nil {
		if err := buf.Stop(); err != nil { // flushes
			errs = append(errs, fmt.Errorf("flush: %w", err))
		}
	}
	if logf != nil {
		if err := logf.Sync(); err != nil {
			errs = append(errs, err)
		}
	}
	fmt.Fprintf(stdout, "served %d\n", served.Load())
	return errors.Join(errs...)
}

// checkLoopback refuses any address but a loopback one.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-addr %q: only loopback addresses are allowed", addr)
	}
	return nil
}
