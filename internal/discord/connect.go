package discord

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Backoff between attempts to connect to the gateway.
const (
	connectBackoff    = time.Second
	connectBackoffMax = 30 * time.Second
)

// errNoReady says the gateway took the connection but never sent READY.
var errNoReady = errors.New("no READY from the Discord gateway")

// connect opens the gateway connection, each attempt bounded by
// ConnectTimeout. A gateway that took the connection and then stalled or
// dropped it is retried with backoff until ctx is done; one that cannot be
// reached at all, or refuses the bot (a bad token, disallowed intents), is
// an error at once: likely a mistake in the configuration.
func (g *Gateway) connect(ctx context.Context) error {
	wait := connectBackoff
	for attempt := 1; ; attempt++ {
		dialled := g.dial.count()
		err := g.openOnce(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || fatalClose(err) || g.dial.count() == dialled {
			return fmt.Errorf("connect to the Discord gateway: %w", err)
		}
		g.log.Warn("gateway: could not connect; retrying", "attempt", attempt, "retry_in", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("connect to the Discord gateway: %w", ctx.Err())
		case <-t.C:
		}
		wait = min(2*wait, connectBackoffMax)
	}
}

// openOnce runs one Open, which waits for HELLO and READY, and ends it by
// closing its socket when ConnectTimeout passes or ctx is done.
func (g *Gateway) openOnce(ctx context.Context) error {
	g.log.Info("gateway: connecting; waiting for HELLO and READY", "timeout", g.cfg.ConnectTimeout)
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				g.h.recovered("gateway open", p)
				done <- fmt.Errorf("panic: %v", p)
			}
		}()
		done <- g.s.Open()
	}()
	timer := time.NewTimer(g.cfg.ConnectTimeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	case <-timer.C:
		g.log.Warn("gateway: no READY in time; the gateway took the connection but did not answer", "timeout", g.cfg.ConnectTimeout)
	}
	g.dial.abort()
	select {
	case <-done: // the socket closed under it
	case <-time.After(2 * time.Second):
		g.log.Warn("gateway: the connection attempt did not stop after its socket was closed")
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("%w within %v", errNoReady, g.cfg.ConnectTimeout)
}

// fatalClose reports a close code from Discord that no retry mends:
// authentication failed, an invalid shard or intents.
func fatalClose(err error) bool {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return false
	}
	switch ce.Code {
	case 4004, 4010, 4011, 4012, 4013, 4014:
		return true
	}
	return false
}

// socketDialer dials the gateway's TCP connections and can close the
// latest, to end an Open that is stuck waiting.
type socketDialer struct {
	mu    sync.Mutex
	last  net.Conn
	dials int // connections made
}

func (d *socketDialer) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.dials
}

func (d *socketDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{Timeout: 10 * time.Second}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.last = c
	d.dials++
	d.mu.Unlock()
	return c, nil
}

func (d *socketDialer) abort() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.last != nil {
		d.last.Close()
	}
}
