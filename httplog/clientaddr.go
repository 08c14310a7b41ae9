package httplog

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// MustParsePrefixes parses CIDR prefixes ("10.0.0.0/8", "fd00::/8") or
// single addresses ("192.0.2.7", taken as /32 or /128) for
// [WithTrustedProxies]. It panics on a bad value, as it is meant for
// constant configuration; parse values read at run time with
// netip.ParsePrefix and handle the error.
func MustParsePrefixes(cidrs ...string) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(cidrs))
	for _, s := range cidrs {
		s = strings.TrimSpace(s)
		if strings.Contains(s, "/") {
			out = append(out, netip.MustParsePrefix(s).Masked())
			continue
		}
		a := netip.MustParseAddr(s).Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out
}

// maxForwardedHops bounds the entries of X-Forwarded-For or Forwarded that
// are examined, so that a huge header costs a bounded amount of work.
const maxForwardedHops = 32

// clientAddress returns the client's IP for r. Without trusted proxies it
// is the peer's address. When the peer is a trusted proxy, X-Forwarded-For
// (or, when that is absent, Forwarded) is walked from the right, skipping
// trusted hops: the first untrusted hop is the client. Only the entries
// appended by trusted proxies are believed; what a client sends itself is
// never taken unless every hop after it is trusted. The address is as the
// request has it: the caller redacts it, then bounds it (redactClean).
func clientAddress(r *http.Request, trusted []netip.Prefix) string {
	host := peerHost(r.RemoteAddr)
	if len(trusted) == 0 {
		return host
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer, trusted) {
		return host
	}
	if xff := r.Header["X-Forwarded-For"]; len(xff) > 0 {
		return walkForwarded(xff, trusted, host, forwardedForElem)
	}
	if fwd := r.Header["Forwarded"]; len(fwd) > 0 {
		return walkForwarded(fwd, trusted, host, forwardedElem)
	}
	return host
}

// walkForwarded walks the comma-separated entries of the header lines from
// the right. elem turns an entry into an address text ("" to skip it). It
// returns the first entry that is not a trusted address, or the leftmost
// one when all are trusted, or last (the peer) when there is none.
func walkForwarded(lines []string, trusted []netip.Prefix, last string, elem func(string) string) string {
	hops := 0
	for i := len(lines) - 1; i >= 0; i-- {
		rest := lines[i]
		for rest != "" {
			var e string
			if j := strings.LastIndexByte(rest, ','); j >= 0 {
				e, rest = rest[j+1:], rest[:j]
			} else {
				e, rest = rest, ""
			}
			a := elem(strings.TrimSpace(e))
			if a == "" {
				continue
			}
			if hops++; hops > maxForwardedHops {
				return last
			}
			ip, err := netip.ParseAddr(a)
			if err != nil || !isTrusted(ip, trusted) {
				return a
			}
			last = a
		}
	}
	return last
}

// forwardedForElem reads one X-Forwarded-For entry: an address, possibly
// with a port or in brackets.
func forwardedForElem(e string) string { return stripPort(e) }

// forwardedElem reads the for= parameter of one Forwarded element
// (RFC 7239): for=192.0.2.60;proto=http or for="[2001:db8::17]:4711".
func forwardedElem(e string) string {
	for e != "" {
		var pair string
		pair, e, _ = strings.Cut(e, ";")
		k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "for") {
			continue
		}
		v = strings.Trim(strings.TrimSpace(v), `"`)
		return stripPort(v)
	}
	return ""
}

// stripPort returns the address of "ip", "ip:port", "[ip6]" or
// "[ip6]:port".
func stripPort(s string) string {
	if strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, ']'); i > 0 {
			return s[1:i]
		}
		return s
	}
	if strings.Count(s, ":") == 1 {
		return s[:strings.IndexByte(s, ':')]
	}
	return s
}

// peerHost returns the host of RemoteAddr ("ip:port"), or RemoteAddr as
// it is when it has no port.
func peerHost(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
