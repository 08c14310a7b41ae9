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
// fraction.
func appendMicros(buf *buffer.Buffer, n int64) {
	if n < 0 {
		buf.AppendByte('-')
		n = -n
	}
	buf.AppendInt(n / 1e6)
	frac := n % 1e6
	if frac == 0 {
		return
	}
	var digits [7]byte
	digits[0] = '.'
	for i := 6; i > 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	end := 7
	for digits[end-1] == '0' {
		end--
	}
	buf.AppendBytes(digits[:end])
}
