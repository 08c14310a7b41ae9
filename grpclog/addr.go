package grpclog

import "net/netip"

// netipUnmap turns an IPv4-mapped IPv6 address into IPv4, as net.IP's
// String shows it, keeping the port.
func netipUnmap(ap netip.AddrPort) netip.AddrPort {
	if a := ap.Addr(); a.Is4In6() {
		return netip.AddrPortFrom(a.Unmap(), ap.Port())
	}
	return ap
}
