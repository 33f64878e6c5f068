package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/discord"
	"github.com/sourcebot/newsbot/internal/index"
)

// errNoPublicKey says what is missing and where to find it.
var errNoPublicKey = errors.New("DISCORD_PUBLIC_KEY is not set: copy the public key from the Discord developer portal " +
	"(your application → General Information → Public Key) into the environment or into .env (see .env.example)")

// needPublicKey is http's check: without the key no request can be verified.
func needPublicKey(c *config) error {
	if len(c.PublicKey) == 0 {
		return errNoPublicKey
	}
	return nil
}

func runHTTP(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("http: unexpected argument %q", args[0])
	}
	defer applyServerGC(e)()
	// The token is optional here: follow-ups use the interaction's own token.
	restSession, err := discord.NewSession(discord.SessionConfig{Token: e.cfg.Token, APIBase: e.cfg.APIBase})
	if err != nil {
		return err
	}

	// Listen before loading, so a port already taken fails at once.
	tcp, err := net.Listen("tcp", e.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("http: %w", err)
	}
	ln := newLimitListener(tcp, e.cfg.HTTPMaxConns)
	var loaded atomic.Pointer[articles.Set]
	ep := discord.NewEndpoint(e.log, discord.HTTPConfig{PublicKey: e.cfg.PublicKey, Responder: restSession,
		MaxAnswering: e.cfg.HTTPMaxAnswering, MaxWait: e.cfg.HTTPMaxWait,
		Ready: func() error { return damaged(loaded.Load()) }})
	srv := &http.Server{
		Handler:           ep.Routes(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       httpIdleTimeout,
		ConnState:         ln.connState,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(e.log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(e.stdout, "listening on http://%s (POST /interactions, GET /healthz, GET /readyz)\n", ln.Addr())

	// The store first: a wrong BOT_DB fails before the articles load.
	fb, err := openFeedback(ctx, e)
	if err != nil {
		srv.Close()
		return err
	}
	if fb != nil {
		defer closeFeedback(e, fb)
	}
	lib, err := open(ctx, e)
	if err != nil {
		srv.Close()
		return err
	}
	defer lib.Close()
	loaded.Store(lib)
	h, closeHandler, err := newHandler(e, lib, fb, e.cfg.handler())
	if err != nil {
		srv.Close()
		return err
	}
	defer closeHandler()
	ep.SetHandler(h)
	e.log.Info("ready", "articles", len(lib.Engine.Articles()), "passages", lib.Engine.Passages())

	select {
	case err := <-served:
		return fmt.Errorf("http: %w", err)
	case <-ctx.Done():
	}
	// Let requests in flight, and answers sent after deferring, finish.
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("http shutdown: %w", err)
	}
	if err := ep.Drain(shutdown); err != nil {
		return fmt.Errorf("http shutdown: answers still being sent: %w", err)
	}
	e.log.Info("stopped")
	return nil
}

// damaged is readiness's view of the served index: only the sentinel, as
// /readyz is public; the cause was logged with the question that found it.
func damaged(lib *articles.Set) error {
	if lib != nil && lib.Damaged() != nil {
		return index.ErrDamaged
	}
	return nil
}
