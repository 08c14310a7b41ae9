package tracefind_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

func traceLine(msg, time string) string {
	t := ""
	if time != "" {
		t = `"time":"` + time + `",`
	}
	return `{` + t + `"msg":"` + msg + `","trace_id":"` + tid + `","span_id":"` + sid + `"}`
}

func msgs(found []*tracefind.Found) string {
	var out []string
	for _, f := range found {
		out = append(out, string(f.Msg))
	}
	return strings.Join(out, " ")
}

func mustQuery(t *testing.T, s string) tracefind.Query {
	t.Helper()
	q, err := tracefind.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// Lines are merged in time order; equal times keep the order of the inputs
// and of the lines; a line without a time keeps the place of the line
// before it.
func TestFindOrder(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.log")
	b := filepath.Join(dir, "b.log")
	write := func(path string, lines ...string) {
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(a,
		traceLine("a1", "2026-11-21T18:21:19.000000002Z"),
		traceLine("a2", "2026-11-21T18:21:19.000000003Z"),
		traceLine("a3-no-time", ""),
		traceLine("a4", "2026-11-21T18:21:19.000000005Z"),
	)
	write(b,
		traceLine("b1", "2026-11-21T18:21:19.000000001Z"),
		traceLine("b2", "2026-11-21T18:21:19.000000003Z"),
		traceLine("b3", "2026-11-21T19:21:19.000000004+01:00"),
	)
	ins, errs := tracefind.ExpandInputs([]string{a, b}, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	found, _ := tracefind.Find(ins, mustQuery(t, tid))
	if got, want := msgs(found), "b1 a1 a2 a3-no-time b2 b3 a4"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if !found[3].TimeInherited || found[2].TimeInherited {
		t.Error("TimeInherited is not set on the line without a time alone")
	}
}

// The chunked reader finds the same lines whatever the read sizes and the
// line limit, including lines that straddle chunks.
func TestFindReadSizes(t *testing.T) {
	var b strings.Builder
	want := 0
	for i := 0; i < 400; i++ {
		if i%7 == 0 {
			b.WriteString(traceLine("hit", "2026-11-21T18:21:19Z") + "\n")
			want++
		} else {
			b.WriteString(`{"msg":"` + strings.Repeat("x", i%90) + `","trace_id":"0af7651916cd43dd8448eb211c80319c"}` + "\n")
		}
	}
	data := b.String()
	readers := map[string]func() io.Reader{
		"whole":    func() io.Reader { return strings.NewReader(data) },
		"one byte": func() io.Reader { return iotest.OneByteReader(strings.NewReader(data)) },
		"half":     func() io.Reader { return iotest.HalfReader(strings.NewReader(data)) },
		"data+EOF": func() io.Reader { return iotest.DataErrReader(strings.NewReader(data)) },
	}
	for name, r := range readers {
		for _, maxLine := range []int{256, 300, 4096, tracefind.DefaultMaxLine} {
			for _, parallel := range []bool{false, true} {
				ins, _ := tracefind.ExpandInputs([]string{"-"}, r())
				found, res := tracefind.Find(ins, mustQuery(t, tid), tracefind.WithMaxLine(maxLine), tracefind.WithParallel(parallel))
				if len(found) != want || res.Skipped.Total() != 0 || len(res.Errs) != 0 || res.Bytes != int64(len(data)) {
					t.Errorf("%s, max line %d, parallel %v: found %d (want %d), skipped %+v, errors %v, %d bytes",
						name, maxLine, parallel, len(found), want, res.Skipped, res.Errs, res.Bytes)
				}
			}
		}
	}
}

// A read error ends that input (its lines before the error are kept) and
// is returned; other inputs are read.
func TestFindReadErrors(t *testing.T) {
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	for i := 0; i < 50; i++ {
		zw.Write([]byte(traceLine("zipped", "2026-11-21T18:21:19Z") + "\n"))
	}
	zw.Close()
	cut := filepath.Join(dir, "cut.log.gz")
	if err := os.WriteFile(cut, gz.Bytes()[:gz.Len()-12], 0o644); err != nil { // no checksum trailer
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.log")
	if err := os.WriteFile(good, []byte(traceLine("plain", "2026-11-21T18:21:20Z")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ins, errs := tracefind.ExpandInputs([]string{cut, good, filepath.Join(dir, "missing.log")}, nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "missing.log: no such file or directory") {
		t.Errorf("ExpandInputs errors: %v", errs)
	}
	found, res := tracefind.Find(ins, mustQuery(t, tid))
	if len(res.Errs) != 1 || !strings.Contains(res.Errs[0].Error(), "cut.log.gz: unexpected end of data") {
		t.Errorf("errors %v", res.Errs)
	}
	if got := msgs(found); !strings.HasSuffix(got, "zipped plain") || len(found) != 51 {
		t.Errorf("found %d lines: %s", len(found), got)
	}

	ins, _ = tracefind.ExpandInputs([]string{"-"}, iotest.ErrReader(io.ErrClosedPipe))
	if _, res := tracefind.Find(ins, mustQuery(t, tid)); len(res.Errs) != 1 {
		t.Errorf("stdin error: %v", res.Errs)
	}
}
