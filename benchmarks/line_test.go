package benchmarks_test

import (
	"context"
	"log/slog"
	"testing"

	bridge "go.opentelemetry.io/contrib/bridges/otelzap"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/rs/zerolog"
	uptrace "github.com/uptrace/opentelemetry-go-extra/otelzap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/logger"
)

// lineSetup is one way to write the correlated line: make builds the
// logger once, and the function it returns logs one line for ctx's span.
type lineSetup struct {
	name string
	// ids: where the trace ID ends up: "line" (the written line), "record"
	// (the OpenTelemetry log record only) or "" (nowhere: a reference row).
	ids  string
	make func(tb testing.TB, e env, ctx context.Context) func(ctx context.Context)
}

var lineSetups = []lineSetup{
	{"floor", "", func(_ testing.TB, e env, _ context.Context) func(context.Context) {
		log := zap.New(zapJSONCore(e.out))
		return func(context.Context) {
			log.Info(lineMsg, zap.Int("cents", lineCents), zap.String("currency", lineCurrency))
		}
	}},
	// Plain zap with tracelog's encoder configuration (RFC 3339 UTC times
	// with nanoseconds, which cost more than the floor's epoch float):
	// what tracelog's line costs before any correlation.
	{"zap_tracelog_encoder", "", func(_ testing.TB, e env, _ context.Context) func(context.Context) {
		enc := zapcore.NewJSONEncoder(tracelog.EncoderConfig(tracelog.EncodingJSON))
		log := zap.New(zapcore.NewCore(enc, zapcore.AddSync(e.out), zapcore.InfoLevel))
		return func(context.Context) {
			log.Info(lineMsg, zap.Int("cents", lineCents), zap.String("currency", lineCurrency))
		}
	}},
	{"zap_hand_ids", "line", func(_ testing.TB, e env, _ context.Context) func(context.Context) {
		log := zap.New(zapJSONCore(e.out))
		return func(ctx context.Context) {
			sc := trace.SpanContextFromContext(ctx)
			log.Info(lineMsg, zap.String("trace_id", sc.TraceID().String()), zap.String("span_id", sc.SpanID().String()),
				zap.Int("cents", lineCents), zap.String("currency", lineCurrency))
		}
	}},
	{"tracelog", "line", func(tb testing.TB, e env, _ context.Context) func(context.Context) {
		log := tracelogLogger(tb, e.out)
		return func(ctx context.Context) {
			log.Info(lineMsg, logger.Context(ctx), zap.Int("cents", lineCents), zap.String("currency", lineCurrency))
		}
	}},
	// The recommended handler path: the request logger stored once per
	// request with logger.NewContext, fetched with FromContext per line.
	{"tracelog_from_context", "line", func(tb testing.TB, e env, ctx context.Context) func(context.Context) {
		reqCtx := logger.NewContext(ctx, tracelogLogger(tb, e.out))
		return func(context.Context) {
			logger.FromContext(reqCtx).Info(lineMsg, zap.Int("cents", lineCents), zap.String("currency", lineCurrency))
		}
	}},
	// tracelog.New redacts every line by default: this is the same line
	// without, to tell the cost of redaction from the cost of correlation.
	{"tracelog_without_redaction", "line", func(tb testing.TB, e env, _ context.Context) func(context.Context) {
		log := tracelogLogger(tb, e.out, tracelog.WithoutRedaction())
		return func(ctx context.Context) {
			log.Info(lineMsg, logger.Context(ctx), zap.Int("cents", lineCents), zap.String("currency", lineCurrency))
		}
	}},
	// slog through tracelog's handler (logger.NewSlogHandler).
	{"tracelog_slog", "line", func(tb testing.TB, e env, _ context.Context) func(context.Context) {
		log := slog.New(logger.NewSlogHandler(tracelogLogger(tb, e.out)))
		return func(ctx context.Context) {
			log.LogAttrs(ctx, slog.LevelInfo, lineMsg, slog.Int("cents", lineCents), slog.String("currency", lineCurrency))
		}
	}},
	// github.com/uptrace/opentelemetry-go-extra/otelzap as its README shows.
	// This version puts no trace ID on the zap line: it emits an
	// OpenTelemetry log record carrying the span, for levels from
	// WithMinLevel (Warn by default, so Info lines would not be correlated
	// at all: set to Info here).
	{"uptrace_otelzap", "record", func(_ testing.TB, e env, _ context.Context) func(context.Context) {
		log := uptrace.New(zap.New(zapJSONCore(e.out)), uptrace.WithLoggerProvider(e.lp), uptrace.WithMinLevel(zapcore.InfoLevel))
		return func(ctx context.Context) {
			log.Ctx(ctx).Info(lineMsg, zap.Int("cents", lineCents), zap.String("currency", lineCurrency))
		}
	}},
	// The official bridge teed with a JSON core, as its example shows; the
	// context goes in as zap.Any, which the JSON core writes as "{}".
	{"otel_bridge_tee", "record", func(_ testing.TB, e env, _ context.Context) func(context.Context) {
		log := zap.New(zapcore.NewTee(zapJSONCore(e.out), bridge.NewCore("bench", bridge.WithLoggerProvider(e.lp))))
		return func(ctx context.Context) {
			log.Info(lineMsg, zap.Any("context", ctx), zap.Int("cents", lineCents), zap.String("currency", lineCurrency))
		}
	}},
	{"slog_trace_handler", "line", func(_ testing.TB, e env, _ context.Context) func(context.Context) {
		log := slog.New(traceHandler{slog.NewJSONHandler(e.out, nil)})
		return func(ctx context.Context) {
			log.LogAttrs(ctx, slog.LevelInfo, lineMsg, slog.Int("cents", lineCents), slog.String("currency", lineCurrency))
		}
	}},
	{"zerolog_trace_hook", "line", func(_ testing.TB, e env, _ context.Context) func(context.Context) {
		log := zerolog.New(e.out).With().Timestamp().Logger().Hook(traceHook{})
		return func(ctx context.Context) {
			log.Info().Ctx(ctx).Int("cents", lineCents).Str("currency", lineCurrency).Msg(lineMsg)
		}
	}},
}

// traceHandler is the slog.Handler wrapper services write by hand: it adds
// trace_id and span_id of ctx's span to each record.
type traceHandler struct{ slog.Handler }

func (h traceHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h traceHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return traceHandler{h.Handler.WithAttrs(as)}
}

func (h traceHandler) WithGroup(name string) slog.Handler {
	return traceHandler{h.Handler.WithGroup(name)}
}

// traceHook is the zerolog hook of zerolog's README, reading the span from
// the event's context (set with Event.Ctx).
type traceHook struct{}

func (traceHook) Run(e *zerolog.Event, _ zerolog.Level, _ string) {
	if sc := trace.SpanContextFromContext(e.GetCtx()); sc.IsValid() {
		e.Str("trace_id", sc.TraceID().String()).Str("span_id", sc.SpanID().String())
	}
}

// BenchmarkCorrelatedLine is one Info line with two fields, carrying the
// trace context of an SDK span. Floor: plain zap, no trace IDs.
func BenchmarkCorrelatedLine(b *testing.B) {
	ctx := sdkSpan(b)
	for _, s := range lineSetups {
		b.Run(s.name, func(b *testing.B) {
			logLine := s.make(b, benchEnv(b), ctx)
			b.ReportAllocs()
			for b.Loop() {
				logLine(ctx)
			}
		})
	}
}
