package grpclog_test

import (
	"strings"
	"testing"

	testpb "google.golang.org/grpc/interop/grpc_testing"

	"github.com/tracelog/tracelog/grpclog"
)

// A service method adds fields to its call's access line, from several
// goroutines; they are redacted like any field, and client lines and
// contexts of no call are left alone.
func TestAddFields(t *testing.T) {
	e := newEnv(t, envConfig{})
	if _, err := e.client.UnaryCall(ctxTimeout(t), &testpb.SimpleRequest{ResponseStatus: &testpb.EchoStatus{Message: "fields"}}); err != nil {
		t.Fatal(err)
	}
	s := e.logs.one(t, grpclog.MessageServer)
	for i, k := range []string{"worker.0", "worker.1", "worker.2"} {
		if v, _ := s[k].(float64); v != float64(i) {
			t.Errorf("%s = %v", k, s[k])
		}
	}
	if s.str("order.id") != "42" || s.str("token") != "[REDACTED]" {
		t.Errorf("added fields: %v", s)
	}
	if c := e.logs.one(t, grpclog.MessageClient); c["order.id"] != nil {
		t.Errorf("the client line got the server's fields: %v", c)
	}
	for _, l := range e.logs.lines(t) {
		for _, v := range l {
			if str, ok := v.(string); ok && strings.Contains(str, "s3cr3t") {
				t.Errorf("secret logged: %v", l)
			}
		}
	}
	grpclog.AddFields(t.Context()) // no call: nothing
}
