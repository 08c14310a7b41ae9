//go:build e2e

package e2e_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// record is one log line or exported record, in the terms the per-line
// check compares. at is the time in Unix nanoseconds: with service.name and
// the body, it pairs a record with its stdout line.
type record struct {
	service, body, severity string
	traceID, spanID         string
	at                      int64
}

func (r record) key() string { return r.service + "@" + strconv.FormatInt(r.at, 10) + "@" + r.body }

// stdoutRecords reads the shop's stdout lines.
func stdoutRecords(t *testing.T, lines []line) []record {
	t.Helper()
	var out []record
	for _, l := range lines {
		at, err := time.Parse(time.RFC3339Nano, l.s("time"))
		if err != nil {
			t.Errorf("stdout line without a time: %v", l)
			continue
		}
		out = append(out, record{
			service: l.s("service.name"), body: l.s("msg"), severity: l.s("level"),
			traceID: l.s("trace_id"), spanID: l.s("span_id"), at: at.UnixNano(),
		})
	}
	return out
}

// checkPerLine holds that every stdout line has exactly one record in got
// with the same trace ID, span ID, body, severity and service.name, and
// that no record lacks its line.
func checkPerLine(t *testing.T, where string, stdout, got []record) {
	t.Helper()
	byKey := map[string][]record{}
	for _, r := range got {
		byKey[r.key()] = append(byKey[r.key()], r)
	}
	lineKeys := map[string]bool{}
	bad := 0
	for _, l := range stdout {
		if lineKeys[l.key()] {
			t.Errorf("two stdout lines of %s at %d say %q: the check cannot pair them", l.service, l.at, l.body)
		}
		lineKeys[l.key()] = true
		recs := byKey[l.key()]
		switch {
		case len(recs) != 1:
			t.Errorf("%s holds %d records of the stdout line %+v, want 1", where, len(recs), l)
			bad++
		case recs[0] != l:
			t.Errorf("%s: the record of a stdout line differs:\n  line   %+v\n  record %+v", where, l, recs[0])
			bad++
		}
		if bad > 10 {
			t.Fatalf("%s: more than 10 lines differ", where)
		}
	}
	for _, r := range got {
		if !lineKeys[r.key()] {
			t.Errorf("%s holds a record without a stdout line: %+v", where, r)
		}
	}
	if len(got) == 0 {
		t.Errorf("%s holds no record", where)
	}
}

// otlpFile is the part of the file exporter's lines the check reads.
type otlpFile struct {
	ResourceLogs []struct {
		Resource struct {
			Attributes []struct {
				Key   string `json:"key"`
				Value struct {
					StringValue string `json:"stringValue"`
				} `json:"value"`
			} `json:"attributes"`
		} `json:"resource"`
		ScopeLogs []struct {
			LogRecords []struct {
				TimeUnixNano string `json:"timeUnixNano"`
				SeverityText string `json:"severityText"`
				Body         struct {
					StringValue string `json:"stringValue"`
				} `json:"body"`
				TraceID string `json:"traceId"`
				SpanID  string `json:"spanId"`
			} `json:"logRecords"`
		} `json:"scopeLogs"`
	} `json:"resourceLogs"`
}

// fileRecords reads the log records of the Collector's file.
func fileRecords(t *testing.T, path string) []record {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []record
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var req otlpFile
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, rl := range req.ResourceLogs {
			service := ""
			for _, a := range rl.Resource.Attributes {
				if a.Key == "service.name" {
					service = a.Value.StringValue
				}
			}
			for _, sl := range rl.ScopeLogs {
				for _, lr := range sl.LogRecords {
					at, _ := strconv.ParseInt(lr.TimeUnixNano, 10, 64)
					out = append(out, record{
						service: service, body: lr.Body.StringValue, severity: lr.SeverityText,
						traceID: strings.ToLower(lr.TraceID), spanID: strings.ToLower(lr.SpanID), at: at,
					})
				}
			}
		}
	}
	return out
}

// countFileRecords counts the records in the Collector's logs file so far.
func countFileRecords(dir string) int {
	data, err := os.ReadFile(filepath.Join(dir, "logs.jsonl"))
	if err != nil {
		return 0
	}
	return bytes.Count(data, []byte(`"timeUnixNano"`))
}

// victoriaLogs is a VictoriaLogs process the test started.
type victoriaLogs struct {
	addr string
}

func startVictoriaLogs(t *testing.T, bin, dataDir string) *victoriaLogs {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, "-storageDataPath="+dataDir, "-httpListenAddr="+addr, "-loggerLevel=WARN")
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	start(t, cmd)
	waitListening(t, addr, 30*time.Second)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("VictoriaLogs log:\n%s", log.String())
		}
	})
	return &victoriaLogs{addr: addr}
}

// query returns VictoriaLogs' answer to a LogsQL query over the last hour.
func (v *victoriaLogs) query(t *testing.T, q string) []byte {
	t.Helper()
	resp, err := http.PostForm("http://"+v.addr+"/select/logsql/query", url.Values{"query": {q}, "start": {"1h"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("VictoriaLogs query %q: %v %d %s", q, err, resp.StatusCode, body)
	}
	return body
}

// records returns every record VictoriaLogs holds, once it holds want of
// them (or when d has passed).
func (v *victoriaLogs) records(t *testing.T, want int, d time.Duration) []record {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		body := v.query(t, "*")
		if n := bytes.Count(body, []byte("\n")); n >= want || time.Now().After(deadline) {
			return v.parse(t, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (v *victoriaLogs) parse(t *testing.T, body []byte) []record {
	t.Helper()
	var out []record
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var row map[string]string
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("VictoriaLogs answered %q: %v", sc.Text(), err)
		}
		at, err := time.Parse(time.RFC3339Nano, row["_time"])
		if err != nil {
			t.Fatal(fmt.Errorf("VictoriaLogs _time %q: %w", row["_time"], err))
		}
		out = append(out, record{
			service: row["service.name"], body: row["_msg"], severity: row["severity_text"],
			traceID: row["trace_id"], spanID: row["span_id"], at: at.UnixNano(),
		})
	}
	return out
}
