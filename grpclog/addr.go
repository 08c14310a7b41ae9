package grpclog

import (
	"net"
	"net/netip"
)

// netipUnmap turns an IPv4-mapped IPv6 address into IPv4, as net.IP's
// String shows it, keeping the port.
func netipUnmap(ap netip.AddrPort) netip.AddrPort {
	if a := ap.Addr(); a.Is4In6() {
		return netip.AddrPortFrom(a.Unmap(), ap.Port())
	}
	return ap
}

// appendAddr renders IP addresses into b without allocating; other
// addresses are returned as their String.
func appendAddr(b []byte, a net.Addr) ([]byte, string, bool) {
	switch a := a.(type) {
	case *net.TCPAddr:
		if a == nil {
			return b, "", false
		}
		ap := a.AddrPort()
		if !ap.Addr().IsValid() {
			return b, a.String(), false
		}
		ap = netipUnmap(ap)
		return ap.AppendTo(b), "", true
	case *net.UnixAddr:
		if a == nil {
			return b, "", false
		}
		return b, a.Name, false
	}
	return b, a.String(), false
}
