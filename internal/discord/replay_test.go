package discord

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// counter is a Responder that counts the REST calls it is asked to make.
type counter struct {
	mu    sync.Mutex
	calls []string
}

func (c *counter) RequestWithBucketID(method, url string, _ any, _ string, _ ...discordgo.RequestOption) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, method+" "+url)
	return []byte(`{}`), nil
}

func (c *counter) n() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.calls)
}

// TestEndpointReplay: a body signed by Discord and sent three times, as a
// replay within the five-minute window, is answered and recorded once; the
// replays get a notice, and no second answer is sent by REST.
func TestEndpointReplay(t *testing.T) {
	base := mustHandler(t)
	for _, tt := range []struct {
		name  string
		delay time.Duration // of the engine; past DeferAfter the answer goes by REST
	}{{"quick answer", 0}, {"deferred answer", 100 * time.Millisecond}} {
		t.Run(tt.name, func(t *testing.T) {
			fb := newMemFeedback()
			h := NewHandler(slog.New(slog.DiscardHandler), slowEngine{base.engines.cur.eng, tt.delay}, Config{Feedback: fb, RatePerMinute: 1000})
			rest := &counter{}
			ep := newTestEndpoint(t, h, HTTPConfig{Responder: rest, DeferAfter: 20 * time.Millisecond})
			body := mustJSON(t, slash(cmdAsk, str(optQuestion, "what did China say about proof?")))
			stamp := time.Now()
			var types []discordgo.InteractionResponseType
			var replies []string
			for range 3 {
				w := serve(ep, signed(t, body, stamp))
				if w.Code != http.StatusOK {
					t.Fatalf("status %d: %s", w.Code, w.Body)
				}
				var resp discordgo.InteractionResponse
				json.Unmarshal(w.Body.Bytes(), &resp)
				types = append(types, resp.Type)
				if resp.Data != nil {
					replies = append(replies, resp.Data.Content)
				}
			}
			if err := ep.Drain(context.Background()); err != nil {
				t.Fatal(err)
			}
			fb.mu.Lock()
			recorded := fb.n
			fb.mu.Unlock()
			if recorded != 1 {
				t.Errorf("recorded %d times, want once", recorded)
			}
			wantREST := 0
			if tt.delay > 0 {
				wantREST = 1
			}
			if n := rest.n(); n != wantREST {
				t.Errorf("REST calls %v, want %d", rest.calls, wantREST)
			}
			for k, ty := range types[1:] {
				if ty != discordgo.InteractionResponseChannelMessageWithSource || replies[len(replies)-2+k] != alreadyAnswered {
					t.Errorf("replay %d answered type %d %q, want the notice %q", k+1, ty, replies, alreadyAnswered)
				}
			}
		})
	}
}

// TestReplaysBounded: the guard forgets an id once its signature has
// expired, and never holds more than its bound.
func TestReplaysBounded(t *testing.T) {
	r := newReplays(3)
	now := time.Unix(1_000_000, 0)
	exp := now.Add(ReplayWindow)
	if ok, _ := r.first("a", now, exp); !ok {
		t.Fatal("first(a) = false for a new id")
	}
	if ok, _ := r.first("a", now.Add(time.Minute), exp); ok {
		t.Error("first(a) = true for a replay within the window")
	}
	if ok, _ := r.first("a", exp.Add(time.Second), exp.Add(ReplayWindow)); !ok {
		t.Error("first(a) = false once its signature expired")
	}
	if ok, _ := r.first("b", exp.Add(2*time.Second), exp.Add(ReplayWindow)); !ok {
		t.Error("first(b) = false for a new id")
	}
	if ok, _ := r.first("a", exp.Add(3*time.Second), exp.Add(ReplayWindow)); ok {
		t.Error("first(a) = true for a replay of its second sighting, after the first was swept")
	}
	var evicted int64
	for k := range 10 {
		_, evicted = r.first(strconv.Itoa(k), exp.Add(time.Second), exp.Add(ReplayWindow))
	}
	if len(r.expires) > 3 || len(r.order) > 3 || evicted == 0 {
		t.Errorf("holds %d ids (%d in order), evicted %d; want at most 3, and evictions counted", len(r.expires), len(r.order), evicted)
	}
}
