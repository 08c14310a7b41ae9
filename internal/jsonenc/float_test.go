package jsonenc

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"go.uber.org/zap/buffer"
)

// TestAppendFloat64 wants strconv's shortest form for decimals of up to
// nine places at every magnitude, their neighbours, and random bits.
func TestAppendFloat64(t *testing.T) {
	pool := buffer.NewPool()
	r := rand.New(rand.NewPCG(1, 2))
	check := func(v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		b := pool.Get()
		defer b.Free()
		appendFloat64(b, v)
		if want := strconv.FormatFloat(v, 'f', -1, 64); b.String() != want {
			t.Fatalf("%v (bits %#x): got %s, want %s", v, math.Float64bits(v), b.String(), want)
		}
	}
	for _, v := range []float64{0, math.Copysign(0, -1), 1, -1, 0.000001, 1e-7, 999999999.999999, 1e9, 1e15, 1e16, math.MaxInt64, 1299, 0.1, 0.3} {
		check(v)
	}
	for range 200000 {
		n := int64(r.Uint64() >> r.IntN(64))
		if r.IntN(2) == 0 {
			n = -n
		}
		v := float64(n) / math.Pow10(r.IntN(10))
		check(v)
		check(math.Nextafter(v, math.Inf(1)))
		check(math.Nextafter(v, math.Inf(-1)))
		check(math.Float64frombits(r.Uint64()))
	}
}
