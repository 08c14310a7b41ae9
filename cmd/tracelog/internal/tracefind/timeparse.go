package tracefind

import (
	"time"
)

// parseTime parses an RFC 3339 time such as "2026-11-21T18:21:19.123456789Z"
// or "2026-11-21T19:21:19.5+01:00" without allocating. A space may stand
// for the 'T', and 't'/'z' are accepted as RFC 3339 allows. The result is
// in UTC.
func parseTime(b []byte) (time.Time, bool) {
	// "2006-01-02T15:04:05" is 19 bytes, then an optional fraction, then
	// Z or an offset.
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	switch b[10] {
	case 'T', 't', ' ':
	default:
		return time.Time{}, false
	}
	year, ok1 := digits(b[0:4])
	month, ok2 := digits(b[5:7])
	day, ok3 := digits(b[8:10])
	hour, ok4 := digits(b[11:13])
	minute, ok5 := digits(b[14:16])
	sec, ok6 := digits(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, false
	}
	i := 19
	nsec := 0
	if b[i] == '.' || b[i] == ',' {
		i++
		start := i
		scale := 100000000
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			nsec += int(b[i]-'0') * scale
			scale /= 10
			i++
		}
		if i == start {
			return time.Time{}, false
		}
	}
	if i >= len(b) {
		return time.Time{}, false
	}
	offset := 0
	switch b[i] {
	case 'Z', 'z':
		i++
	case '+', '-':
		if len(b)-i != 6 || b[i+3] != ':' {
			return time.Time{}, false
		}
		oh, ok1 := digits(b[i+1 : i+3])
		om, ok2 := digits(b[i+4 : i+6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		offset = (oh*60 + om) * 60
		if b[i] == '-' {
			offset = -offset
		}
		i += 6
	default:
		return time.Time{}, false
	}
	if i != len(b) {
		return time.Time{}, false
	}
	if sec == 60 { // a leap second: keep it in order, as time.Parse does not
		sec = 59
		nsec = 999999999
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// epochTime converts seconds since the Unix epoch (zap's "ts" key) to a
// time. Values above 1e11 are taken as milliseconds.
func epochTime(sec float64) (time.Time, bool) {
	if sec != sec || sec < 0 || sec > 1e15 {
		return time.Time{}, false
	}
	if sec > 1e11 {
		sec /= 1000
	}
	whole := int64(sec)
	frac := sec - float64(whole)
	return time.Unix(whole, int64(frac*1e9+0.5)).UTC(), true
}
