package tracelog

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/internal/jsonenc"
	"github.com/tracelog/tracelog/internal/sink"
	"github.com/tracelog/tracelog/logger"
	"github.com/tracelog/tracelog/redact"
	"github.com/tracelog/tracelog/sampling"
)

// Keys written by the encoder of [New] under the default profile
// ([logger.OTel]); other profiles name them otherwise (see
// [logger.Profile.Keys]). The service keys are also the names of
// OTEL_RESOURCE_ATTRIBUTES that New reads.
const (
	KeyTime    = "time"
	KeyLevel   = "level"
	KeyMessage = "msg"
	// KeyCaller is the caller's file (its directory and name) and
	// KeyCallerLine its line, in JSON; console lines have "file:line"
	// under KeyCaller.
	KeyCaller         = "code.file.path"
	KeyCallerLine     = "code.line.number"
	KeyLogger         = "otel.scope.name"
	KeyStacktrace     = "code.stacktrace"
	KeyServiceName    = "service.name"
	KeyServiceVersion = "service.version"
	// KeyDeploymentEnvironment names the deployment (production, staging)
	// the service runs in.
	KeyDeploymentEnvironment = "deployment.environment.name"
)

// TimeLayout is the layout of the time key: RFC 3339 in UTC with all nine
// fractional digits, so that lines sort as text.
const TimeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// New builds a service logger: JSON lines to stdout with time, level, msg,
// caller, service.name and service.version, and the trace context of any
// line logged with [logger.Context] (or through [logger.FromContext]).
// Secrets are redacted by default (see package redact, [WithRedactor] and
// [WithoutRedaction]). The logger also becomes [logger.Default], what
// [logger.FromContext] returns for a context that stores no logger (see
// [WithoutDefault]). Bad options (an unknown encoding or level) return an
// error; New never panics.
func New(opts ...Option) (*zap.Logger, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o.apply(cfg)
		}
	}
	if err := cfg.resolve(); err != nil {
		return nil, err
	}
	core, err := cfg.core()
	if err != nil {
		return nil, err
	}
	zopts := []zap.Option{
		zap.AddStacktrace(zapcore.ErrorLevel),
		zap.ErrorOutput(cfg.errSink),
	}
	if cfg.caller {
		zopts = append(zopts, zap.AddCaller())
	}
	log := zap.New(core, append(zopts, cfg.zapOptions...)...)
	if cfg.setDefault {
		logger.SetDefault(log)
	}
	return log, nil
}

// resolve reads the environment (when asked) and checks the settings.
func (c *config) resolve() error {
	c.errSink = sink.Writer(c.errorOutput)
	if err := c.readOTelEnv(); err != nil {
		return err
	}
	if c.fromEnv {
		if v := strings.TrimSpace(c.getenv(EnvLevel)); v != "" {
			l, err := zapcore.ParseLevel(v)
			if err != nil {
				return fmt.Errorf("tracelog: %s=%q: unknown level (want debug, info, warn, error, dpanic, panic or fatal)", EnvLevel, v)
			}
			c.level.SetLevel(l)
		}
		if v := strings.TrimSpace(c.getenv(EnvFormat)); v != "" {
			c.encoding = strings.ToLower(v)
		}
		if v := strings.TrimSpace(c.getenv(EnvSchema)); v != "" {
			c.profiles = c.profiles[:0:0]
			for _, name := range strings.Split(v, ",") {
				p, ok := logger.ProfileByName(name)
				if !ok {
					return fmt.Errorf("tracelog: %s=%q: unknown profile %q (want otel, ecs, datadog or gcp:PROJECT)", EnvSchema, v, strings.TrimSpace(name))
				}
				c.profiles = append(c.profiles, p)
			}
		}
	}
	switch c.encoding {
	case EncodingJSON, EncodingConsole:
	default:
		return fmt.Errorf("tracelog: unknown encoding %q (want %q or %q)", c.encoding, EncodingJSON, EncodingConsole)
	}
	if c.level == (zap.AtomicLevel{}) {
		return errors.New("tracelog: WithLevel: zero zap.AtomicLevel (make one with zap.NewAtomicLevelAt)")
	}
	for _, p := range c.profiles {
		if err := p.Err(); err != nil {
			return fmt.Errorf("tracelog: %w", err)
		}
		if p.String() == "gcp" && p.Project() == "" {
			return errors.New("tracelog: the GCP profile needs a project ID")
		}
	}
	return nil
}

// EncoderConfig returns the encoder configuration New uses for encoding
// ("json" or "console") under the default profile: the keys above,
// lowercase levels, UTC times in [TimeLayout], durations as milliseconds
// (a float) in JSON and as text ("1.5ms") in console.
func EncoderConfig(encoding string) zapcore.EncoderConfig {
	return ProfileEncoderConfig(encoding, logger.OTel())
}

// ProfileEncoderConfig is [EncoderConfig] for the profile p: its record
// keys and its formats of levels, durations and callers
// ([logger.Profile.EncoderConfig]); console keeps lowercase levels and
// durations as text.
func ProfileEncoderConfig(encoding string, p logger.Profile) zapcore.EncoderConfig {
	ec := zapcore.EncoderConfig{
		TimeKey:        KeyTime,
		LevelKey:       KeyLevel,
		NameKey:        KeyLogger,
		CallerKey:      KeyCaller,
		MessageKey:     KeyMessage,
		StacktraceKey:  KeyStacktrace,
		LineEnding:     zapcore.DefaultLineEnding,
		EncodeLevel:    zapcore.LowercaseLevelEncoder,
		EncodeTime:     utcTime,
		EncodeDuration: FloatMillisDurationEncoder,
		EncodeCaller:   zapcore.ShortCallerEncoder,
	}
	ec = p.EncoderConfig(ec)
	if encoding == EncodingConsole {
		ec.EncodeLevel = zapcore.LowercaseLevelEncoder
		ec.EncodeDuration = zapcore.StringDurationEncoder
	}
	return ec
}

// timeBufs holds the buffers utcTime formats into: the encoder copies the
// bytes, so a buffer is reused at once, and the line allocates nothing.
var timeBufs = sync.Pool{New: func() any { return new([len(TimeLayout) - 5]byte) }}

// utcTime writes t in UTC as TimeLayout does, by hand: it is on every
// line, and time.Format with a layout costs several times more.
func utcTime(t time.Time, enc zapcore.PrimitiveArrayEncoder) {
	year, month, day, secs := civil(t.Unix())
	if year < 0 || year > 9999 {
		enc.AppendString(t.UTC().Format(TimeLayout))
		return
	}
	hour, min, sec := secs/3600, secs/60%60, secs%60
	b := timeBufs.Get().(*[len(TimeLayout) - 5]byte)
	put4(b[0:4], year)
	b[4] = '-'
	put2(b[5:7], month)
	b[7] = '-'
	put2(b[8:10], day)
	b[10] = 'T'
	put2(b[11:13], hour)
	b[13] = ':'
	put2(b[14:16], min)
	b[16] = ':'
	put2(b[17:19], sec)
	b[19] = '.'
	ns := t.Nanosecond()
	for i := 28; i >= 20; i-- {
		b[i] = byte('0' + ns%10)
		ns /= 10
	}
	b[29] = 'Z'
	enc.AppendByteString(b[:])
	timeBufs.Put(b)
}

// civil returns the UTC date of the Unix time unix, and the seconds into
// its day, by days-from-civil arithmetic (Howard Hinnant's), which costs a
// fraction of time.Time's Date and Clock.
func civil(unix int64) (year, month, day, secs int) {
	days := unix / 86400
	rem := unix - days*86400
	if rem < 0 {
		rem += 86400
		days--
	}
	z := days + 719468 // days from 0000-03-01
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097                                  // day of the 400-year era
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // year of the era
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // day of the year from March 1
	mp := (5*doy + 2) / 153                                // month from March
	day = int(doy - (153*mp+2)/5 + 1)
	month = int(mp + 3)
	if month > 12 {
		month -= 12
	}
	year = int(yoe + era*400)
	if month <= 2 {
		year++
	}
	return year, month, day, int(rem)
}

func put2(b []byte, v int) { b[0], b[1] = byte('0'+v/10), byte('0'+v%10) }

func put4(b []byte, v int) {
	b[0], b[1], b[2], b[3] = byte('0'+v/1000), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10)
}

// FloatMillisDurationEncoder writes a duration as a floating-point number of
// milliseconds (1.5 for 1500µs), the unit of every duration key tracelog
// writes in JSON.
func FloatMillisDurationEncoder(d time.Duration, enc zapcore.PrimitiveArrayEncoder) {
	logger.MillisDurationEncoder(d, enc)
}

func (c *config) core() (zapcore.Core, error) {
	profile := c.profiles[0]
	keys := profile.Keys()
	ec := ProfileEncoderConfig(c.encoding, profile)
	var enc zapcore.Encoder
	if c.encoding == EncodingConsole {
		enc = zapcore.NewConsoleEncoder(ec)
	} else {
		// What zapcore.NewJSONEncoder writes, byte for byte, for less.
		enc = jsonenc.New(ec)
	}
	var core zapcore.Core = zapcore.NewCore(enc, sink.Writer(c.output), c.level)
	for i, wrap := range c.wraps {
		if core = wrap(core); core == nil {
			return nil, fmt.Errorf("tracelog: WithCore: wrapper %d returned a nil core", i+1)
		}
	}
	var static []zapcore.Field
	if k := keys[logger.SchemaVersionKey]; k != "" {
		static = append(static, zap.String(k, logger.ECSVersion))
	}
	if c.service != "" {
		static = append(static, zap.String(keys[logger.ServiceNameKey], c.service))
	}
	if c.version != "" {
		static = append(static, zap.String(keys[logger.ServiceVersionKey], c.version))
	}
	if c.environment != "" {
		static = append(static, zap.String(keys[logger.EnvironmentKey], c.environment))
	}
	if len(static) > 0 {
		core = core.With(static)
	}
	lopts := []logger.Option{
		logger.WithProfiles(c.profiles...),
		logger.WithErrorOutput(c.errSink),
	}
	if c.spanEvents != nil {
		lopts = append(lopts, logger.WithSpanEvents(c.spanEvents))
	}
	core = logger.NewCore(core, lopts...)
	if len(c.tees) > 0 {
		cores := []zapcore.Core{core}
		for _, tee := range c.tees {
			// A tee follows the level and the sampling decisions the
			// output follows.
			cores = append(cores, &followDecision{Core: tee, level: c.level, errOut: c.errSink})
		}
		core = zapcore.NewTee(cores...)
	}
	// Redaction wraps everything: the output, the cores of WithCore, span
	// events and the tees (the OpenTelemetry export) all get redacted lines. The trace
	// fields are added below it, so they are never taken for secrets (even
	// by an allowlist), and it passes the context fields the tracelog core
	// and the otelzap bridge read.
	if r := c.redactorFor(); r != nil {
		core = redact.NewCore(core, r)
	}
	if _, ok := logger.ProfileOfCore(core); !ok {
		core = &profileCore{Core: core, p: profile}
	}
	// Outermost, so that the middleware given this logger finds the
	// sampler (and the profile, which it passes on).
	core = sampling.NewCore(core, c.sampler)
	return core, nil
}

// profileCore tells the profile of the logger (see
// [logger.ProfileCarrier]) when the cores below cannot, such as a tee. Its
// Check is the wrapped core's, which adds that core: lines are written
// without passing through it.
type profileCore struct {
	zapcore.Core
	p logger.Profile
}

var (
	_ zapcore.Core          = (*profileCore)(nil)
	_ logger.ProfileCarrier = (*profileCore)(nil)
)

// Level reports the level of the wrapped core.
func (c *profileCore) Level() zapcore.Level { return zapcore.LevelOf(c.Core) }

// With keeps the wrapper on derived loggers.
func (c *profileCore) With(fields []zapcore.Field) zapcore.Core {
	return &profileCore{Core: c.Core.With(fields), p: c.p}
}

// Profile returns the logger's profile.
func (c *profileCore) Profile() (logger.Profile, bool) { return c.p, true }

// redactorFor returns the Redactor New uses, or nil when redaction is off.
func (c *config) redactorFor() *redact.Redactor {
	switch {
	case c.redactOff:
		return nil
	case c.redactor != nil:
		return c.redactor
	}
	return redact.Default()
}
