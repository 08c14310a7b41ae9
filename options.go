package tracelog

import (
	"io"
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/redact"
	"github.com/tracelog/tracelog/sampling"
)

// An Option configures [New]. Options are sealed: only this package's
// With* functions make them. Options apply in order; for those that replace
// a setting, the last one wins. As in every package of tracelog, a nil
// option, and an option given a nil value (a writer, a function, a
// provider), is ignored: it changes nothing, and what was set before, or
// the default, stays.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// Encodings accepted by [WithEncoding] and LOG_FORMAT.
const (
	EncodingJSON    = "json"
	EncodingConsole = "console"
)

// Environment variables read by [WithEnv].
const (
	EnvLevel  = "LOG_LEVEL"
	EnvFormat = "LOG_FORMAT"
	// EnvSchema names the profile, as WithProfiles does: a comma list
	// of otel, ecs, datadog, gcp:PROJECT, the first naming every key.
	EnvSchema = "LOG_SCHEMA"
)

type config struct {
	service, version string
	environment      string
	output           io.Writer
	errorOutput      io.Writer
	errSink          zapcore.WriteSyncer // errorOutput, locked once for every part
	level            zap.AtomicLevel
	encoding         string
	profiles         []logger.Profile
	wraps            []func(zapcore.Core) zapcore.Core
	fromEnv          bool
	getenv           func(string) string
	tees             []zapcore.Core
	spanEvents       zapcore.LevelEnabler
	caller           bool
	setDefault       bool
	zapOptions       []zap.Option
	sampler          *sampling.Sampler
	redactOff        bool
	redactor         *redact.Redactor
}

func defaultConfig() *config {
	return &config{
		output:      os.Stdout,
		errorOutput: os.Stderr,
		level:       zap.NewAtomicLevelAt(zapcore.InfoLevel),
		encoding:    EncodingJSON,
		profiles:    []logger.Profile{logger.OTel()},
		getenv:      os.Getenv,
		caller:      true,
		setDefault:  true,
	}
}

// WithService sets service.name and service.version, written on every
// line. Either may be empty to leave its key out, or to take it from
// OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES when that is set.
func WithService(name, version string) Option {
	return optionFunc(func(c *config) { c.service, c.version = name, version })
}

// WithDeploymentEnvironment sets deployment.environment.name (production,
// staging), written on every line. Empty leaves the key out, or takes it
// from OTEL_RESOURCE_ATTRIBUTES when that is set.
func WithDeploymentEnvironment(name string) Option {
	return optionFunc(func(c *config) { c.environment = name })
}

// WithOutput replaces where lines go (default os.Stdout). Writes are
// serialized with a lock. A nil writer is ignored.
func WithOutput(w io.Writer) Option {
	return optionFunc(func(c *config) {
		if w != nil {
			c.output = w
		}
	})
}

// WithErrorOutput replaces where the logger reports its own failures, such
// as a failed write (default os.Stderr). A nil writer is ignored.
func WithErrorOutput(w io.Writer) Option {
	return optionFunc(func(c *config) {
		if w != nil {
			c.errorOutput = w
		}
	})
}

// WithLevel replaces the level (default Info) with lvl, which the caller
// keeps to read or change the level at run time (zap.AtomicLevel is also an
// http.Handler for that). [WithEnv] sets lvl from LOG_LEVEL when that is
// set.
func WithLevel(lvl zap.AtomicLevel) Option {
	return optionFunc(func(c *config) { c.level = lvl })
}

// WithEncoding replaces the encoding: "json" (default) or "console". [New]
// rejects any other value.
func WithEncoding(encoding string) Option {
	return optionFunc(func(c *config) { c.encoding = encoding })
}

// WithProfiles replaces the profile (default [logger.OTel]): the first
// names every key the logger, httplog, grpclog and the sampler's summary
// lines write (see [logger.Profile]); later ones only add their trace keys
// beside the first's. A profile with bad renames makes [New] fail.
func WithProfiles(profiles ...logger.Profile) Option {
	return optionFunc(func(c *config) {
		c.profiles = append([]logger.Profile(nil), profiles...)
	})
}

// WithCore adds a function that wraps the encoding core, for users who
// compose their own (a tee to a second sink, a sampler, hooks). Wrappers
// apply in the order given, inside the trace correlation, so every core
// they add gets the trace keys. A nil function is ignored; a wrapper that
// returns nil makes [New] fail.
func WithCore(wrap func(zapcore.Core) zapcore.Core) Option {
	return optionFunc(func(c *config) {
		if wrap != nil {
			c.wraps = append(c.wraps, wrap)
		}
	})
}

// WithEnv makes [New] read LOG_LEVEL (debug, info, warn, error, dpanic,
// panic, fatal), LOG_FORMAT (json or console) and LOG_SCHEMA (the profile:
// otel, ecs, datadog or gcp:PROJECT, or a comma list of them as
// [WithProfiles] takes) from the environment. Variables that are
// set override the options given in code; a bad value makes New fail.
func WithEnv() Option {
	return optionFunc(func(c *config) { c.fromEnv = true })
}

// WithTee adds a core beside the output, for a sink that reads the trace
// context itself from the line's context field ([logger.Context]), such
// as OpenTelemetry's otelzap bridge (package otellogs builds that one).
// The tee gets what the output gets, redacted, at the logger's level
// (lines below it are not passed even when the tee enables them), and
// follows the same head-sampling decisions (package sampling); it gets the
// context field in place of the trace keys. Tees add up; a nil core is
// ignored.
func WithTee(core zapcore.Core) Option {
	return optionFunc(func(c *config) {
		if core != nil {
			c.tees = append(c.tees, core)
		}
	})
}

// WithSpanEvents copies lines at or above level onto the line's recording
// span as events, and sets the span status to Error for Error lines (see
// [logger.WithSpanEvents]). Off by default. A nil level is ignored.
func WithSpanEvents(level zapcore.LevelEnabler) Option {
	return optionFunc(func(c *config) {
		if level != nil {
			c.spanEvents = level
		}
	})
}

// WithoutCaller leaves the caller key out, which saves a runtime.Caller
// per line.
func WithoutCaller() Option {
	return optionFunc(func(c *config) { c.caller = false })
}

// WithZapOptions adds options passed to [zap.New] after the defaults
// (AddCaller, AddStacktrace at Error, ErrorOutput). Nil options are ignored.
func WithZapOptions(opts ...zap.Option) Option {
	return optionFunc(func(c *config) {
		for _, o := range opts {
			if o != nil {
				c.zapOptions = append(c.zapOptions, o)
			}
		}
	})
}

// WithRedactor replaces the redaction rules (default [redact.Default]:
// secrets are masked by key and by value in every line, nested fields
// included, and in the lines sent to OpenTelemetry and to span events)
// with r's. Build r with [redact.New] and keep it to share its rules (with
// httplog and grpclog's WithRedactor) and to read [redact.Redactor.Count].
// It turns redaction back on after [WithoutRedaction]. A nil r is ignored.
func WithRedactor(r *redact.Redactor) Option {
	return optionFunc(func(c *config) {
		if r != nil {
			c.redactOff, c.redactor = false, r
		}
	})
}

// WithoutRedaction turns redaction off: fields and messages are written as
// given. Use it only where no secret can reach a log line.
func WithoutRedaction() Option {
	return optionFunc(func(c *config) { c.redactOff = true })
}

// WithSampler ties a head sampler (package sampling) to the logger, the
// one place a sampler is configured: the middleware of httplog and grpclog
// given this logger (or one derived from it) samples its requests with s;
// s writes its summary lines through the logger's core (unless
// sampling.New was given a logger for them); the logger's Sync first
// writes s's pending summary lines. See [sampling.NewCore]. A nil s is
// ignored.
func WithSampler(s *sampling.Sampler) Option {
	return optionFunc(func(c *config) {
		if s != nil {
			c.sampler = s
		}
	})
}

// WithoutDefault keeps [New] from making its logger [logger.Default], the
// logger of code that has none ([logger.FromContext] on a context that
// stores no logger, middleware given a nil logger). Give it to every
// logger but the main one in a program that builds several; New makes the
// last logger built without it the default.
func WithoutDefault() Option {
	return optionFunc(func(c *config) { c.setDefault = false })
}
