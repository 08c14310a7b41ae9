package jsonenc

import (
	"math"

	"go.uber.org/zap/buffer"
)

// appendFloat64 appends v as strconv.AppendFloat(v, 'f', -1, 64) does
// (the shortest decimal that reads back as v), for finite v.
//
// A value that is a decimal of at most six places and fifteen significant
// digits (a count, a price, a duration in milliseconds from nanoseconds)
// is written from its integer form: such a decimal is the only one of at
// most fifteen significant digits that reads back as v (fifteen decimal
// digits always survive a trip through a float64), so it is the
// shortest. Other values go to strconv, which searches.
func appendFloat64(buf *buffer.Buffer, v float64) {
	const scale = 1e6
	if s := v * scale; s > -1e15 && s < 1e15 {
		n := int64(math.Round(s))
		if math.Float64bits(float64(n)/scale) == math.Float64bits(v) {
			appendMicros(buf, n)
			return
		}
	}
	buf.AppendFloat(v, 64)
}

// appendMicros appends n/1e6 in decimal, without trailing zeros in the
// fraction, written backwards into one array.
func appendMicros(buf *buffer.Buffer, n int64) {
	var b [24]byte
	u := uint64(n)
	if n < 0 {
		u = -u
	}
	i := len(b)
	if frac := u % 1e6; frac != 0 {
		places := 6
		for frac%10 == 0 {
			frac /= 10
			places--
		}
		for ; places > 0; places-- {
			i--
			b[i] = byte('0' + frac%10)
			frac /= 10
		}
		i--
		b[i] = '.'
	}
	for u /= 1e6; ; u /= 10 {
		i--
		b[i] = byte('0' + u%10)
		if u < 10 {
			break
		}
	}
	if n < 0 {
		i--
		b[i] = '-'
	}
	buf.AppendBytes(b[i:])
}
