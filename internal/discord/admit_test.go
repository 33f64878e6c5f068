package discord

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
)

// gateEngine answers only when let through: it says which question it has
// started on, then waits for release.
type gateEngine struct {
	Answerer
	started chan string
	release chan struct{}
}

func (g gateEngine) Ask(ctx context.Context, q string) (*answer.Answer, error) {
	g.started <- q
	<-g.release
	return g.Answerer.Ask(ctx, q)
}

func newGate(t *testing.T) gateEngine {
	return gateEngine{Answerer: mustHandler(t).engines.cur.eng, started: make(chan string, 16), release: make(chan struct{})}
}

// askFrom is a signed /ask from its own user, with its own interaction id.
func askFrom(t *testing.T, n int, question string) []byte {
	i := slash(cmdAsk, str(optQuestion, question))
	i.ID, i.Member = "ia"+strconv.Itoa(n), member("ua"+strconv.Itoa(n))
	return mustJSON(t, i)
}

// inFlight serves one request on its own goroutine; its recorder arrives
// on the channel when it is answered.
func inFlight(t *testing.T, ep *Endpoint, body []byte) <-chan *httptest.ResponseRecorder {
	done := make(chan *httptest.ResponseRecorder, 1)
	r := signed(t, body, time.Now())
	go func() { done <- serve(ep, r) }()
	return done
}

// waitQueued waits until n interactions wait their turn. It polls a
// count, so it asserts nothing about speed.
func waitQueued(t *testing.T, ep *Endpoint, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for ep.admitted.waiting() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d interactions wait, want %d", ep.admitted.waiting(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// httpReply is the part of an HTTP reply these tests read.
type httpReply struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data *struct {
		Content string                   `json:"content"`
		Flags   discordgo.MessageFlags   `json:"flags"`
		Embeds  []discordgo.MessageEmbed `json:"embeds"`
		Choices []json.RawMessage        `json:"choices"`
	} `json:"data"`
}

func replyOf(t *testing.T, w *httptest.ResponseRecorder) httpReply {
	t.Helper()
	var resp httpReply
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatalf("reply %s: %v", w.Body, err)
	}
	return resp
}

// TestEndpointAnswersOldestFirst: with one answer at a time, interactions
// that arrive while it runs are answered in the order they came, and each
// gets its own answer.
func TestEndpointAnswersOldestFirst(t *testing.T) {
	gate := newGate(t)
	ep := newTestEndpoint(t, NewHandler(slog.New(slog.DiscardHandler), gate, Config{RatePerMinute: 1000}), HTTPConfig{MaxAnswering: 1, MaxWait: time.Minute})
	qs := []string{"what did China say about proof?", "Who is Hua Chunying?", "Which film did Sony withdraw?", "What did Wang Yi tell John Kerry?"}
	var replies []<-chan *httptest.ResponseRecorder
	for n, q := range qs {
		replies = append(replies, inFlight(t, ep, askFrom(t, n, q)))
		if n == 0 {
			if got := <-gate.started; got != q {
				t.Fatalf("started on %q, want %q", got, q)
			}
			continue
		}
		waitQueued(t, ep, n)
	}
	for n, q := range qs {
		if n > 0 {
			if got := <-gate.started; got != q {
				t.Fatalf("answer %d started on %q, want %q (oldest first)", n+1, got, q)
			}
		}
		gate.release <- struct{}{}
		resp := replyOf(t, <-replies[n])
		if resp.Data == nil || len(resp.Data.Embeds) == 0 || resp.Data.Embeds[0].Footer == nil || resp.Data.Embeds[0].Footer.Text != questionFooter(q) {
			t.Errorf("reply %d is not the answer to %q: %+v", n+1, q, resp.Data)
		}
	}
	if n := ep.admitted.waiting(); n != 0 {
		t.Errorf("%d still wait", n)
	}
}

// TestEndpointBusy: an interaction whose turn does not come within MaxWait
// is told, privately and in time, that the bot is busy; it never reaches
// the engine, and the one being answered is unaffected. Autocomplete gets
// an empty list, the only reply valid for it.
func TestEndpointBusy(t *testing.T) {
	gate := newGate(t)
	ep := newTestEndpoint(t, NewHandler(slog.New(slog.DiscardHandler), gate, Config{RatePerMinute: 1000}), HTTPConfig{MaxAnswering: 1, MaxWait: time.Millisecond})
	first := inFlight(t, ep, askFrom(t, 0, "what did China say about proof?"))
	<-gate.started // it holds the only place until released

	resp := replyOf(t, serve(ep, signed(t, askFrom(t, 1, "Who is Hua Chunying?"), time.Now())))
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data == nil ||
		resp.Data.Content != busyText || resp.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("waited too long: %+v, want the private busy notice", resp.Data)
	}
	ac := autocomplete("what did")
	ac.ID = "iac"
	resp = replyOf(t, serve(ep, signed(t, mustJSON(t, ac), time.Now())))
	if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult || resp.Data == nil || len(resp.Data.Choices) != 0 {
		t.Errorf("autocomplete waited too long: type %d %+v, want an empty list", resp.Type, resp.Data)
	}

	gate.release <- struct{}{}
	if resp := replyOf(t, <-first); resp.Data == nil || len(resp.Data.Embeds) == 0 {
		t.Errorf("the interaction let in lost its answer: %+v", resp.Data)
	}
	select {
	case q := <-gate.started:
		t.Errorf("the engine started on %q, which was answered busy", q)
	default:
	}
	if n := ep.busy.Load(); n != 2 {
		t.Errorf("busy count %d, want 2", n)
	}
	// Once free, the next is answered.
	next := inFlight(t, ep, askFrom(t, 2, "Which film did Sony withdraw?"))
	<-gate.started
	gate.release <- struct{}{}
	if resp := replyOf(t, <-next); resp.Data == nil || len(resp.Data.Embeds) == 0 {
		t.Errorf("after the load passed: %+v, want an answer", resp.Data)
	}
}

// TestAdmissionWaitersLeave: a waiter whose request is gone leaves the
// queue, and a place freed goes to the next one still waiting.
func TestAdmissionWaitersLeave(t *testing.T) {
	a := newAdmission(1)
	if !a.admit(context.Background(), time.Minute) {
		t.Fatal("the first was not let in")
	}
	gone, cancel := context.WithCancel(context.Background())
	left := make(chan bool)
	go func() { left <- a.admit(gone, time.Minute) }()
	stays := make(chan bool)
	for a.waiting() != 1 {
		time.Sleep(time.Millisecond)
	}
	go func() { stays <- a.admit(context.Background(), time.Minute) }()
	for a.waiting() != 2 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if <-left {
		t.Error("a waiter whose request was cancelled was let in")
	}
	a.done()
	if !<-stays {
		t.Error("the place freed did not go to the one still waiting")
	}
	a.done()
	if a.free != 1 || a.waiting() != 0 {
		t.Errorf("free %d, waiting %d; want 1, 0", a.free, a.waiting())
	}
}
