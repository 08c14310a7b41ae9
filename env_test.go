package tracelog_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/tracelog/tracelog"
)

func TestOTelEnvironment(t *testing.T) {
	for _, tt := range []struct {
		name        string
		serviceName string // OTEL_SERVICE_NAME
		attrs       string // OTEL_RESOURCE_ATTRIBUTES
		opts        []tracelog.Option
		want        map[string]any
	}{
		{"nothing set", "", "", nil, map[string]any{}},
		{"service name", "checkout", "", nil, map[string]any{"service.name": "checkout"}},
		{"resource attributes", "", "service.name=pay,service.version=1.2.3,deployment.environment.name=prod%20eu,host.name=h1", nil,
			map[string]any{"service.name": "pay", "service.version": "1.2.3", "deployment.environment.name": "prod eu"}},
		{"OTEL_SERVICE_NAME wins over the attributes", "checkout", "service.name=pay,service.version=2", nil,
			map[string]any{"service.name": "checkout", "service.version": "2"}},
		{"code wins over the environment", "checkout", "service.version=2,deployment.environment.name=staging",
			[]tracelog.Option{tracelog.WithService("orders", "3"), tracelog.WithDeploymentEnvironment("prod")},
			map[string]any{"service.name": "orders", "service.version": "3", "deployment.environment.name": "prod"}},
		{"code fills part, the environment the rest", "", "service.version=2", []tracelog.Option{tracelog.WithService("orders", "")},
			map[string]any{"service.name": "orders", "service.version": "2"}},
		{"blank members and spaces", "", " , service.name = pay ,", nil, map[string]any{"service.name": "pay"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(tracelog.EnvOTelServiceName, tt.serviceName)
			t.Setenv(tracelog.EnvOTelResourceAttributes, tt.attrs)
			var buf bytes.Buffer
			log, err := tracelog.New(append([]tracelog.Option{tracelog.WithOutput(&buf), tracelog.WithoutDefault()}, tt.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			log.Info("m")
			m := decode(t, &buf)[0]
			for _, k := range []string{"service.name", "service.version", "deployment.environment.name"} {
				if m[k] != tt.want[k] {
					t.Errorf("%s = %v, want %v", k, m[k], tt.want[k])
				}
			}
		})
	}
}

func TestOTelEnvironmentMalformed(t *testing.T) {
	for _, v := range []string{"service.name", "=x", "service.name=%zz"} {
		t.Setenv(tracelog.EnvOTelResourceAttributes, v)
		_, err := tracelog.New(tracelog.WithoutDefault())
		if err == nil || !strings.Contains(err.Error(), tracelog.EnvOTelResourceAttributes) {
			t.Errorf("%q: err = %v, want one naming the variable", v, err)
		}
	}
}

// `defer log.Sync()` on a terminal or a pipe reports nothing: there is
// nothing to flush there.
func TestSyncOnPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	log, err := tracelog.New(tracelog.WithOutput(w), tracelog.WithErrorOutput(w), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Sync(); err != nil {
		t.Fatalf("Sync on a pipe: %v", err)
	}
}
