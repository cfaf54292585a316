package referrals

import (
	"net/netip"
	"testing"
)

func TestPrivateAddresses(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]bool{
		"127.0.0.1": true, "10.1.2.3": true, "172.16.0.1": true, "192.168.1.1": true,
		"169.254.169.254": true, "100.100.100.200": true, "0.0.0.0": true, "::1": true,
		"::ffff:127.0.0.1": true, "fc00::1": true, "fe80::1": true, "224.0.0.1": true,
		"8.8.8.8": false, "100.128.0.1": false, "2001:4860:4860::8888": false,
	} {
		if got := private(netip.MustParseAddr(addr)); got != want {
			t.Errorf("private(%s) = %v, want %v", addr, got, want)
		}
	}
	for raw, ok := range map[string]bool{
		"https://agency.example/hook": true, "https://localhost/hook": false,
		"http://169.254.169.254/latest": false, "http://[::1]:8080/": false,
	} {
		if err := checkHost(raw, false); (err == nil) != ok {
			t.Errorf("checkHost(%s) = %v, want allowed %v", raw, err, ok)
		}
	}
}
