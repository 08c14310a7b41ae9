package source

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/tracelog/tracelog/cmd/tracelog/internal/tracefind"
)

// LogsQL is the query of r: the trace's ID under every key profile's
// field, or the access and sampler summary lines, in time order for a
// trace (stats needs no order).
func LogsQL(r Request) string {
	if r.Trace == nil {
		return `_msg:=` + strconv.Quote(tracefind.MsgHTTPAccess) +
			` or _msg:=` + strconv.Quote(tracefind.MsgGRPCAccess) +
			` or _msg:` + strconv.Quote(tracefind.MsgSampledPrefix) + `*`
	}
	q := r.Trace
	dec := strconv.FormatUint(q.Low64(), 10)
	var parts []string
	if id, ok := q.TraceID(); ok {
		h := strconv.Quote(id.String())
		parts = []string{
			field(tracefind.KeyTraceID) + ":=" + h,
			field(tracefind.KeyECSTraceID) + ":=" + h,
			// projects/P/traces/ID: ID is one of the value's words.
			field(tracefind.KeyGCPTrace) + ":" + h,
		}
	} else {
		var low [8]byte
		for i := range low {
			low[i] = byte(q.Low64() >> (56 - 8*i))
		}
		suffix := strconv.Quote(hex.EncodeToString(low[:]) + "$")
		for _, k := range []string{tracefind.KeyTraceID, tracefind.KeyECSTraceID, tracefind.KeyGCPTrace} {
			parts = append(parts, field(k)+":~"+suffix)
		}
	}
	parts = append(parts, field(tracefind.KeyDDTraceID)+":="+strconv.Quote(dec))
	return strings.Join(parts, " or ") + " | sort by (_time)"
}

// field quotes a field name for LogsQL.
func field(name string) string { return strconv.Quote(name) }
