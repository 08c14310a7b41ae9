package redact_test

import (
	"encoding/json"
	"net"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/redact"
)

type Base struct {
	ID     int    `json:"id"`
	Secret string `json:"secret"`
}

type hidden struct {
	Visible string // promoted from an unexported embedded struct, as encoding/json does
}

type user struct {
	Base
	hidden
	Name     string            `json:"name"`
	Email    string            `json:"email,omitempty"`
	Password string            `json:"user_password"`
	Note     string            `log:"redact"`
	Internal string            `log:"-"`
	Skipped  string            `json:"-"`
	Tags     []string          `json:"tags"`
	Attrs    map[string]string `json:"attrs,omitempty"`
	Friend   *user             `json:"friend,omitempty"`
	Created  time.Time         `json:"created"`
	IP       net.IP            `json:"ip"`
	Raw      []byte            `json:"raw"`
	private  string
}

func TestAnyStruct(t *testing.T) {
	u := &user{
		Base:     Base{ID: 7, Secret: "s"},
		hidden:   hidden{Visible: "v"},
		Name:     "ada",
		Password: "hunter2",
		Note:     "n",
		Internal: "i",
		Skipped:  "k",
		Tags:     []string{"a", "Bearer abcDEF123456"},
		Attrs:    map[string]string{"z": "1", "api_key": "k", "a": "2"},
		Friend:   &user{Name: "bob"},
		Created:  time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		IP:       net.IPv4(10, 0, 0, 1),
		Raw:      []byte("hi"),
		private:  "p",
	}
	log, buf := newLogger(t, mustNew(t))
	log.Info("m", zap.Any("user", u))
	want := `{"msg":"m","user":{"id":7,"secret":"[REDACTED]","Visible":"v","name":"ada","user_password":"[REDACTED]","Note":"[REDACTED]",` +
		`"tags":["a","Bearer [REDACTED]"],"attrs":{"a":"2","api_key":"[REDACTED]","z":"1"},` +
		`"friend":{"id":0,"secret":"[REDACTED]","Visible":"","name":"bob","user_password":"[REDACTED]","Note":"[REDACTED]","tags":null,` +
		`"created":"0001-01-01T00:00:00Z","ip":"","raw":null},` +
		`"created":"2026-01-02T03:04:05Z","ip":"10.0.0.1","raw":"aGk="}}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// A zap.Any value with nothing to redact is left to zap's encoder: the
// field reaches the wrapped core unchanged.
func TestAnyCleanUntouched(t *testing.T) {
	next, writes := newCapture()
	log := zap.New(redact.NewCore(next, mustNew(t)))
	type clean struct {
		Name string
		N    []int
		M    map[string]any
	}
	v := clean{Name: "ada", N: []int{1}, M: map[string]any{"k": []any{"x", 1.5}}}
	log.Info("m", zap.Any("v", v), zap.Any("list", []string{"a", "b"}))
	got := (*writes)[0].fields
	if got[0].Type != zapcore.ReflectType || got[0].Interface.(clean).Name != "ada" {
		t.Errorf("a clean zap.Any field was rewritten: %#v", got[0])
	}
}

type node struct {
	Name string `json:"name"`
	Next *node  `json:"next"`
}

func TestAnyTrickyValues(t *testing.T) {
	cyclic := &node{Name: "a"}
	cyclic.Next = &node{Name: "b", Next: cyclic}
	selfMap := map[string]any{"name": "m"}
	selfMap["self"] = selfMap
	selfSlice := []any{"x", nil}
	selfSlice[1] = selfSlice
	var nilUser *user
	tests := []struct {
		name  string
		field zap.Field
		want  string
	}{
		{"cycle through pointers", zap.Any("n", cyclic), `"n":{"name":"a","next":{"name":"b","next":"[CYCLE]"}}`},
		{"cycle through a map", zap.Any("m", selfMap), `"m":{"name":"m","self":"[CYCLE]"}`},
		{"cycle through a slice", zap.Any("s", selfSlice), `"s":["x","[CYCLE]"]`},
		{"nil pointer", zap.Any("u", nilUser), `"u":null`},
		{"nil map value", zap.Any("m", map[string]any{"token": nil, "x": nil}), `"m":{"token":"[REDACTED]","x":null}`},
		{"map with int keys", zap.Any("m", map[int]string{2: "b", 1: "Bearer abcDEF123456"}), `"m":{"1":"Bearer [REDACTED]","2":"b"}`},
		{"slice of structs", zap.Any("l", []Base{{1, "a"}, {2, "b"}}), `"l":[{"id":1,"secret":"[REDACTED]"},{"id":2,"secret":"[REDACTED]"}]`},
		{"array", zap.Any("a", [2]string{"AKIAIOSFODNN7EXAMPLE", "x"}), `"a":["[REDACTED]","x"]`},
		{"string type", zap.Any("s", myString("token=abc")), `"s":"token=[REDACTED]"`},
		{"pointer to string", zap.Any("s", ptr("Bearer abcDEF123456")), `"s":"Bearer [REDACTED]"`},
		{"card number integer", zap.Any("n", myInt(4111111111111111)), `"n":"[REDACTED]"`},
		{"text marshaler", zap.Any("t", textValue("postgres://u:pw@h")), `"t":"postgres://u:[REDACTED]@h"`},
		{"raw JSON is walked", zap.Any("body", json.RawMessage(`{"user":"ada","password":"x","n":4111111111111111,"list":[1,"eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln"]}`)),
			`"body":{"list":[1,"[REDACTED]"],"n":"[REDACTED]","password":"[REDACTED]","user":"ada"}`},
		{"json marshaler", zap.Any("j", jsonValue{}), `"j":{"token":"[REDACTED]"}`},
		{"denied key masks the whole value", zap.Any("credentials", map[string]string{"a": "b"}), `"credentials":"[REDACTED]"`},
		{"channel inside a dirty value", zap.Any("m", map[string]any{"token": "t", "c": make(chan int)}), `"m":{"cError":"json: unsupported type: chan int","token":"[REDACTED]"}`},
		{"binary inside", zap.Any("m", map[string]any{"raw": []byte("AKIAIOSFODNN7EXAMPLE"), "secret": 1}), `"m":{"raw":"[REDACTED]","secret":"[REDACTED]"}`},
		{"clean binary inside", zap.Any("m", map[string]any{"raw": []byte{1, 2, 3}, "secret": 1}), `"m":{"raw":"AQID","secret":"[REDACTED]"}`},
		{"interface holding a pointer", zap.Any("i", []any{&Base{1, "s"}}), `"i":[{"id":1,"secret":"[REDACTED]"}]`},
		{"empty struct", zap.Any("e", struct{}{}), `"e":{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, buf := newLogger(t, mustNew(t))
			log.Info("m", tt.field)
			want := `{"msg":"m",` + tt.want + `}`
			if got := oneLine(t, buf); got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

type myString string
type myInt int64

func ptr[T any](v T) *T { return &v }

type textValue string

func (v textValue) MarshalText() ([]byte, error) { return []byte(v), nil }

type jsonValue struct{}

func (jsonValue) MarshalJSON() ([]byte, error) { return []byte(`{"token":"abc"}`), nil }

type deepMap struct{ Next any }

func TestAnyDepthLimit(t *testing.T) {
	var v any = "Bearer abcDEF123456"
	for range 40 {
		v = map[string]any{"next": v}
	}
	log, buf := newLogger(t, mustNew(t, redact.WithMaxDepth(3)))
	log.Info("m", zap.Any("v", v))
	want := `{"msg":"m","v":{"next":{"next":{"next":"[REDACTED]"}}}}`
	if got := oneLine(t, buf); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// With structs, at the default depth.
	var d any = deepMap{}
	for range 100 {
		d = deepMap{Next: d}
	}
	log, buf = newLogger(t, mustNew(t))
	log.Info("m", zap.Any("d", d))
	if got := oneLine(t, buf); len(got) > 400 {
		t.Errorf("depth limit not applied: %.300s", got)
	}
}
