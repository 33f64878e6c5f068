package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
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

func runHTTP(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "http")
	addr := fs.String("addr", orDefault(e.get("HTTP_ADDR"), ":8080"), "listen on `ADDR` (env HTTP_ADDR)")
	libOpts := libraryFlags(e, fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("http: unexpected argument %q", rest[0])
	}
	hexKey := e.get("DISCORD_PUBLIC_KEY")
	if hexKey == "" {
		return errNoPublicKey
	}
	e.secrets.add(hexKey)
	key, err := hex.DecodeString(hexKey)
	if err != nil || len(key) != ed25519.PublicKeySize {
		return usagef("DISCORD_PUBLIC_KEY is not a %d-byte hex key", ed25519.PublicKeySize)
	}
	hcfg, err := handlerConfig(e)
	if err != nil {
		return err
	}
	maxConns, err := envInt(e, "HTTP_MAX_CONNS", defaultMaxConns)
	if err != nil {
		return err
	}
	if maxConns < 1 {
		return usagef("HTTP_MAX_CONNS=%d: want at least 1 connection", maxConns)
	}
	token := e.get("DISCORD_TOKEN") // optional here: follow-ups use the interaction's own token
	e.secrets.add(token)
	restSession, err := discord.NewSession(discord.SessionConfig{Token: token, APIBase: e.get("DISCORD_API_BASE")})
	if err != nil {
		return err
	}

	// Listen before loading, so a port already taken fails at once.
	tcp, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("http: %w", err)
	}
	ln := newLimitListener(tcp, maxConns)
	var loaded atomic.Pointer[articles.Set]
	ep := discord.NewEndpoint(e.log, discord.HTTPConfig{PublicKey: key, Responder: restSession, Ready: func() error {
		return damaged(loaded.Load())
	}})
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

	lib, err := open(ctx, e, libOpts)
	if err != nil {
		srv.Close()
		return err
	}
	defer lib.Close()
	loaded.Store(lib)
	h, closeHandler, err := newHandler(ctx, e, lib, libOpts, hcfg)
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
