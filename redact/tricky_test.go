package redact_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/redact"
)

type nilObject struct{ name string }

func (o *nilObject) MarshalLogObject(e zapcore.ObjectEncoder) error {
	if o == nil {
		e.AddString("nil", "yes")
		return nil
	}
	e.AddString("name", o.name)
	return nil
}

type panicStringer struct{}

func (*panicStringer) String() string { panic("boom") }

func TestTrickyCases(t *testing.T) {
	long := strings.Repeat("lorem ipsum ", 100000)
	deepAny := any("Bearer abcDEF123456")
	for range 1000 {
		deepAny = []any{deepAny}
	}
	tests := []struct {
		name   string
		r      *redact.Redactor
		msg    string
		fields []zap.Field
		want   string // the whole line, or a check below
		check  func(t *testing.T, line string)
	}{
		{
			name:   "unicode keys",
			r:      mustNew(t, redact.WithDenyKeys("пароль", "密码")),
			fields: []zap.Field{zap.String("Пароль", "x"), zap.String("ключ", "y"), zap.String("用户密码", "z"), zap.String("🔑", "k"), zap.String("密码", "w")},
			want:   `{"msg":"m","Пароль":"[REDACTED]","ключ":"y","用户密码":"z","🔑":"k","密码":"[REDACTED]"}`,
		},
		{
			name:   "empty and separator-only keys",
			fields: []zap.Field{zap.String("", "v"), zap.String("--", "Bearer abcDEF123456"), zap.String("_token_", "t")},
			want:   `{"msg":"m","":"v","--":"Bearer [REDACTED]","_token_":"[REDACTED]"}`,
		},
		{
			name:   "same key twice",
			fields: []zap.Field{zap.String("password", "a"), zap.String("password", "b")},
			want:   `{"msg":"m","password":"[REDACTED]","password":"[REDACTED]"}`,
		},
		{
			name:   "very long value with a secret at the end",
			fields: []zap.Field{zap.String("body", long+"token=abc"), zap.String("clean", long)},
			check: func(t *testing.T, line string) {
				if strings.Contains(line, "token=abc") || !strings.Contains(line, "token=[REDACTED]") || strings.Count(line, "lorem") != 200000 {
					t.Errorf("long values: %d bytes, secret masked: %v", len(line), strings.Contains(line, "token=[REDACTED]"))
				}
			},
		},
		{
			name:   "very deep zap.Any",
			fields: []zap.Field{zap.Any("deep", deepAny)},
			check: func(t *testing.T, line string) {
				if strings.Contains(line, "abcDEF") || strings.Count(line, "[") > redact.DefaultMaxDepth+1 {
					t.Errorf("deep value: %.200s", line)
				}
			},
		},
		{
			name: "nil pointers",
			fields: []zap.Field{
				zap.Any("user", (*user)(nil)),
				zap.Object("obj", (*nilObject)(nil)),
				zap.Stringer("str", (*panicStringer)(nil)),
				zap.Any("list", []*user{nil, {Name: "ada", Password: "x"}}),
				zap.Object("none", nil),
			},
			want: `{"msg":"m","user":null,"obj":{"nil":"yes"},"str":"<nil>","list":[null,{"id":0,"secret":"[REDACTED]","Visible":"","name":"ada",` +
				`"user_password":"[REDACTED]","Note":"[REDACTED]","tags":null,"created":"0001-01-01T00:00:00Z","ip":"","raw":null}],"none":null}`,
		},
		{
			name: "binary data",
			fields: []zap.Field{
				zap.Binary("password", []byte{0, 1, 2}),
				// Bytes are scanned before they are encoded (issue 16): a
				// secret in them is masked, bytes with none stay base64.
				zap.Binary("blob", []byte("AKIAIOSFODNN7EXAMPLE")),
				zap.Binary("bin", []byte("\xff AKIAIOSFODNN7EXAMPLE")),
				zap.Binary("img", []byte{1, 2, 3}),
				zap.ByteString("bytes", []byte("\xff\xfe Bearer abcDEF123456 \x00")),
				zap.ByteString("clean", []byte("\xff plain")),
			},
			want: `{"msg":"m","password":"[REDACTED]","blob":"[REDACTED]","bin":"` + base64.StdEncoding.EncodeToString([]byte("\xff [REDACTED]")) +
				`","img":"AQID","bytes":"\ufffd\ufffd Bearer [REDACTED] \u0000","clean":"\ufffd plain"}`,
		},
		{
			name:   "invalid UTF-8 around a secret in the message",
			msg:    "\xffpassword=hunter2\xfe",
			fields: nil,
			want:   `{"msg":"\ufffdpassword=[REDACTED]"}`, // the value runs to the next space
		},
		{
			name:   "empty message and no fields",
			msg:    "-",
			fields: []zap.Field{zap.Skip()},
			want:   `{"msg":"-"}`,
		},
		{
			name: "pathological text",
			fields: []zap.Field{
				zap.String("a", strings.Repeat("eyJ", 30000)),
				zap.String("b", strings.Repeat("password=x ", 10000)),
				zap.String("c", strings.Repeat("1 ", 50000)),
				zap.String("d", strings.Repeat("://a:", 20000)),
				zap.String("e", strings.Repeat("-----BEGIN X-----", 5000)),
			},
			check: func(t *testing.T, line string) {
				if strings.Count(line, "password=[REDACTED] ") != 10000 {
					t.Errorf("got %d masked passwords", strings.Count(line, "password=[REDACTED]"))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			if r == nil {
				r = mustNew(t)
			}
			log, buf := newLogger(t, r)
			msg := tt.msg
			if msg == "" {
				msg = "m"
			}
			log.Info(msg, tt.fields...)
			line := oneLine(t, buf)
			if tt.check != nil {
				tt.check(t, line)
				return
			}
			if line != tt.want {
				t.Errorf("got  %s\nwant %s", line, tt.want)
			}
		})
	}
}
