package referrals

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"github.com/actionhub/actionhub/domain"
)

// errPrivate refuses an address inside the hub's own network.
var errPrivate = errors.New("the address is private, loopback or link-local, which webhooks may not reach")

// private reports whether a is an address a webhook must not reach unless
// allowed: loopback, private, link-local, unspecified or multicast.
func private(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsUnspecified() || a.IsMulticast() || a.IsInterfaceLocalMulticast() || sharedSpace.Contains(a)
}

// sharedSpace is the carrier-grade NAT range (RFC 6598): not public, and
// where some clouds answer their instance metadata.
var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

// checkHost refuses a URL whose host is a private address literal (or
// "localhost") while private addresses are not allowed. Names are checked
// again on every connection, after they resolve.
func checkHost(raw string, allowPrivate bool) error {
	if allowPrivate {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return domain.Invalid("url", "must be an absolute http or https URL")
	}
	h := u.Hostname()
	if a, err := netip.ParseAddr(h); (err == nil && private(a)) || h == "localhost" {
		return domain.Invalid("url", "names a private or loopback address, which webhooks may not reach")
	}
	return nil
}

// outboundClient posts webhooks: it follows no redirect (a receiver could
// send the signed body elsewhere) and, unless allowPrivate, refuses to
// connect to a private address, checked on the resolved address of every
// connection so a name cannot point inside the network.
func outboundClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second}
	if !allowPrivate {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || private(ap.Addr()) {
				return errPrivate
			}
			return nil
		}
	}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 15 * time.Second,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{Transport: tr, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
