package tracefind

import "testing"

// Whatever the input, expanding an OTLP request never panics, and every
// line it makes is a JSON object that parses.
func FuzzOTLP(f *testing.F) {
	f.Add([]byte(`{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1","body":{"kvlistValue":{"values":[{"key":"k","value":{"doubleValue":"NaN"}}]}},"attributes":[{"key":"","value":{}}],"traceId":"0102030405060708090a0b0c0d0e0f10"}]}]}]}`))
	f.Add([]byte(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":99,"body":{"arrayValue":{"values":[{"bytesValue":"AQI="},{"boolValue":true}]}},"attributes":[{"key":"code.lineno","value":{"intValue":"x"}}]}]}]}]}`))
	f.Add([]byte(`{"resourceLogs":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !isOTLPLogs(data) {
			return
		}
		var o otlpReader
		_ = o.expand(data, func(line []byte) {
			var r Record
			if err := r.Parse(append([]byte(nil), line...), true); err != nil {
				t.Fatalf("record line %q does not parse: %v", line, err)
			}
		})
	})
}
