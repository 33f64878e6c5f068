package main

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// The connection limits of `bot http`. Past maxConns a new connection
// waits (in the kernel's backlog, then here) instead of being refused, and
// an idle keep-alive connection is closed to make room for it, so idle
// clients cannot hold every file descriptor while Discord waits.
const (
	defaultMaxConns = 512 // half the usual fd limit of 1,024
	httpIdleTimeout = 30 * time.Second
)

// limitListener caps the connections accepted and not yet closed.
type limitListener struct {
	net.Listener
	slots  chan struct{}
	closed chan struct{}
	once   sync.Once

	mu   sync.Mutex
	idle map[net.Conn]time.Time // keep-alive connections between requests, since when
}

func newLimitListener(ln net.Listener, n int) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, n), closed: make(chan struct{}), idle: map[net.Conn]time.Time{}}
}

// Accept takes the next connection once there is room for it.
func (l *limitListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if !l.acquire() {
		c.Close()
		return nil, net.ErrClosed
	}
	lc := &limitConn{Conn: c}
	lc.release = sync.OnceFunc(func() { l.forget(lc); <-l.slots })
	return lc, nil
}

// acquire takes a slot, closing the longest-idle connection to free one
// while all are taken; false once the listener is closed.
func (l *limitListener) acquire() bool {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case l.slots <- struct{}{}:
			return true
		default:
		}
		l.closeIdlest()
		select {
		case l.slots <- struct{}{}:
			return true
		case <-l.closed:
			return false
		case <-tick.C: // a connection may have turned idle meanwhile
		}
	}
}

func (l *limitListener) closeIdlest() {
	l.mu.Lock()
	var oldest net.Conn
	var since time.Time
	for c, t := range l.idle {
		if oldest == nil || t.Before(since) {
			oldest, since = c, t
		}
	}
	delete(l.idle, oldest)
	l.mu.Unlock()
	if oldest != nil {
		oldest.Close()
	}
}

func (l *limitListener) forget(c net.Conn) {
	l.mu.Lock()
	delete(l.idle, c)
	l.mu.Unlock()
}

// connState is the server's ConnState hook: it tells idle connections.
func (l *limitListener) connState(c net.Conn, s http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s == http.StateIdle {
		l.idle[c] = time.Now()
		return
	}
	delete(l.idle, c)
}

func (l *limitListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// limitConn frees its slot when closed.
type limitConn struct {
	net.Conn
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}
