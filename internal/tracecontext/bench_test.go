package tracecontext_test

import (
	"testing"

	"github.com/tracelog/tracelog/internal/tracecontext"
)

func BenchmarkParseTraceparent(b *testing.B) {
	v := []string{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}
	b.ReportAllocs()
	for range b.N {
		if sc, _ := tracecontext.ParseTraceparent(v); !sc.IsValid() {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkFormatTraceparent(b *testing.B) {
	sc, _ := tracecontext.ParseTraceparent([]string{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for range b.N {
		buf = tracecontext.AppendTraceparent(buf[:0], sc)
	}
}
