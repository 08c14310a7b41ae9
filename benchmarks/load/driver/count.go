package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// lineCounts classifies the lines of a server's log file.
type lineCounts struct {
	Lines      int // every line
	Access     int // access lines of the load route
	Handler    int // the handler's lines ("user fetched")
	Health     int // access lines of the health route
	Correlated int // access and handler lines carrying the incoming trace ID
	Bad        int // lines that are not JSON objects
}

// countLines reads a JSON log. An access line is one whose url.path
// (httplog) or path (ginzap) is the route's path.
func countLines(r io.Reader, loadPath, healthPath, handlerMsg, traceID string) (lineCounts, error) {
	var c lineCounts
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		c.Lines++
		var l struct {
			Msg     string `json:"msg"`
			URLPath string `json:"url.path"`
			Path    string `json:"path"`
			TraceID string `json:"trace_id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			c.Bad++
			continue
		}
		path := l.URLPath
		if path == "" {
			path = l.Path
		}
		switch {
		case path == loadPath:
			c.Access++
		case path == healthPath:
			c.Health++
			continue
		case l.Msg == handlerMsg:
			c.Handler++
		default:
			continue
		}
		if l.TraceID == traceID {
			c.Correlated++
		}
	}
	if err := sc.Err(); err != nil {
		return c, fmt.Errorf("reading the log: %w", err)
	}
	return c, nil
}
