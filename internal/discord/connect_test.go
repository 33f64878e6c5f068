package discord

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// runGateway runs a gateway against fake with a connect timeout, logging
// to the returned buffer.
// done is closed when Run returns, with its error in *runErr.
func runGateway(t *testing.T, fake *discordtest.Server, timeout time.Duration) (g *Gateway, logs *discordtest.LogBuffer, cancel context.CancelFunc, done <-chan struct{}, runErr *error) {
	t.Helper()
	logs = &discordtest.LogBuffer{}
	s, err := NewSession(SessionConfig{Token: discordtest.Token, APIBase: fake.APIBase()})
	if err != nil {
		t.Fatal(err)
	}
	g = NewGateway(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})), mustHandler(t), s,
		GatewayConfig{GuildID: discordtest.GuildID, ConnectTimeout: timeout})
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	runErr = new(error)
	go func() { *runErr = g.Run(ctx); close(finished) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-finished:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return within 10 s of cancel")
		}
	})
	return g, logs, cancel, finished, runErr
}

// TestGatewayRetriesWithoutReady: a gateway that takes the connection and
// never sends READY is given up on after the connect timeout, logged, and
// retried; the bot then serves.
func TestGatewayRetriesWithoutReady(t *testing.T) {
	fake := discordtest.New(t, discordtest.WithReadyWithheld(1))
	g, logs, _, done, runErr := runGateway(t, fake, 300*time.Millisecond)
	select {
	case <-g.Ready():
	case <-done:
		t.Fatalf("Run: %v\n%s", *runErr, logs)
	case <-time.After(10 * time.Second):
		t.Fatalf("never ready after READY was withheld once:\n%s", logs)
	}
	if fake.Withheld() != 1 || !strings.Contains(logs.String(), "no READY in time") || !strings.Contains(logs.String(), "retrying") {
		t.Errorf("withheld %d; the log does not say what it waited for and that it retried:\n%s", fake.Withheld(), logs)
	}
}

// TestGatewayCancelWhileAwaitingReady: cancelled while the gateway
// withholds READY, Run returns at once and cleanly, at every stage: while
// waiting for READY, and while waiting to retry.
func TestGatewayCancelWhileAwaitingReady(t *testing.T) {
	for _, after := range []time.Duration{200 * time.Millisecond, 700 * time.Millisecond} {
		fake := discordtest.New(t, discordtest.WithReadyWithheld(-1))
		_, logs, cancel, done, runErr := runGateway(t, fake, 500*time.Millisecond)
		time.Sleep(after)
		cancel()
		start := time.Now()
		select {
		case <-done:
			if *runErr != nil {
				t.Errorf("Run after cancel = %v, want nil", *runErr)
			}
		case <-time.After(3 * time.Second):
			t.Fatalf("Run did not return within 3 s of cancel, %v into the wait:\n%s", after, logs)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("Run took %v to return after cancel", d)
		}
		if !strings.Contains(logs.String(), "waiting for HELLO and READY") {
			t.Errorf("the log does not say what it waits for:\n%s", logs)
		}
	}
}
