package discord

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// overrunEngine answers after delay, whatever its deadline: a handler that
// is slow, and still has an answer.
type overrunEngine struct {
	Answerer
	delay time.Duration
}

func (o overrunEngine) Ask(ctx context.Context, q string) (*answer.Answer, error) {
	time.Sleep(o.delay)
	return o.Answerer.Ask(context.WithoutCancel(ctx), q)
}

// ctxResponder records REST calls and fails those whose context is done,
// as an HTTP client would.
type ctxResponder struct{ counter }

func (c *ctxResponder) RequestWithBucketID(method, url string, data any, bucket string, opts ...discordgo.RequestOption) ([]byte, error) {
	cfg := &discordgo.RequestConfig{Request: httptest.NewRequest(method, "/", nil)}
	for _, o := range opts {
		o(cfg)
	}
	if err := cfg.Request.Context().Err(); err != nil {
		return nil, err
	}
	return c.counter.RequestWithBucketID(method, url, data, bucket)
}

// TestLateReplyHasItsOwnBudget: an answer that takes its whole budget is
// still delivered, as the edit of the holding reply, over HTTP and over
// the gateway: the send does not share the answer's deadline.
func TestLateReplyHasItsOwnBudget(t *testing.T) {
	budgets := Budgets{Answer: 150 * time.Millisecond, Send: 5 * time.Second}
	eng := overrunEngine{mustHandler(t).engines.cur.eng, 250 * time.Millisecond}
	body := slash(cmdAsk, str(optQuestion, "what did China say about proof?"))

	t.Run("http", func(t *testing.T) {
		h := NewHandler(slog.New(slog.DiscardHandler), eng, Config{RatePerMinute: 1000})
		rest := &ctxResponder{}
		ep := newTestEndpoint(t, h, HTTPConfig{Responder: rest, DeferAfter: 20 * time.Millisecond, Budgets: budgets})
		serve(ep, signed(t, mustJSON(t, body), time.Now()))
		if err := ep.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		if rest.n() != 1 || !strings.HasSuffix(rest.calls[0], "/@original") {
			t.Errorf("REST calls after the answer overran its budget: %v, want the edit of @original", rest.calls)
		}
	})
	t.Run("gateway", func(t *testing.T) {
		fake := discordtest.New(t)
		h := NewHandler(slog.New(slog.DiscardHandler), eng, Config{RatePerMinute: 1000})
		s, err := NewSession(SessionConfig{Token: discordtest.Token, APIBase: fake.APIBase()})
		if err != nil {
			t.Fatal(err)
		}
		g := NewGateway(slog.New(slog.DiscardHandler), h, s, GatewayConfig{GuildID: discordtest.GuildID, DeferAfter: 20 * time.Millisecond, Budgets: budgets})
		serveUntilDone(t, g)
		p := fake.SlashCommand("ask", discordtest.StringArg("question", "what did China say about proof?"))
		if err := fake.Dispatch("INTERACTION_CREATE", p); err != nil {
			t.Fatal(err)
		}
		st := waitAnswered(t, fake, p.ID())
		if !strings.Contains(st.Original.Embeds[0].Description, "proof") {
			t.Errorf("the answer shown = %+v", st.Original.Embeds[0])
		}
	})
}
