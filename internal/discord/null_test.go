package discord

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
	"github.com/sourcebot/newsbot/internal/store"
)

// nullBodies are signed interactions whose data holds null where Discord
// sends objects: each gets its ordinary reply, never "something went wrong".
// (discordgo itself refuses a null component, with a 400.)
var nullBodies = map[string]string{
	"ask options [null]":          `{"type":2,"id":"1","application_id":"a","token":"t","version":1,"member":{"user":{"id":"u1"}},"data":{"id":"c","name":"ask","type":1,"options":[null]}}`,
	"compare options [null,...]":  `{"type":2,"id":"1","application_id":"a","token":"t","version":1,"member":{"user":{"id":"u1"}},"data":{"id":"c","name":"compare","type":1,"options":[null,{"name":"question","type":3,"value":"what did China say about proof?"}]}}`,
	"autocomplete options [null]": `{"type":4,"id":"1","application_id":"a","token":"t","version":1,"member":{"user":{"id":"u1"}},"data":{"id":"c","name":"ask","type":1,"options":[null]}}`,
	"more embeds [null]":          `{"type":3,"id":"1","application_id":"a","token":"t","version":1,"member":{"user":{"id":"u1"}},"data":{"custom_id":"more|000_e50f249042850110/2","component_type":2},"message":{"id":"5","channel_id":"6","embeds":[null]}}`,
	"vote components [null]":      `{"type":3,"id":"1","application_id":"a","token":"t","version":1,"member":{"user":{"id":"u1"}},"data":{"custom_id":"up|rec0001","component_type":2},"message":{"id":"5","channel_id":"6","embeds":[null],"components":[{"type":1,"components":[{"type":2,"style":2,"label":"👍","custom_id":"up|rec0001"}]}]}}`,
	"find source message null":    `{"type":2,"id":"1","application_id":"a","token":"t","version":1,"member":{"user":{"id":"u1"}},"data":{"id":"c","name":"Find source","type":3,"target_id":"9","resolved":{"messages":{"9":null}}}}`,
	"member user null":            `{"type":2,"id":"1","application_id":"a","token":"t","version":1,"member":{"user":null},"data":{"id":"c","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"Who is Hua Chunying?"}]}}`,
}

func TestNullElementsNeverPanic(t *testing.T) {
	base := mustHandler(t)
	fb := newMemFeedback()
	fb.Record(context.Background(), store.Interaction{}) // rec0001, for the vote
	h := NewHandler(slog.New(slog.DiscardHandler), base.engines.cur.eng, Config{Feedback: fb, RatePerMinute: 1000})
	ep := newTestEndpoint(t, h, HTTPConfig{})
	for name, body := range nullBodies {
		t.Run(name, func(t *testing.T) {
			w := serve(ep, signed(t, []byte(body), time.Now()))
			if w.Code != 200 || strings.Contains(w.Body.String(), "something went wrong") {
				t.Errorf("status %d: %s", w.Code, w.Body)
			}
		})
	}
	if n := ep.Panics(); n != 0 {
		t.Errorf("%d panics recovered, want none", n)
	}
}

// TestGatewayNullElementsWhenDeferred: slow answers to interactions whose
// data holds null are deferred on the gateway (where a panic outside the
// handler would end the process) and then answered.
func TestGatewayNullElementsWhenDeferred(t *testing.T) {
	fake := discordtest.New(t)
	_, h := startGatewayHandler(t, fake, 200*time.Millisecond)
	ask := fake.SlashCommand("ask")
	ask["data"].(map[string]any)["options"] = []any{nil}
	more := fake.Component("more|000_e50f249042850110/2", nil)
	more["message"].(map[string]any)["embeds"] = []any{nil}
	auto := fake.Autocomplete("ask")
	auto["data"].(map[string]any)["options"] = []any{nil}
	for want, p := range map[string]discordtest.Payload{"Please type a question": ask, "assage": more, "": auto} {
		if err := fake.Dispatch("INTERACTION_CREATE", p); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		st, err := fake.WaitInteraction(ctx, p.ID(), settled)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		var m struct{ Content string }
		if n := len(st.FollowupsJSON); n > 0 {
			json.Unmarshal(st.FollowupsJSON[n-1], &m)
		} else {
			json.Unmarshal(st.OriginalJSON, &m)
		}
		if !strings.Contains(m.Content, want) {
			t.Errorf("reply %q, want one holding %q", m.Content, want)
		}
	}
	if n := h.Panics(); n != 0 {
		t.Errorf("%d panics recovered, want none", n)
	}
}
