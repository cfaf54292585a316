package httpapi

import (
	"net/netip"
	"strings"
	"testing"
)

func TestClientIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	cases := []struct {
		name, peer, xff, want string
	}{
		{"untrusted peer, spoofed header", "198.51.100.7", "203.0.113.9", "198.51.100.7"},
		{"no header", "10.0.0.2", "", "10.0.0.2"},
		{"one proxy", "10.0.0.2", "198.51.100.7", "198.51.100.7"},
		{"client-written hop ignored", "10.0.0.2", "203.0.113.9, 198.51.100.7", "198.51.100.7"},
		{"chain of proxies", "10.0.0.2", "203.0.113.9, 198.51.100.7, 10.4.0.1", "198.51.100.7"},
		{"garbage hop", "10.0.0.2", "203.0.113.9, bogus", "10.0.0.2"},
		{"garbage past the client", "10.0.0.2", "bogus, 198.51.100.7", "198.51.100.7"},
		{"address with port", "10.0.0.2", "198.51.100.7:443", "10.0.0.2"},
		{"IPv6 client", "fd00::1", "2001:db8::5", "2001:db8::5"},
		{"IPv4 in IPv6 peer", "::ffff:10.0.0.2", "198.51.100.7", "198.51.100.7"},
		{"only proxies", "10.0.0.2", "10.9.9.9, 10.0.0.3", "10.9.9.9"},
		{"zone", "10.0.0.2", "fe80::1%eth0", "10.0.0.2"},
	}
	for _, c := range cases {
		var hops []string
		if c.xff != "" {
			hops = strings.Split(c.xff, ",")
		}
		if got := clientIP(netip.MustParseAddr(c.peer), hops, trusted).String(); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}
