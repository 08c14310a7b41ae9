package httplog_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/tracelog/tracelog/httplog"
)

func TestClientAddress(t *testing.T) {
	proxies := httplog.MustParsePrefixes("10.0.0.0/8", "fd00::/8", "192.0.2.7")
	tests := []struct {
		name    string
		trusted []netip.Prefix
		remote  string
		xff     []string
		fwd     string
		want    string
	}{
		{name: "peer", remote: "203.0.113.9:5555", want: "203.0.113.9"},
		{name: "peer ipv6", remote: "[2001:db8::1]:443", want: "2001:db8::1"},
		{name: "no trusted proxies: XFF ignored", remote: "10.0.0.1:1", xff: []string{"1.1.1.1"}, want: "10.0.0.1"},
		{name: "untrusted peer: XFF ignored", trusted: proxies, remote: "203.0.113.9:1", xff: []string{"1.1.1.1"}, want: "203.0.113.9"},
		{name: "one proxy", trusted: proxies, remote: "10.0.0.1:1", xff: []string{"1.1.1.1"}, want: "1.1.1.1"},
		{name: "two proxies", trusted: proxies, remote: "10.0.0.1:1", xff: []string{"1.1.1.1, 10.0.0.2"}, want: "1.1.1.1"},
		{name: "spoofed left entry", trusted: proxies, remote: "10.0.0.1:1", xff: []string{"6.6.6.6, 1.1.1.1, 10.9.9.9"}, want: "1.1.1.1"},
		{name: "several header lines", trusted: proxies, remote: "10.0.0.1:1", xff: []string{"6.6.6.6", "1.1.1.1", "10.0.0.3"}, want: "1.1.1.1"},
		{name: "all trusted", trusted: proxies, remote: "10.0.0.1:1", xff: []string{"10.1.1.1, 10.0.0.2"}, want: "10.1.1.1"},
		{name: "single address prefix", trusted: proxies, remote: "192.0.2.7:1", xff: []string{"198.51.100.4"}, want: "198.51.100.4"},
		{name: "entry with port", trusted: proxies, remote: "10.0.0.1:1", xff: []string{"1.1.1.1:8080"}, want: "1.1.1.1"},
		{name: "ipv6 entry", trusted: proxies, remote: "[fd00::1]:1", xff: []string{"2001:db8::5, fd00::2"}, want: "2001:db8::5"},
		{name: "garbage entry", trusted: proxies, remote: "10.0.0.1:1", xff: []string{"1.1.1.1, not\x01an-ip"}, want: `not\x01an-ip`},
		{name: "empty entries", trusted: proxies, remote: "10.0.0.1:1", xff: []string{" , ,1.1.1.1,"}, want: "1.1.1.1"},
		{name: "Forwarded", trusted: proxies, remote: "10.0.0.1:1", fwd: `for=6.6.6.6, for="[2001:db8::17]:4711";proto=https, for=10.0.0.2`, want: "2001:db8::17"},
		{name: "Forwarded by ignored", trusted: proxies, remote: "10.0.0.1:1", fwd: `by=10.0.0.1;for=198.51.100.1`, want: "198.51.100.1"},
		{name: "XFF before Forwarded", trusted: proxies, remote: "10.0.0.1:1", xff: []string{"1.1.1.1"}, fwd: "for=6.6.6.6", want: "1.1.1.1"},
		{name: "no port", remote: "pipe", want: "pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, out := newLog(t)
			h := httplog.NewHandler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), log,
				httplog.WithTrustedProxies(tt.trusted...))
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tt.remote
			if tt.xff != nil {
				r.Header["X-Forwarded-For"] = tt.xff
			}
			if tt.fwd != "" {
				r.Header.Set("Forwarded", tt.fwd)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got := out.wait(t, httplog.MessageServer, 1)[0].str("client.address"); got != tt.want {
				t.Errorf("client.address = %q, want %q", got, tt.want)
			}
		})
	}
}

// A huge X-Forwarded-For of trusted hops costs bounded work.
func TestClientAddressBounded(t *testing.T) {
	log, out := newLog(t)
	h := httplog.NewHandler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), log,
		httplog.WithTrustedProxies(netip.MustParsePrefix("10.0.0.0/8")))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "10.0.0.1:1"
	xff := "1.1.1.1"
	for range 1000 {
		xff += ", 10.0.0.9"
	}
	r.Header.Set("X-Forwarded-For", xff)
	h.ServeHTTP(httptest.NewRecorder(), r)
	if got := out.wait(t, httplog.MessageServer, 1)[0].str("client.address"); got != "10.0.0.9" {
		t.Errorf("client.address = %q, want the last examined hop", got)
	}
}

func TestMustParsePrefixes(t *testing.T) {
	got := httplog.MustParsePrefixes("10.1.2.3/8", " 192.0.2.7 ", "::ffff:10.0.0.1", "2001:db8::/32")
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "10.0.0.1/32", "2001:db8::/32"}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("prefix %d = %v, want %s", i, got[i], want[i])
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic on a bad prefix")
		}
	}()
	httplog.MustParsePrefixes("10.0.0.0/99")
}
