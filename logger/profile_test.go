package logger_test

import (
	"strings"
	"testing"
	"time"

	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/logger"
)

func TestRename(t *testing.T) {
	for _, tt := range []struct {
		name    string
		base    logger.Profile
		renames map[string]string
		want    map[logger.Key]string
		err     string
	}{
		{"one key", logger.OTel(), map[string]string{"http.method": "method"},
			map[logger.Key]string{logger.HTTPMethodKey: "method", logger.HTTPStatusKey: "http.response.status_code"}, ""},
		{"trace keys keep their format", logger.Datadog(), map[string]string{"trace_id": "trace", "span_id": "span"},
			map[logger.Key]string{logger.TraceIDKey: "trace", logger.SpanIDKey: "span"}, ""},
		{"a key the profile lacks", logger.ECS(), map[string]string{"trace_flags": "trace.flags"},
			map[logger.Key]string{logger.TraceFlagsKey: "trace.flags"}, ""},
		{"swap two names", logger.OTel(), map[string]string{"message": "level", "level": "msg"},
			map[logger.Key]string{logger.MessageKey: "level", logger.LevelKey: "msg"}, ""},
		{"unknown", logger.OTel(), map[string]string{"http.verb": "v"}, nil, `unknown key "http.verb"`},
		{"empty", logger.OTel(), map[string]string{"http.method": " "}, nil, `key "http.method": empty name`},
		{"duplicate of another key", logger.OTel(), map[string]string{"http.method": "msg"}, nil, `name "msg" is also the name of "message"`},
		{"two renamed to one name", logger.OTel(), map[string]string{"http.method": "m", "http.route": "m"}, nil, `is also the name of`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.base.Rename(tt.renames)
			if tt.err != "" {
				if p.Err() == nil || !strings.Contains(p.Err().Error(), tt.err) {
					t.Fatalf("Err() = %v, want %q", p.Err(), tt.err)
				}
				return
			}
			if p.Err() != nil {
				t.Fatal(p.Err())
			}
			k := p.Keys()
			for key, name := range tt.want {
				if k[key] != name {
					t.Errorf("%v = %q, want %q", key, k[key], name)
				}
			}
			if base := tt.base.Keys(); base[logger.TimeKey] != k[logger.TimeKey] || p.String() != tt.base.String() {
				t.Errorf("other keys or the kind changed: %q, %v", k[logger.TimeKey], p)
			}
		})
	}
}

// Every key has a logical name of its own, and within a built-in profile
// no two keys written on the same line share a name.
func TestBuiltinTables(t *testing.T) {
	seen := map[string]bool{}
	for k := logger.TimeKey; k <= logger.SamplingDroppedRequestsKey; k++ {
		n := k.String()
		if n == "" || seen[n] || strings.HasPrefix(n, "Key(") {
			t.Errorf("key %d: logical name %q", k, n)
		}
		seen[n] = true
	}
	// Keys that share a name in a profile are never on one line: the two
	// sides of a gRPC peer, and a panic's stack beside a zap stack (access
	// lines have none).
	shared := map[[2]logger.Key]bool{
		{logger.RPCClientAddressKey, logger.RPCServerAddressKey}: true,
		{logger.RPCClientPortKey, logger.RPCServerPortKey}:       true,
		{logger.StackKey, logger.PanicStackKey}:                  true,
		{logger.ServerPortKey, logger.RPCServerPortKey}:          true,
		{logger.ClientAddressKey, logger.RPCClientAddressKey}:    true,
		{logger.DurationKey, logger.RPCDurationKey}:              true,
		{logger.HTTPRequestSizeKey, logger.HTTPResponseSizeKey}:  false,
	}
	for _, p := range []logger.Profile{logger.OTel(), logger.ECS(), logger.GCP("p"), logger.Datadog()} {
		k := p.Keys()
		for a := logger.TimeKey; a <= logger.SamplingDroppedRequestsKey; a++ {
			for b := a + 1; b <= logger.SamplingDroppedRequestsKey; b++ {
				if k[a] != "" && k[a] == k[b] && !shared[[2]logger.Key{a, b}] {
					t.Errorf("%s: %v and %v are both %q", p, a, b, k[a])
				}
			}
		}
	}
}

func TestSecondsDurationEncoder(t *testing.T) {
	for d, want := range map[time.Duration]string{
		42 * time.Millisecond: "0.042s", 9999209928 * time.Nanosecond: "9.999209928s", 0: "0s",
		3 * time.Second: "3s", time.Nanosecond: "0.000000001s", -1500 * time.Millisecond: "-1.5s",
	} {
		enc := zapcore.NewMapObjectEncoder()
		_ = enc.AddArray("d", zapcore.ArrayMarshalerFunc(func(ae zapcore.ArrayEncoder) error {
			logger.SecondsDurationEncoder(d, ae)
			return nil
		}))
		if got := enc.Fields["d"].([]any)[0]; got != want {
			t.Errorf("%v: %v, want %q", d, got, want)
		}
	}
}
