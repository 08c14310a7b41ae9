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

// appendAddr renders the IP of an IP address into b without allocating,
// and returns its port; other addresses are returned as their String,
// with port 0.
func appendAddr(b []byte, a net.Addr) (_ []byte, text string, port int, inBuf bool) {
	switch a := a.(type) {
	case *net.TCPAddr:
		if a == nil {
			return b, "", 0, false
		}
		ap := a.AddrPort()
		if !ap.Addr().IsValid() {
			return b, a.String(), 0, false
		}
		ap = netipUnmap(ap)
		return ap.Addr().AppendTo(b), "", int(ap.Port()), true
	case *net.UnixAddr:
		if a == nil {
			return b, "", 0, false
		}
		return b, a.Name, 0, false
	}
	return b, a.String(), 0, false
}
