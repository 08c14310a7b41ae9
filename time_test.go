package tracelog_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog"
)

// The hand-written time encoder writes what time.Format with TimeLayout
// writes, in UTC, for any instant and zone.
func TestTimeEncoderMatchesLayout(t *testing.T) {
	enc := zapcore.NewJSONEncoder(tracelog.EncoderConfig(tracelog.EncodingJSON))
	zones := []*time.Location{time.UTC, time.FixedZone("east", 5*3600+1800), time.FixedZone("west", -8*3600)}
	times := []time.Time{
		time.Date(2026, 11, 21, 18, 21, 19, 0, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), // beyond four digits: the slow path
	}
	// Leap days and century years of the date arithmetic, and the years
	// around the four-digit range.
	for _, y := range []int{-1, 0, 1, 4, 100, 400, 1600, 1900, 1969, 1970, 2000, 2024, 2100, 9999, 10000} {
		for _, md := range [][2]int{{1, 1}, {2, 28}, {2, 29}, {3, 1}, {12, 31}} {
			times = append(times, time.Date(y, time.Month(md[0]), md[1], 0, 0, 0, 0, time.UTC), time.Date(y, time.Month(md[0]), md[1], 23, 59, 59, 999999999, time.UTC))
		}
	}
	for i := 0; i < 2000; i++ {
		times = append(times, time.Unix(rand.Int64N(1<<36)-1<<35, rand.Int64N(1e9)))
	}
	// Every year from 0 to 9999 and beyond.
	first, last := time.Date(-2, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(10002, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for i := 0; i < 20000; i++ {
		times = append(times, time.Unix(first+rand.Int64N(last-first), rand.Int64N(1e9)))
	}
	for _, tm := range times {
		for _, z := range zones {
			in := tm.In(z)
			buf, err := enc.EncodeEntry(zapcore.Entry{Time: in}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]string
			if err := json.Unmarshal(bytes.TrimSpace(buf.Bytes()), &m); err != nil {
				t.Fatalf("%q: %v", buf.String(), err)
			}
			buf.Free()
			if want := in.UTC().Format(tracelog.TimeLayout); in.IsZero() && m["time"] != "" || !in.IsZero() && m["time"] != want {
				t.Fatalf("%v: got %q, want %q", in, m["time"], want)
			}
		}
	}
}

func BenchmarkTimeEncoder(b *testing.B) {
	enc := zapcore.NewJSONEncoder(tracelog.EncoderConfig(tracelog.EncodingJSON))
	now := time.Now()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf, _ := enc.EncodeEntry(zapcore.Entry{Time: now, Message: "x"}, nil)
		buf.Free()
	}
}
