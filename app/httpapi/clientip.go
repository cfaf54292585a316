package httpapi

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// localClientIP is the fiber.Ctx local holding the client's address.
const localClientIP = "client_ip"

// clientAddress works out, once per request, the address every later step
// uses (throttling, the activity log, the access log).
func clientAddress(trusted []netip.Prefix) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var hops []string
		for _, v := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
			hops = append(hops, strings.Split(string(v), ",")...)
		}
		peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
		c.Locals(localClientIP, clientIP(peer, hops, trusted).String())
		return c.Next()
	}
}

// ip returns the client's address worked out by clientAddress.
func ip(c *fiber.Ctx) string {
	s, _ := c.Locals(localClientIP).(string)
	return s
}

// clientIP is the socket peer, unless the peer is a trusted proxy: then the
// right-most X-Forwarded-For hop that is not itself a trusted proxy. Hops
// to its left were written by the client and prove nothing. A hop that is
// not an address means the header cannot be trusted: the peer is used.
func clientIP(peer netip.Addr, hops []string, trusted []netip.Prefix) netip.Addr {
	peer = peer.Unmap()
	if !inAny(peer, trusted) {
		return peer
	}
	addr := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil || a.Zone() != "" {
			return peer
		}
		addr = a.Unmap()
		if !inAny(addr, trusted) {
			return addr
		}
	}
	return addr // every hop is a proxy: the left-most one is the client
}

func inAny(a netip.Addr, ps []netip.Prefix) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientIP is the client's address as every part of the server records it,
// for the pages mounted beside the API.
func ClientIP(c *fiber.Ctx) string { return ip(c) }
