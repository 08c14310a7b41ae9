//go:build e2e

package e2e_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Secrets the test plants in requests; none may reach a log line, on
// stdout or in the collector's files.
const (
	plantedPassword = "planted-password-7f3a"
	plantedToken    = "planted-token-91bc"
	plantedCard     = "4111 1111 1111 1111"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// process is a child process the test started; stop ends it by PID.
type process struct {
	cmd  *exec.Cmd
	done chan error
}

func start(t *testing.T, cmd *exec.Cmd) *process {
	t.Helper()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	p := &process{cmd: cmd, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() { p.stop(t) })
	return p
}

// stop sends SIGTERM, waits, and kills the process group if it lingers.
func (p *process) stop(t *testing.T) {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		t.Errorf("pid %d did not stop on SIGTERM: killed", p.cmd.Process.Pid)
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
}

func waitListening(t *testing.T, addr string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nothing listens on %s after %v", addr, d)
}

func assertClosed(t *testing.T, addrs ...string) {
	t.Helper()
	for _, a := range addrs {
		if c, err := net.DialTimeout("tcp", a, 200*time.Millisecond); err == nil {
			c.Close()
			t.Errorf("%s still listens after the test stopped everything", a)
		}
	}
}

type line map[string]any

func (l line) s(k string) string { v, _ := l[k].(string); return v }

func parseLines(t *testing.T, data []byte) []line {
	t.Helper()
	var out []line
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Errorf("stdout line is not JSON: %q", sc.Text())
			continue
		}
		out = append(out, l)
	}
	return out
}

// TestShopThroughPipeline runs examples/shop into a real pipeline: the
// OpenTelemetry Collector (OTLP in; out to files and, over OTLP/HTTP, to
// VictoriaLogs), and checks every stdout line against its exported record
// in the Collector's file and in VictoriaLogs, and the tracelog command's
// tree from each.
func TestShopThroughPipeline(t *testing.T) {
	collector, vlogs := os.Getenv("TRACELOG_OTELCOL"), os.Getenv("TRACELOG_VICTORIALOGS")
	if collector == "" || vlogs == "" {
		t.Skip("TRACELOG_OTELCOL or TRACELOG_VICTORIALOGS is not set (build them with .ci/otelcol and .ci/victorialogs)")
	}
	root := repoRoot(t)
	dir := t.TempDir()
	outDir := filepath.Join(dir, "otelcol-out")
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}

	// 0. VictoriaLogs, on loopback with a data directory of its own.
	vl := startVictoriaLogs(t, vlogs, filepath.Join(dir, "vlogs"))

	// 1. The collector, with the example's own configuration and its
	// VictoriaLogs overlay.
	grpcAddr, httpAddr := freeAddr(t), freeAddr(t)
	col := exec.Command(collector, "--config", filepath.Join(root, "examples/collector/config.yaml"),
		"--config", filepath.Join(root, "examples/collector/victorialogs.yaml"))
	col.Env = append(os.Environ(), "OTELCOL_OUT="+outDir, "OTLP_GRPC_ENDPOINT="+grpcAddr, "OTLP_HTTP_ENDPOINT="+httpAddr,
		"VICTORIALOGS_ADDR="+vl.addr)
	var colLog bytes.Buffer
	col.Stdout, col.Stderr = &colLog, &colLog
	colProc := start(t, col)
	waitListening(t, httpAddr, 30*time.Second)

	// 2. The shop, built once, exporting to the collector.
	shopBin := filepath.Join(dir, "shop")
	build := exec.Command("go", "build", "-o", shopBin, "./shop")
	build.Dir = filepath.Join(root, "examples") // a module of its own
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./examples/shop: %v\n%s", err, out)
	}
	fe, or, pa := freeAddr(t), freeAddr(t), freeAddr(t)
	shop := exec.Command(shopBin, "-demo=false", "-frontend", fe, "-orders", or, "-payments", pa)
	shop.Env = append(os.Environ(),
		"OTEL_EXPORTER_OTLP_ENDPOINT=http://"+httpAddr,
		"OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
		"OTEL_BSP_SCHEDULE_DELAY=200", "OTEL_BLRP_SCHEDULE_DELAY=200",
		"LOG_LEVEL=info", "LOG_FORMAT=json")
	var stdout, stderr bytes.Buffer
	shop.Stdout, shop.Stderr = &stdout, &stderr
	shopProc := start(t, shop)
	waitListening(t, fe, 30*time.Second)

	// 3. A bounded batch: normal, failing, slow and health requests.
	client := &http.Client{Timeout: 10 * time.Second}
	send := func(method, path, body string) (int, string) {
		req, err := http.NewRequest(method, "http://"+fe+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+plantedToken)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, resp.Header.Get("X-Trace-Id")
	}
	checkout := func(item string) string {
		return fmt.Sprintf(`{"item":%q,"cents":1299,"card":%q,"password":%q}`, item, plantedCard, plantedPassword)
	}
	type sent struct {
		item   string
		status int
		trace  string
	}
	var checkouts []sent
	for _, item := range []string{"book", "lamp", "mug", "declined", "declined", "slow"} {
		status, trace := send(http.MethodPost, "/checkout", checkout(item))
		checkouts = append(checkouts, sent{item, status, trace})
	}
	healthTraces := map[string]bool{}
	const healthChecks = 25
	for i := 0; i < healthChecks; i++ {
		status, trace := send(http.MethodGet, "/healthz", "")
		if status != http.StatusOK || len(trace) != 32 {
			t.Fatalf("healthz: %d, X-Trace-Id %q (a sampled-out request still returns it)", status, trace)
		}
		healthTraces[trace] = true
	}

	// 4. Stop the shop (it flushes its exporters), let the collector write,
	// then stop the collector: every process by PID.
	shopProc.stop(t)
	if shop.ProcessState.ExitCode() != 0 {
		t.Errorf("shop exited with %d: %s", shop.ProcessState.ExitCode(), stderr.String())
	}
	stdoutLines := bytes.Count(stdout.Bytes(), []byte("\n"))
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) && !(fileHas(outDir, "traces.jsonl") && countFileRecords(outDir) >= stdoutLines) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // a batch too many would show
	colProc.stop(t)
	fileRecs := fileRecords(t, filepath.Join(outDir, "logs.jsonl"))
	vlRecs := vl.records(t, len(fileRecs), 20*time.Second)
	assertClosed(t, grpcAddr, httpAddr, fe, or, pa)

	// 5. Assertions on stdout.
	lines := parseLines(t, stdout.Bytes())
	if len(lines) == 0 {
		t.Fatalf("no stdout lines; stderr:\n%s", stderr.String())
	}
	byTrace := map[string][]line{}
	for _, l := range lines {
		byTrace[l.s("trace_id")] = append(byTrace[l.s("trace_id")], l)
	}
	for _, c := range checkouts {
		ls := byTrace[c.trace]
		services := map[string]bool{}
		for _, l := range ls {
			services[l.s("service.name")] = true
		}
		for _, svc := range []string{"frontend", "orders", "payments"} {
			if !services[svc] {
				t.Errorf("checkout %s (trace %s, status %d): no %s line; lines: %v", c.item, c.trace, c.status, svc, ls)
			}
		}
		if c.item == "declined" && c.status < 500 {
			t.Errorf("a declined checkout answered %d", c.status)
		}
	}
	// Errors are present; sampled-out health checks are absent.
	errorsSeen, health := 0, 0
	for _, l := range lines {
		if l.s("level") == "error" {
			errorsSeen++
		}
		if l.s("msg") == "http request" && l.s("service.name") == "frontend" && l.s("url.path") == "/healthz" {
			health++
		}
	}
	if errorsSeen == 0 {
		t.Error("no error line was written for the declined checkouts")
	}
	if health == 0 || health >= healthChecks {
		t.Errorf("health access lines: %d of %d (want the sampler to keep 1 per 10 s)", health, healthChecks)
	}

	// 6. The collector's files hold the spans and log records of those
	// requests, with the same trace IDs.
	spanTraces := otlpTraceIDs(t, filepath.Join(outDir, "traces.jsonl"), "resourceSpans", "scopeSpans", "spans")
	logTraces := otlpTraceIDs(t, filepath.Join(outDir, "logs.jsonl"), "resourceLogs", "scopeLogs", "logRecords")
	// The export follows the sampling decisions: only the health checks
	// kept on stdout have log records.
	exportedHealth := 0
	for trace := range healthTraces {
		if logTraces[trace] > 0 {
			exportedHealth++
		}
	}
	if exportedHealth != health {
		t.Errorf("the collector holds log records of %d health checks, stdout has %d: sampled-out lines were exported", exportedHealth, health)
	}
	for _, c := range checkouts {
		if spanTraces[c.trace] < 3 {
			t.Errorf("checkout %s: the collector holds %d spans of trace %s, want at least 3 (one per service)", c.item, spanTraces[c.trace], c.trace)
		}
	}

	// 6b. Per line: every stdout line has exactly one record in the
	// Collector's file and one in VictoriaLogs, with the same trace ID,
	// span ID, body, severity and service.name; no record lacks its line.
	std := stdoutRecords(t, lines)
	checkPerLine(t, "the collector's file", std, fileRecs)
	checkPerLine(t, "VictoriaLogs", std, vlRecs)

	// 7. No planted secret anywhere.
	files := map[string][]byte{"stdout": stdout.Bytes(), "stderr": stderr.Bytes(), "VictoriaLogs": vl.query(t, "*")}
	for _, f := range []string{"traces.jsonl", "logs.jsonl"} {
		b, err := os.ReadFile(filepath.Join(outDir, f))
		if err != nil {
			t.Fatal(err)
		}
		files[f] = b
	}
	for name, data := range files {
		for _, secret := range []string{plantedPassword, plantedToken, plantedCard, strings.ReplaceAll(plantedCard, " ", "")} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s contains the planted secret %q", name, secret)
			}
		}
	}
	// 8. The tracelog command rebuilds each checkout as a tree of the
	// three services from the shop's own output.
	logFile := filepath.Join(dir, "shop.log")
	if err := os.WriteFile(logFile, stdout.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cli := filepath.Join(dir, "tracelog")
	build = exec.Command("go", "build", "-o", cli, "./cmd/tracelog")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/tracelog: %v\n%s", err, out)
	}
	for _, c := range checkouts {
		out, err := exec.Command(cli, "tree", "--color=never", c.trace, logFile).CombinedOutput()
		if err != nil {
			t.Errorf("tracelog tree %s: %v\n%s", c.trace, err, out)
			continue
		}
		tree := string(out)
		for _, want := range []string{"frontend", "orders", "payments", "POST /checkout", "shop.Orders/Create", "POST /charge"} {
			if !strings.Contains(tree, want) {
				t.Errorf("tree of checkout %s lacks %q:\n%s", c.item, want, tree)
			}
		}
		if strings.Contains(tree, "not found") {
			t.Errorf("tree of checkout %s has a hop whose parent is missing:\n%s", c.item, tree)
		}
		// The same tree, and the same lines, from the store and from the
		// Collector's file as from stdout.
		for _, cmd := range []string{"tree", "grep"} {
			want := tree
			if cmd == "grep" {
				want = tracelogOutput(t, cli, "grep", "--color=never", c.trace, logFile)
			}
			for name, args := range pipelineInputs(vl.addr, outDir) {
				if got := tracelogOutput(t, cli, append([]string{cmd, "--color=never", c.trace}, args...)...); got != want {
					t.Errorf("tracelog %s of checkout %s from %s:\n%s\nfrom stdout:\n%s", cmd, c.item, name, got, want)
				}
			}
		}
	}
	// Per route, the same figures.
	want := tracelogOutput(t, cli, "stats", logFile)
	for name, args := range pipelineInputs(vl.addr, outDir) {
		if got := tracelogOutput(t, cli, append([]string{"stats"}, args...)...); got != want {
			t.Errorf("tracelog stats from %s:\n%s\nfrom stdout:\n%s", name, got, want)
		}
	}
	if t.Failed() {
		t.Logf("collector log:\n%s", colLog.String())
	}
}

// pipelineInputs are the arguments that read the pipeline's outputs: the
// store and the Collector's file (whose lines are whole export requests).
func pipelineInputs(vlAddr, outDir string) map[string][]string {
	return map[string][]string{
		"VictoriaLogs":         {"--source", "http://" + vlAddr},
		"the collector's file": {"--max-line", "67108864", filepath.Join(outDir, "logs.jsonl")},
	}
}

// tracelogOutput runs the tracelog command and returns its stdout; it
// must succeed with nothing on stderr.
func tracelogOutput(t *testing.T, cli string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(cli, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("tracelog %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func fileHas(dir, name string) bool {
	st, err := os.Stat(filepath.Join(dir, name))
	return err == nil && st.Size() > 0
}

// otlpTraceIDs counts the records per trace ID in a file exporter's JSON
// lines (one OTLP export request per line).
func otlpTraceIDs(t *testing.T, path, resourceKey, scopeKey, recordKey string) map[string]int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var req map[string][]map[string]any
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, rs := range req[resourceKey] {
			scopes, _ := rs[scopeKey].([]any)
			for _, s := range scopes {
				recs, _ := s.(map[string]any)[recordKey].([]any)
				for _, r := range recs {
					if id, _ := r.(map[string]any)["traceId"].(string); id != "" {
						out[strings.ToLower(id)]++
					}
				}
			}
		}
	}
	return out
}
