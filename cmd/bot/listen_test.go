package main

import (
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// serveLimited serves h on a loopback listener capped at n connections,
// as `bot http` does, and returns its URL.
func serveLimited(t *testing.T, n int, h http.Handler) string {
	t.Helper()
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := newLimitListener(tcp, n)
	srv := &http.Server{Handler: h, IdleTimeout: httpIdleTimeout, ConnState: ln.connState}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + tcp.Addr().String()
}

// ownConn is a client with a connection of its own, kept alive.
func ownConn() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
}

func get(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// TestConnectionCapWaits: past the cap, a connection waits for a free
// slot and is then served; none is refused, and no more than the cap are
// served at once.
func TestConnectionCapWaits(t *testing.T) {
	gate := make(chan struct{})
	var now, most atomic.Int32
	url := serveLimited(t, 2, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := now.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		<-gate
		now.Add(-1)
	}))
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := ownConn()
			c.Transport.(*http.Transport).DisableKeepAlives = true
			errs <- get(c, url)
		}()
	}
	time.Sleep(300 * time.Millisecond)
	if n := now.Load(); n != 2 {
		t.Errorf("%d requests served at once with a cap of 2", n)
	}
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a connection past the cap failed instead of waiting: %v", err)
		}
	}
	if m := most.Load(); m > 2 {
		t.Errorf("%d requests served at once, over the cap of 2", m)
	}
}

// TestConnectionCapClosesIdle: when idle keep-alive connections fill the
// cap, a new client (Discord) is served at once, long before they would
// time out, because the longest idle one is closed for it.
func TestConnectionCapClosesIdle(t *testing.T) {
	url := serveLimited(t, 2, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	for range 2 {
		if err := get(ownConn(), url); err != nil { // then left idle, kept alive
			t.Fatal(err)
		}
	}
	start := time.Now()
	if err := get(ownConn(), url); err != nil {
		t.Fatalf("a new client with the cap full of idle connections: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a new client waited %v behind idle connections (idle timeout %v)", d, httpIdleTimeout)
	}
}
