package httplog_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tracelog/tracelog/httplog"
)

func TestServerRoutes(t *testing.T) {
	ok := func(w http.ResponseWriter, r *http.Request) {}

	// A ServeMux wrapped by the middleware.
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", ok)
	mux.HandleFunc("/files/{path...}", ok)
	mux.HandleFunc("GET example.com/hosted/{x}", ok)

	// A ServeMux around the middleware.
	outer := http.NewServeMux()

	tests := []struct {
		name   string
		target string
		route  string // "" means no http.route key
		status int
	}{
		{name: "servemux inside", target: "/users/42", route: "/users/{id}", status: 200},
		{name: "servemux wildcard", target: "/files/a/b/c", route: "/files/{path...}", status: 200},
		{name: "servemux host pattern", target: "http://example.com/hosted/1", route: "/hosted/{x}", status: 200},
		{name: "servemux 404", target: "/nope", route: "", status: 404},
		{name: "servemux 405", target: "/users/42", route: "", status: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, out := newLog(t)
			h := httplog.NewHandler(mux, log)
			method := http.MethodGet
			if tt.status == 405 {
				method = http.MethodPost
			}
			r := httptest.NewRequest(method, tt.target, nil)
			h.ServeHTTP(httptest.NewRecorder(), r)
			l := out.wait(t, httplog.MessageServer, 1)[0]
			checkRoute(t, l, tt.route, tt.status)
		})
	}

	t.Run("servemux outside", func(t *testing.T) {
		log, out := newLog(t)
		outer.Handle("GET /orders/{id}", httplog.NewHandler(http.HandlerFunc(ok), log))
		outer.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/orders/7", nil))
		checkRoute(t, out.wait(t, httplog.MessageServer, 1)[0], "/orders/{id}", 200)
	})

	t.Run("plain handler", func(t *testing.T) {
		log, out := newLog(t)
		httplog.NewHandler(http.HandlerFunc(ok), log).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/x", nil))
		checkRoute(t, out.wait(t, httplog.MessageServer, 1)[0], "", 200)
	})

	t.Run("route func wins", func(t *testing.T) {
		log, out := newLog(t)
		h := httplog.NewHandler(mux, log, httplog.WithRouteFunc(func(*http.Request) string { return "/custom" }))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/users/1", nil))
		checkRoute(t, out.wait(t, httplog.MessageServer, 1)[0], "/custom", 200)
	})

	t.Run("route func empty falls back to pattern", func(t *testing.T) {
		log, out := newLog(t)
		h := httplog.NewHandler(mux, log, httplog.WithRouteFunc(func(*http.Request) string { return "" }))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/users/1", nil))
		checkRoute(t, out.wait(t, httplog.MessageServer, 1)[0], "/users/{id}", 200)
	})

	t.Run("route func panics", func(t *testing.T) {
		log, out := newLog(t)
		h := httplog.NewHandler(http.HandlerFunc(ok), log, httplog.WithRouteFunc(func(*http.Request) string { panic("bad router") }))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/x", nil))
		checkRoute(t, out.wait(t, httplog.MessageServer, 1)[0], "", 200)
	})
}

func checkRoute(t *testing.T, l line, route string, status int) {
	t.Helper()
	if got, has := l["http.route"]; route == "" && has || route != "" && got != route {
		t.Errorf("http.route = %v (present %v), want %q", got, has, route)
	}
	if l.num("http.response.status_code") != float64(status) {
		t.Errorf("http.status = %v, want %d", l["http.response.status_code"], status)
	}
}
