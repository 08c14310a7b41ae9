package httplog_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"go.uber.org/zap"

	"github.com/tracelog/tracelog/httplog"
)

// Handlers add fields to their request's access line from several
// goroutines; the fields are redacted like any field, bounded, and those
// added after the line was written are dropped.
func TestAddFields(t *testing.T) {
	log, out := newLog(t)
	late := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				httplog.AddFields(r.Context(), zap.Int(fmt.Sprintf("worker.%d", i), i))
			}()
		}
		wg.Wait()
		httplog.AddFields(r.Context(), zap.String("user.id", r.PathValue("id")), zap.String("password", "hunter2"), zap.Skip())
		for i := range httplog.MaxAddedFields {
			httplog.AddFields(r.Context(), zap.Int(fmt.Sprintf("bulk.%02d", i), i))
		}
		ctx := r.Context()
		go func() {
			<-late
			httplog.AddFields(ctx, zap.String("late", "x")) // after the line: dropped
			close(late)
		}()
		io.WriteString(w, "ok")
	})
	srv := httptest.NewServer(httplog.NewMiddleware(log)(mux))
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + "/users/42")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	l := out.wait(t, httplog.MessageServer, 1)[0]
	late <- struct{}{}
	<-late
	for i := range 4 {
		if l.num(fmt.Sprintf("worker.%d", i)) != float64(i) {
			t.Errorf("worker.%d missing: %v", i, l)
		}
	}
	if l.str("user.id") != "42" || l.str("password") != "[REDACTED]" {
		t.Errorf("added fields: user.id %v, password %v", l["user.id"], l["password"])
	}
	n := 0
	for k := range l {
		if strings.HasPrefix(k, "bulk.") || strings.HasPrefix(k, "worker.") || k == "user.id" || k == "password" {
			n++
		}
	}
	if n != httplog.MaxAddedFields {
		t.Errorf("%d added fields on the line, want the bound %d", n, httplog.MaxAddedFields)
	}
	if strings.Contains(out.String(), "hunter2") || strings.Contains(out.String(), `"late"`) {
		t.Errorf("a secret or a late field reached the output: %s", out.String())
	}
	// Outside a request, AddFields does nothing.
	httplog.AddFields(t.Context(), zap.String("k", "v"))
	var none context.Context
	httplog.AddFields(none, zap.String("k", "v"))
}
