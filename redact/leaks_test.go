package redact_test

import (
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// leakCase is a line that once leaked a secret under the default rules
// (issue 16), with the exact line now written.
type leakCase struct {
	name   string
	fields []zap.Field
	msg    string
	want   string
}

func runLeakCases(t *testing.T, tests []leakCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := newLogger(t, mustNew(t))
			msg := tt.msg
			if msg == "" {
				msg = "m"
			}
			log.Info(msg, tt.fields...)
			if got := oneLine(t, buf); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

type withBytes struct {
	Name string `json:"name"`
	Blob []byte `json:"blob"`
}

func TestLeakBytes(t *testing.T) {
	runLeakCases(t, []leakCase{
		{name: "zap.Binary", fields: []zap.Field{zap.Binary("b", []byte("key AKIAIOSFODNN7EXAMPLE"))},
			want: `{"msg":"m","b":"key [REDACTED]"}`},
		{name: "zap.Any of bytes", fields: []zap.Field{zap.Any("b", []byte("Bearer abcDEF123456"))},
			want: `{"msg":"m","b":"Bearer [REDACTED]"}`},
		{name: "struct field", fields: []zap.Field{zap.Any("v", withBytes{Name: "x", Blob: []byte("password=hunter2")})},
			want: `{"msg":"m","v":{"name":"x","blob":"password=[REDACTED]"}}`},
		{name: "slice of bytes", fields: []zap.Field{zap.Any("v", [][]byte{[]byte("ok"), []byte("AKIAIOSFODNN7EXAMPLE")})},
			want: `{"msg":"m","v":["b2s=","[REDACTED]"]}`},
		{name: "clean bytes stay base64", fields: []zap.Field{zap.Binary("b", []byte("hello"))},
			want: `{"msg":"m","b":"aGVsbG8="}`},
	})
}

func TestLeakFloatCards(t *testing.T) {
	runLeakCases(t, []leakCase{
		{name: "float64", fields: []zap.Field{zap.Float64("f", 4111111111111111)},
			want: `{"msg":"m","f":"[REDACTED]"}`},
		{name: "float64 with decimals", fields: []zap.Field{zap.Float64("f", 4111111111111111.5)},
			want: `{"msg":"m","f":"[REDACTED].5"}`},
		{name: "in a map", fields: []zap.Field{zap.Any("m", map[string]float64{"n": 5555555555554444})},
			want: `{"msg":"m","m":{"n":"[REDACTED]"}}`},
		{name: "in an array", fields: []zap.Field{zap.Float64s("a", []float64{1.5, 5555555555554444})},
			want: `{"msg":"m","a":[1.5,"[REDACTED]"]}`},
		{name: "ordinary floats", fields: []zap.Field{zap.Float64("f", 1234567890123), zap.Float64("g", 0.25)},
			want: `{"msg":"m","f":1234567890123,"g":0.25}`},
	})
}

func TestNoCardInsideAToken(t *testing.T) {
	runLeakCases(t, []leakCase{
		// A git SHA holding a Luhn-valid run of 16 digits.
		{name: "hex token", fields: []zap.Field{zap.String("commit", "ab4111111111111111cd")},
			want: `{"msg":"m","commit":"ab4111111111111111cd"}`},
		{name: "token edge", fields: []zap.Field{zap.String("id", "x4111111111111111"), zap.String("id2", "4111111111111111z")},
			want: `{"msg":"m","id":"x4111111111111111","id2":"4111111111111111z"}`},
		{name: "card beside a token", fields: []zap.Field{zap.String("s", "A00 4111 1111 1111 1111 x")},
			want: `{"msg":"m","s":"A00 [REDACTED] x"}`},
		{name: "card alone", fields: []zap.Field{zap.String("s", "card:4111111111111111.")},
			want: `{"msg":"m","s":"card:[REDACTED]."}`},
	})
}

func TestLeakEncodedText(t *testing.T) {
	runLeakCases(t, []leakCase{
		{name: "percent-encoded URL", fields: []zap.Field{zap.String("u", "/login?next=https%3A%2F%2Fapp%2Fcb%3Ftoken%3Dabc123def")},
			want: `{"msg":"m","u":"/login?next=https%3A%2F%2Fapp%2Fcb%3Ftoken%3D[REDACTED]"}`},
		{name: "form brackets", fields: []zap.Field{zap.String("body", "user[name]=ada&user[password]=hunter2")},
			want: `{"msg":"m","body":"user[name]=ada&user[password]=[REDACTED]"}`},
		{name: "encoded brackets", fields: []zap.Field{zap.String("body", "user%5Bpassword%5D=hunter2&x=1")},
			want: `{"msg":"m","body":"user%5Bpassword%5D=[REDACTED]&x=1"}`},
		{name: "twice encoded", fields: []zap.Field{zap.String("u", "a?r=%2Fcb%253Ftoken%253Dabc123")},
			want: `{"msg":"m","u":"a?r=%2Fcb%253Ftoken%253D[REDACTED]"}`},
		{name: "encoded in the message", msg: "GET /cb?next=%2Fx%3Fpassword%3Dhunter2 done",
			want: `{"msg":"GET /cb?next=%2Fx%3Fpassword%3D[REDACTED] done"}`},
		{name: "encoded AWS key", fields: []zap.Field{zap.String("q", "k=%41KIAIOSFODNN7EXAMPLE")},
			want: `{"msg":"m","q":"k=[REDACTED]"}`},
		{name: "form-encoded space", fields: []zap.Field{zap.String("q", "next=Bearer+Tk1AbC123xyz&x=1")},
			want: `{"msg":"m","q":"next=Bearer+[REDACTED]&x=1"}`},
		{name: "plain percent", fields: []zap.Field{zap.String("s", "100% done, 50%off")},
			want: `{"msg":"m","s":"100% done, 50%off"}`},
	})
}

type tokenKeyed struct {
	Tokens map[string]int `json:"tokens"`
}

func TestLeakKeys(t *testing.T) {
	runLeakCases(t, []leakCase{
		{name: "map key", fields: []zap.Field{zap.Any("v", map[string]int{"AKIAIOSFODNN7EXAMPLE": 1, "n": 2})},
			want: `{"msg":"m","v":{"[REDACTED]":"[REDACTED]","n":2}}`},
		{name: "nested map key", fields: []zap.Field{zap.Any("v", tokenKeyed{Tokens: map[string]int{"Bearer abcDEF123456": 1}})},
			want: `{"msg":"m","v":{"tokens":{"Bearer [REDACTED]":"[REDACTED]"}}}`},
		{name: "field key", fields: []zap.Field{zap.String("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "x"), zap.Int("ok", 1)},
			want: `{"msg":"m","[REDACTED]":"[REDACTED]","ok":1}`},
		{name: "object key", fields: []zap.Field{zap.Object("o", objectOf("AKIAIOSFODNN7EXAMPLE", "v", "k", "w"))},
			want: `{"msg":"m","o":{"[REDACTED]":"[REDACTED]","k":"w"}}`},
		{name: "namespace key", fields: []zap.Field{zap.Namespace("AKIAIOSFODNN7EXAMPLE"), zap.String("a", "b")},
			want: `{"msg":"m","[REDACTED]":{"a":"[REDACTED]"}}`},
	})
}

// objectOf is an object marshaler adding the string pairs kv.
func objectOf(kv ...string) zapcore.ObjectMarshaler {
	return zapcore.ObjectMarshalerFunc(func(e zapcore.ObjectEncoder) error {
		for i := 0; i+1 < len(kv); i += 2 {
			e.AddString(kv[i], kv[i+1])
		}
		return nil
	})
}
