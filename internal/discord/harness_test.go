package discord

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/discord/discordtest"
	"github.com/sourcebot/newsbot/internal/store"
)

// harness serves one handler to fake Discord, over the gateway or as an
// HTTP interactions endpoint, and sends interactions as Discord does.
type harness struct {
	t    *testing.T
	fake *discordtest.Server
	h    *Handler
	ep   *Endpoint // nil on the gateway
}

// askChannelID is an ask channel on the gateway: every message there is a
// question, and its answer opens a thread.
const askChannelID = "1300000000000000099"

// modes are the two ways interactions reach the bot.
var modes = []string{"gateway", "http"}

// newHarness serves h over mode, deferring after deferAfter.
func newHarness(t *testing.T, mode string, h *Handler, deferAfter time.Duration, opts ...discordtest.Option) *harness {
	t.Helper()
	fake := discordtest.New(t, append([]discordtest.Option{discordtest.WithPrivilegedIntents()}, opts...)...)
	hs := &harness{t: t, fake: fake, h: h}
	if mode == "http" {
		rest, err := NewSession(SessionConfig{APIBase: fake.APIBase()}) // webhooks carry their own token
		if err != nil {
			t.Fatal(err)
		}
		hs.ep = newTestEndpoint(t, h, HTTPConfig{Responder: rest, DeferAfter: deferAfter})
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			hs.ep.Drain(ctx)
		})
		return hs
	}
	s, err := NewSession(SessionConfig{Token: discordtest.Token, APIBase: fake.APIBase()})
	if err != nil {
		t.Fatal(err)
	}
	g := NewGateway(slog.New(slog.DiscardHandler), h, s, GatewayConfig{GuildID: discordtest.GuildID, DeferAfter: deferAfter,
		AskChannels: []string{askChannelID}})
	serveUntilDone(t, g)
	return hs
}

// serveUntilDone runs g until the test ends, and returns once it is ready.
func serveUntilDone(t *testing.T, g *Gateway) {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	t.Cleanup(func() {
		stop()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("the gateway did not stop within 10 s")
		}
	})
	select {
	case <-g.Ready():
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the gateway never became ready")
	}
}

// send delivers p and returns its state once the user sees its outcome:
// the reply, or after a deferral the edit or the follow-up.
func (hs *harness) send(p discordtest.Payload) discordtest.InteractionState {
	hs.t.Helper()
	if hs.ep != nil {
		status, body, err := hs.fake.DeliverHTTP(hs.ep.Routes(), p, func(r *http.Request, body []byte) {
			*r = *signed(hs.t, body, time.Now())
		})
		if err != nil || status != http.StatusOK {
			hs.t.Fatalf("HTTP delivery: %d %s: %v", status, body, err)
		}
	} else if err := hs.fake.Dispatch("INTERACTION_CREATE", p); err != nil {
		hs.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := hs.fake.WaitInteraction(ctx, p.ID(), settled)
	if err != nil {
		hs.t.Fatal(err)
	}
	return st
}

// settled says the user sees the interaction's outcome.
func settled(st discordtest.InteractionState) bool {
	switch {
	case !st.Responded:
		return false
	case len(st.Followups) > 0:
		return true
	case st.ResponseType == discordgo.InteractionResponseDeferredChannelMessageWithSource:
		return st.Original != nil && st.Original.Flags&(1<<7) == 0
	case st.ResponseType == discordgo.InteractionResponseDeferredMessageUpdate:
		return st.Original != nil && st.Original.EditedTimestamp != nil
	}
	return true
}

// shown is the message the user sees for st: the follow-up if there is
// one, else the original.
func shown(st discordtest.InteractionState) *discordgo.Message {
	if n := len(st.Followups); n > 0 {
		return st.Followups[n-1]
	}
	return st.Original
}

// slowEverything is an engine and a feedback store that take delay over
// each call, so that every interaction is deferred.
type slowEverything struct {
	Answerer
	delay time.Duration
}

func (s slowEverything) Ask(ctx context.Context, q string) (*answer.Answer, error) {
	time.Sleep(s.delay)
	return s.Answerer.Ask(ctx, q)
}

func (s slowEverything) Passage(id string) (answer.Result, bool) {
	time.Sleep(s.delay)
	return s.Answerer.Passage(id)
}

type slowFeedback struct {
	*memFeedback
	delay time.Duration
}

func (s slowFeedback) Vote(ctx context.Context, id, userID string, v store.Vote) (bool, error) {
	time.Sleep(s.delay)
	return s.memFeedback.Vote(ctx, id, userID, v)
}

// paths are the immediate and the deferred path: a handler over the
// embedded articles, fast or slowed past the deferral threshold.
func paths(t *testing.T) map[string]struct {
	h          *Handler
	deferAfter time.Duration
} {
	base := mustHandler(t).engines.cur.eng
	const delay = 150 * time.Millisecond
	return map[string]struct {
		h          *Handler
		deferAfter time.Duration
	}{
		"immediate": {NewHandler(slog.New(slog.DiscardHandler), base, Config{Feedback: newMemFeedback(), RatePerMinute: 1000}), 5 * time.Second},
		"deferred": {NewHandler(slog.New(slog.DiscardHandler), slowEverything{base, delay},
			Config{Feedback: slowFeedback{newMemFeedback(), delay}, RatePerMinute: 1000}), 20 * time.Millisecond},
	}
}
