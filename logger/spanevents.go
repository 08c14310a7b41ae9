package logger

import (
	"fmt"
	"sort"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/ctxfield"
)

// Attribute keys of the span events written by [WithSpanEvents].
const (
	SpanEventName        = "log"
	EventKeySeverity     = "log.severity"
	EventKeyMessage      = "log.message"
	EventKeyCodeFunction = "code.function"
	EventKeyCodeFilePath = "code.filepath"
	EventKeyCodeLineNo   = "code.lineno"
)

// addSpanEvent copies a line onto span as an event, and marks the span as
// failed for Error lines. Only the line's own fields are copied.
func addSpanEvent(span trace.Span, level zapcore.LevelEnabler, ent zapcore.Entry, fields []zapcore.Field) {
	if !level.Enabled(ent.Level) || !span.IsRecording() {
		return
	}
	enc := zapcore.NewMapObjectEncoder()
	for i := range fields {
		if !ctxfield.Is(fields[i]) {
			fields[i].AddTo(enc)
		}
	}
	attrs := make([]attribute.KeyValue, 0, len(enc.Fields)+5)
	attrs = append(attrs,
		attribute.String(EventKeySeverity, ent.Level.CapitalString()),
		attribute.String(EventKeyMessage, ent.Message),
	)
	if ent.Caller.Defined {
		attrs = append(attrs,
			attribute.String(EventKeyCodeFunction, ent.Caller.Function),
			attribute.String(EventKeyCodeFilePath, ent.Caller.File),
			attribute.Int(EventKeyCodeLineNo, ent.Caller.Line),
		)
	}
	keys := make([]string, 0, len(enc.Fields))
	for k := range enc.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		attrs = append(attrs, toAttribute(k, enc.Fields[k]))
	}
	span.AddEvent(SpanEventName, trace.WithAttributes(attrs...), trace.WithTimestamp(ent.Time))
	if ent.Level >= zapcore.ErrorLevel {
		span.SetStatus(codes.Error, ent.Message)
	}
}

func toAttribute(k string, v any) attribute.KeyValue {
	switch x := v.(type) {
	case string:
		return attribute.String(k, x)
	case bool:
		return attribute.Bool(k, x)
	case int64:
		return attribute.Int64(k, x)
	case int:
		return attribute.Int(k, x)
	case int32:
		return attribute.Int64(k, int64(x))
	case uint64:
		if x <= 1<<63-1 {
			return attribute.Int64(k, int64(x))
		}
	case float64:
		return attribute.Float64(k, x)
	case float32:
		return attribute.Float64(k, float64(x))
	case fmt.Stringer:
		return attribute.String(k, x.String())
	}
	return attribute.String(k, fmt.Sprint(v))
}
