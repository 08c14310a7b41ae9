package main

import (
	"bufio"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// heyResult is what the driver reads from hey's summary.
type heyResult struct {
	RPS       float64
	P99       time.Duration
	Responses map[int]int // by status code
	Errors    int         // requests that got no response
}

// Completed is the number of requests that got a response.
func (h heyResult) Completed() int {
	n := 0
	for _, c := range h.Responses {
		n += c
	}
	return n
}

var (
	reRPS    = regexp.MustCompile(`^Requests/sec:\s+([0-9.]+)$`)
	reP99    = regexp.MustCompile(`^99%+ in ([0-9.]+) secs$`) // hey prints "99%%"
	reStatus = regexp.MustCompile(`^\[(\d+)\]\s+(\d+) responses$`)
	reError  = regexp.MustCompile(`^\[(\d+)\]\s+`)
)

// parseHey reads hey's default (summary) output.
func parseHey(out string) (heyResult, error) {
	r := heyResult{Responses: map[int]int{}}
	var section string
	var haveRPS bool
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasSuffix(line, ":") && !strings.Contains(line, "\t"):
			section = line
			continue
		case section == "Error distribution:":
			if m := reError.FindStringSubmatch(line); m != nil {
				n, _ := strconv.Atoi(m[1])
				r.Errors += n
			}
			continue
		}
		if m := reRPS.FindStringSubmatch(line); m != nil {
			v, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				return r, fmt.Errorf("hey: requests/sec %q: %w", m[1], err)
			}
			r.RPS, haveRPS = v, true
		} else if m := reP99.FindStringSubmatch(line); m != nil {
			v, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				return r, fmt.Errorf("hey: p99 %q: %w", m[1], err)
			}
			r.P99 = time.Duration(v * float64(time.Second))
		} else if m := reStatus.FindStringSubmatch(line); m != nil && section == "Status code distribution:" {
			code, _ := strconv.Atoi(m[1])
			n, _ := strconv.Atoi(m[2])
			r.Responses[code] += n
		}
	}
	if !haveRPS {
		return r, fmt.Errorf("hey: no Requests/sec in the output")
	}
	return r, nil
}
