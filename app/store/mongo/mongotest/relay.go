package mongotest

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
)

// Relay is a TCP relay in front of a MongoDB server that a test can cut and
// restore, to see how clients live through an outage: Down drops the
// listener and every connection at once, as a lost network does, and Up
// listens again at the same address.
type Relay struct {
	tb     testing.TB
	target string
	addr   string
	uri    string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]struct{}
}

// NewRelay starts a relay on a free local port in front of the single server
// named by uri; it is cut when the test ends.
func NewRelay(tb testing.TB, uri string) *Relay {
	tb.Helper()
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		tb.Fatalf("mongotest: relay needs a mongodb://host:port URI")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("mongotest: relay: %v", err)
	}
	r := &Relay{tb: tb, target: u.Host, addr: ln.Addr().String(), ln: ln, conns: map[net.Conn]struct{}{}}
	u.Host = r.addr
	q := u.Query()
	q.Set("directConnection", "true") // a replica set's members would bypass the relay
	u.RawQuery = q.Encode()
	r.uri = u.String()
	go r.serve(ln)
	tb.Cleanup(r.Down)
	return r
}

// URI returns the URI that reaches the server through the relay.
func (r *Relay) URI() string { return r.uri }

// Down closes the listener and every relayed connection.
func (r *Relay) Down() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln != nil {
		_ = r.ln.Close()
		r.ln = nil
	}
	for c := range r.conns {
		_ = c.Close()
		delete(r.conns, c)
	}
}

// Up listens again at the relay's address.
func (r *Relay) Up() {
	r.tb.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln != nil {
		return
	}
	ln, err := net.Listen("tcp", r.addr)
	if err != nil {
		r.tb.Fatalf("mongotest: relay listen again on %s: %v", r.addr, err)
	}
	r.ln = ln
	go r.serve(ln)
}

func (r *Relay) serve(ln net.Listener) {
	for {
		client, err := ln.Accept()
		if err != nil {
			return // closed by Down
		}
		server, err := net.Dial("tcp", r.target)
		if err != nil {
			_ = client.Close()
			continue
		}
		if !r.track(ln, client, server) {
			continue
		}
		go r.pipe(client, server)
		go r.pipe(server, client)
	}
}

// track records a relayed pair, or closes it when Down ran since ln accepted it.
func (r *Relay) track(ln net.Listener, conns ...net.Conn) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln != ln {
		for _, c := range conns {
			_ = c.Close()
		}
		return false
	}
	for _, c := range conns {
		r.conns[c] = struct{}{}
	}
	return true
}

func (r *Relay) pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	_ = dst.Close()
	_ = src.Close()
	r.mu.Lock()
	delete(r.conns, dst)
	delete(r.conns, src)
	r.mu.Unlock()
}
