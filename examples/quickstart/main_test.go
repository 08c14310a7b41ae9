package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"testing"
)

// The quickstart's lines of the request all share one trace_id, and the
// server's parent_span_id is the client's span_id.
func TestQuickstart(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	done := make(chan []byte)
	go func() { b, _ := io.ReadAll(r); done <- b }()
	runErr := run()
	os.Stdout = stdout
	w.Close()
	out := <-done
	if runErr != nil {
		t.Fatal(runErr)
	}
	byMsg := map[string]map[string]any{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		byMsg[m["msg"].(string)] = m
	}
	client, server, handler := byMsg["http client request"], byMsg["http request"], byMsg["greeting"]
	if client == nil || server == nil || handler == nil {
		t.Fatalf("missing lines: %s", out)
	}
	tid := client["trace_id"]
	if tid == nil || server["trace_id"] != tid || handler["trace_id"] != tid || byMsg["calling the greeter"]["trace_id"] != tid {
		t.Errorf("lines do not share one trace_id:\n%s", out)
	}
	if server["tracelog.parent_span_id"] != client["span_id"] || handler["span_id"] != server["span_id"] {
		t.Errorf("hop IDs: client %v, server %v parent %v, handler %v", client["span_id"], server["span_id"], server["tracelog.parent_span_id"], handler["span_id"])
	}
}
