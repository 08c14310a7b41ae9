package grpclog

import (
	"encoding/base64"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/tracelog/tracelog/redact"
)

// metadataFields returns the fields of the allowed metadata keys that get
// returns values for, masked by r. It allocates only for keys present.
func metadataFields(keys, fieldKeys []string, r *redact.Redactor, get func(string) []string) []zapcore.Field {
	var out []zapcore.Field
	for i, k := range keys {
		vals := get(k)
		if len(vals) == 0 {
			continue
		}
		if out == nil {
			out = make([]zapcore.Field, 0, len(keys)-i)
		}
		out = append(out, zap.String(fieldKeys[i], metadataValue(r, k, vals)))
	}
	return out
}

// metadataValue is what is logged for the values of key: the mask for a
// sensitive key, base64 for a binary key, else the values with credentials
// masked, joined with ", ".
func metadataValue(r *redact.Redactor, key string, vals []string) string {
	if r.SensitiveKey(key) {
		return redact.Mask
	}
	// Binary values are checked as the bytes they are, then written as
	// base64 (a secret in them is masked before encoding).
	vals = r.Metadata(key, vals)
	if strings.HasSuffix(key, "-bin") {
		enc := make([]string, len(vals))
		for i, v := range vals {
			enc[i] = base64.StdEncoding.EncodeToString([]byte(v))
		}
		vals = enc
	}
	if len(vals) == 1 {
		return bound(vals[0])
	}
	return bound(strings.Join(vals, ", "))
}
