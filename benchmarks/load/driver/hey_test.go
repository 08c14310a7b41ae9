package main

import (
	"os"
	"testing"
	"time"
)

func TestParseHey(t *testing.T) {
	data, err := os.ReadFile("testdata/hey.txt")
	if err != nil {
		t.Fatal(err)
	}
	r, err := parseHey(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if r.RPS != 9495.8742 || r.P99 != 6100*time.Microsecond || r.Completed() != 19021 || r.Responses[200] != 19021 || r.Errors != 0 {
		t.Errorf("got %+v", r)
	}
}

func TestParseHeyErrors(t *testing.T) {
	out := "Summary:\n  Requests/sec:\t10.5\n\nLatency distribution:\n  99% in 0.0100 secs\n\n" +
		"Status code distribution:\n  [200]\t7 responses\n  [500]\t2 responses\n\n" +
		"Error distribution:\n  [3]\tGet \"http://127.0.0.1:1/\": connection refused\n  [1]\tcontext deadline exceeded\n"
	r, err := parseHey(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.RPS != 10.5 || r.P99 != 10*time.Millisecond || r.Completed() != 9 || r.Responses[500] != 2 || r.Errors != 4 {
		t.Errorf("got %+v", r)
	}
	if _, err := parseHey("nothing useful\n"); err == nil {
		t.Error("want an error without Requests/sec")
	}
}
