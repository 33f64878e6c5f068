package discord

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// startGateway runs a gateway over a slow engine against fake Discord.
func startGateway(t *testing.T, fake *discordtest.Server, delay time.Duration) (cancel func() error) {
	t.Helper()
	cancel, _ = startGatewayHandler(t, fake, delay)
	return cancel
}

// startGatewayHandler is startGateway, and returns its handler too; votes
// are kept in memory.
func startGatewayHandler(t *testing.T, fake *discordtest.Server, delay time.Duration) (cancel func() error, h *Handler) {
	t.Helper()
	h = NewHandler(slog.New(slog.DiscardHandler), slowEngine{mustHandler(t).engines.cur.eng, delay}, Config{Feedback: newMemFeedback(), RatePerMinute: 1000})
	s, err := NewSession(SessionConfig{Token: discordtest.Token, APIBase: fake.APIBase()})
	if err != nil {
		t.Fatal(err)
	}
	g := NewGateway(slog.New(slog.DiscardHandler), h, s, GatewayConfig{GuildID: discordtest.GuildID, DeferAfter: 50 * time.Millisecond})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	select {
	case <-g.Ready():
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the gateway never became ready")
	}
	stopped := false
	cancel = func() error {
		if stopped {
			return nil
		}
		stopped = true
		stop()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return within 10s of shutdown")
			return nil
		}
	}
	t.Cleanup(func() { cancel() })
	return cancel, h
}

func TestGatewayDefersSlowAnswers(t *testing.T) {
	fake := discordtest.New(t)
	startGateway(t, fake, 400*time.Millisecond)
	p := fake.SlashCommand("ask", discordtest.StringArg("question", "what did China say about proof?"))
	if err := fake.Dispatch("INTERACTION_CREATE", p); err != nil {
		t.Fatal(err)
	}
	st := waitAnswered(t, fake, p.ID())
	if st.ResponseType != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("first reply type %d, want deferred (5)", st.ResponseType)
	}
	if d := st.RespondedAt.Sub(st.DispatchedAt); d > time.Second {
		t.Errorf("deferred reply took %v, inside Discord's 3 s it must be quick", d)
	}
	if !strings.Contains(st.Original.Embeds[0].Description, "no **proof** yet") || st.Original.Flags&(1<<7) != 0 {
		t.Errorf("edited answer = %+v (flags %d)", st.Original.Embeds[0], st.Original.Flags)
	}
}

func TestGatewayDeferredNoAnswerStaysPrivate(t *testing.T) {
	fake := discordtest.New(t)
	startGateway(t, fake, 300*time.Millisecond)
	p := fake.SlashCommand("ask", discordtest.StringArg("question", "Who won the Super Bowl?"))
	if err := fake.Dispatch("INTERACTION_CREATE", p); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := fake.WaitInteraction(ctx, p.ID(), func(st discordtest.InteractionState) bool { return len(st.Followups) > 0 })
	if err != nil {
		t.Fatal(err)
	}
	if st.Original != nil {
		t.Error("the public holding reply was left in the channel")
	}
	if f := st.Followups[0]; f.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(f.Content, "I don't have that") {
		t.Errorf("follow-up = %+v, want a private no-answer", f)
	}
}

// TestGatewayShutdownFinishesInFlight: shutdown while an answer is being
// worked out lets it finish and be sent, then returns cleanly.
func TestGatewayShutdownFinishesInFlight(t *testing.T) {
	fake := discordtest.New(t)
	stop := startGateway(t, fake, 600*time.Millisecond)
	p := fake.SlashCommand("ask", discordtest.StringArg("question", "Who is Hua Chunying?"))
	if err := fake.Dispatch("INTERACTION_CREATE", p); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := fake.WaitInteraction(ctx, p.ID(), nil); err != nil { // the deferred reply
		t.Fatal(err)
	}
	start := time.Now()
	if err := stop(); err != nil {
		t.Fatalf("Run returned %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %v, want under 5 s", d)
	}
	st, _ := fake.Interaction(p.ID())
	if st.Original == nil || len(st.Original.Embeds) == 0 {
		raw, _ := json.Marshal(st)
		t.Errorf("the in-flight answer was not delivered before shutdown: %s", raw)
	}
}

// waitAnswered waits until the interaction's original message holds an
// answer (after a deferral, once it has been edited in).
func waitAnswered(t *testing.T, fake *discordtest.Server, id string) discordtest.InteractionState {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := fake.WaitInteraction(ctx, id, func(st discordtest.InteractionState) bool {
		return st.Original != nil && len(st.Original.Embeds) > 0
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}
