package main

import (
	"strings"
	"testing"
)

func TestCountLines(t *testing.T) {
	const tid = "4bf92f3577b34da6a3ce929d0e0e4736"
	log := strings.Join([]string{
		`{"msg":"user fetched","trace_id":"` + tid + `","user.id":"42"}`,
		`{"msg":"http request","trace_id":"` + tid + `","url.path":"/users/42"}`,
		`{"msg":"user fetched","trace_id":"other"}`,
		`{"msg":"/users/42","path":"/users/42","trace_id":"` + tid + `"}`,
		`{"msg":"http request","url.path":"/healthz"}`,
		`{"msg":"sampled out 4 lines of route GET /healthz"}`,
		`not json`,
		``,
	}, "\n")
	got, err := countLines(strings.NewReader(log), "/users/42", "/healthz", "user fetched", tid)
	if err != nil {
		t.Fatal(err)
	}
	want := lineCounts{Lines: 7, Access: 2, Handler: 2, Health: 1, Correlated: 3, Bad: 1}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
