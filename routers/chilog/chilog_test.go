package chilog_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"go.uber.org/zap"

	"github.com/tracelog/tracelog"
	"github.com/tracelog/tracelog/httplog"
	"github.com/tracelog/tracelog/internal/routertest"
	"github.com/tracelog/tracelog/routers/chilog"
)

// chi on a real loopback server: the route template of every route,
// subrouters and mounts included, next to chi's own middleware (Recoverer
// turns a panic into a 500; the access line still has the route).
func TestRoutesOnARealServer(t *testing.T) {
	var out routertest.Sink
	log, err := tracelog.New(tracelog.WithOutput(&out), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	r := chi.NewRouter()
	r.Use(chilog.Middleware(log))
	r.Use(middleware.Recoverer)
	r.Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, chi.URLParam(r, "id"))
	})
	r.Route("/api/v1", func(r chi.Router) {
		r.Get("/orders/{orderID}/items/{item}", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusAccepted)
		})
	})
	admin := chi.NewRouter()
	admin.Get("/stats", func(w http.ResponseWriter, r *http.Request) {})
	r.Mount("/admin", admin)
	r.Get("/boom/{n}", func(w http.ResponseWriter, r *http.Request) { panic("boom") })
	srv := httptest.NewServer(r)
	defer srv.Close()

	routertest.Serve(t, srv, &out, []routertest.Case{
		{Method: "GET", Path: "/users/42", Route: "/users/{id}", Status: 200},
		{Method: "GET", Path: "/api/v1/orders/9/items/3", Route: "/api/v1/orders/{orderID}/items/{item}", Status: 202},
		{Method: "GET", Path: "/admin/stats", Route: "/admin/stats", Status: 200},
		{Method: "GET", Path: "/boom/1", Route: "/boom/{n}", Status: 500},
		{Method: "GET", Path: "/nope", Route: "", Status: 404},
		{Method: "POST", Path: "/users/42", Route: "", Status: 405},
	})
}

// A later WithRouteFunc replaces chilog's route function.
func TestOptionsAfterRoute(t *testing.T) {
	var out routertest.Sink
	log, err := tracelog.New(tracelog.WithOutput(&out), tracelog.WithoutDefault())
	if err != nil {
		t.Fatal(err)
	}
	r := chi.NewRouter()
	r.Use(chilog.Middleware(log, httplog.WithRouteFunc(func(*http.Request) string { return "/mine" })))
	r.Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) {})
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/users/1", nil))
	if l := out.Access(t, 1); len(l) != 1 || l[0]["http.route"] != "/mine" {
		t.Fatalf("lines = %v", l)
	}
}

func ExampleMiddleware() {
	log, _ := tracelog.New(tracelog.WithoutCaller(), tracelog.WithZapOptions(zap.WithClock(routertest.FixedClock{})), tracelog.WithOutput(routertest.ExampleOutput{}))

	r := chi.NewRouter()
	r.Use(chilog.Middleware(log, httplog.WithoutTraceHeader()))
	r.Get("/users/{id}", func(w http.ResponseWriter, r *http.Request) {})

	req := httptest.NewRequest(http.MethodGet, "/users/42", nil)
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	r.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// msg="http request" trace_id=4bf92f3577b34da6a3ce929d0e0e4736 http.route=/users/{id} url.path=/users/42 parent_span_id=00f067aa0ba902b7
}
