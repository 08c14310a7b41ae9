// Package stacks builds the four servers of the load test, which the
// benchmarks also serve once per iteration: the bare handler, a plain zap
// and httpsnoop server writing the same two lines, the full tracelog stack
// and a peer stack (otelhttp, gin and gin-contrib/zap).
//
// Every stack serves the same two routes:
//
//	GET /users/{id}  the load route: logs one line from the handler (except
//	                 Bare) and answers {"id":"42"}
//	GET /healthz     answers ok; the tracelog stack's sampler keeps at most
//	                 one of its requests per 10 s
package stacks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/felixge/httpsnoop"
	ginzap "github.com/gin-contrib/zap"
	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/sampling"
)

// Messages of the lines the stacks write.
const (
	// MessageHandler is the handler's line on the load route (all stacks
	// but Bare).
	MessageHandler = "user fetched"
	// MessageAccess is the tracelog stack's access line (httplog's).
	MessageAccess = httplog.MessageServer
	// HealthRoute is the route the tracelog stack samples.
	HealthRoute = "/healthz"
)

func init() { gin.SetMode(gin.ReleaseMode) }

func writeUser(w http.ResponseWriter, id string) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"id":"`+id+`"}`)
}

func healthz(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }

// Bare is the floor: a ServeMux with the two routes, no logging, no tracing.
func Bare() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) { writeUser(w, r.PathValue("id")) })
	mux.HandleFunc("GET "+HealthRoute, healthz)
	return mux
}

// ZapSnoop is the plain server the full stack is measured against: the
// two lines of every load request written with zap's production JSON
// encoder to w, the access line by a hand-written middleware around
// httpsnoop.CaptureMetrics, the handler's line by the handler. Both carry
// the incoming trace ID and parent span ID, cut from the traceparent
// header by hand (no validation, no tracer, no request logger in the
// context): the least a service can do to correlate its lines.
func ZapSnoop(w io.Writer) *Stack {
	log := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(w), zapcore.InfoLevel))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		traceID, spanID := handCut(r.Header.Get("Traceparent"))
		log.Info(MessageHandler, zap.String("trace_id", traceID), zap.String("span_id", spanID), zap.String("user.id", id))
		writeUser(w, id)
	})
	mux.HandleFunc("GET "+HealthRoute, healthz)
	h := SnoopLog(log, mux, true)
	return &Stack{Handler: h, close: func() error { return syncLog(log) }}
}

// SnoopLog is the access logger a service writes by hand: the handler
// wrapped with httpsnoop.CaptureMetrics, then one zap line of the request
// and its response. With ids, the line carries the incoming trace ID and
// parent span ID (handCut).
func SnoopLog(log *zap.Logger, next http.Handler, ids bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := httpsnoop.CaptureMetrics(next, w, r)
		fields := make([]zap.Field, 0, 9)
		if ids {
			traceID, spanID := handCut(r.Header.Get("Traceparent"))
			fields = append(fields, zap.String("trace_id", traceID), zap.String("span_id", spanID))
		}
		log.Info("http request", append(fields,
			zap.String("method", r.Method),
			zap.String("path", r.URL.Path),
			zap.Int("status", m.Code),
			zap.Duration("duration", m.Duration),
			zap.Int64("bytes", m.Written),
			zap.String("remote_addr", r.RemoteAddr),
			zap.String("user_agent.original", r.UserAgent()),
		)...)
	})
}

// handCut returns the trace ID and parent span ID of a version-00
// traceparent header, by position, or empty strings.
func handCut(h string) (traceID, spanID string) {
	if len(h) != 55 || h[2] != '-' || h[35] != '-' {
		return "", ""
	}
	return h[3:35], h[36:52]
}

// A Stack is a server's handler and what must be flushed when it stops.
type Stack struct {
	Handler http.Handler
	close   func() error
}

// Close flushes the stack's logs (and the sampler's summary) to its writer.
func (s *Stack) Close() error { return s.close() }

// Tracelog is the full tracelog stack: tracelog.New writing JSON to w
// (with its defaults: caller, and redaction of every line by package
// redact's default rules), httplog's middleware (which masks headers and
// query strings by default) with a head sampler keeping at most one
// GET /healthz per 10 s and every other route, and a handler logging with
// logger.FromContext, so its line carries the access line's trace_id.
func Tracelog(w io.Writer) (*Stack, error) {
	s, err := sampling.New(nil, []sampling.Rule{sampling.Limit("GET "+HealthRoute, 1, 10*time.Second)})
	if err != nil {
		return nil, fmt.Errorf("stacks: %w", err)
	}
	log, err := tracelog.New(
		tracelog.WithOutput(w),
		tracelog.WithService("load", "dev"),
		tracelog.WithSampler(s),
	)
	if err != nil {
		return nil, fmt.Errorf("stacks: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		logger.FromContext(r.Context()).Info(MessageHandler, zap.String("user.id", id))
		writeUser(w, id)
	})
	mux.HandleFunc("GET "+HealthRoute, healthz)
	h := httplog.NewMiddleware(log)(mux)
	return &Stack{Handler: h, close: func() error {
		return errors.Join(s.Close(), syncLog(log))
	}}, nil
}

// syncLog syncs log, ignoring the error of a writer that cannot sync (such
// as os.Stdout on a terminal, or io.Discard).
func syncLog(log *zap.Logger) error {
	if err := log.Sync(); err != nil && !strings.Contains(err.Error(), "invalid argument") {
		return err
	}
	return nil
}

// Peer is the peer stack: otelhttp (an SDK tracer provider sampling every
// request, no exporter, W3C propagation) around gin with gin-contrib/zap's
// access logger, trace_id and span_id added as its README shows, and
// RecoveryWithZap; the handler logs with zap and the IDs formatted by hand.
// Lines are zap's production JSON to w.
func Peer(w io.Writer) *Stack {
	log := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(w), zapcore.InfoLevel))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
	r := gin.New()
	r.Use(ginzap.GinzapWithConfig(log, &ginzap.Config{
		TimeFormat: time.RFC3339,
		UTC:        true,
		Context: ginzap.Fn(func(c *gin.Context) []zapcore.Field {
			if sc := trace.SpanContextFromContext(c.Request.Context()); sc.IsValid() {
				return []zapcore.Field{zap.String("trace_id", sc.TraceID().String()), zap.String("span_id", sc.SpanID().String())}
			}
			return nil
		}),
	}))
	r.Use(ginzap.RecoveryWithZap(log, true))
	r.GET("/users/:id", func(c *gin.Context) {
		id := c.Param("id")
		sc := trace.SpanContextFromContext(c.Request.Context())
		log.Info(MessageHandler, zap.String("trace_id", sc.TraceID().String()), zap.String("span_id", sc.SpanID().String()),
			zap.String("user.id", id))
		writeUser(c.Writer, id)
	})
	r.GET(HealthRoute, func(c *gin.Context) { healthz(c.Writer, c.Request) })
	h := otelhttp.NewHandler(r, "server", otelhttp.WithTracerProvider(tp), otelhttp.WithPropagators(propagation.TraceContext{}))
	return &Stack{Handler: h, close: func() error {
		return errors.Join(tp.Shutdown(context.Background()), syncLog(log))
	}}
}
