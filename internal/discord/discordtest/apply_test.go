package discordtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestMessagesApplyAsDiscord: an update (type 7) or an edit (PATCH) with a
// key present replaces that field, and null, "" or [] clears it; an absent
// key keeps it; whether a message is ephemeral never changes after it is
// sent; and @original cannot be edited before the acknowledgement.
func TestMessagesApplyAsDiscord(t *testing.T) {
	srv := New(t, WithoutConformance()) // sends null and "" on purpose
	callback := func(p Payload, body string) {
		t.Helper()
		if err := srv.ExpectHTTP(p); err != nil {
			t.Fatal(err)
		}
		if err := srv.HTTPReply(p, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	patch := func(p Payload, body string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPatch, srv.APIBase()+"/webhooks/"+AppID+"/"+p.Token()+"/messages/@original", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var e struct{ Code int }
		json.Unmarshal(b, &e)
		if e.Code != 0 {
			return e.Code
		}
		return resp.StatusCode
	}
	original := func(p Payload) *discordgo.Message {
		st, _ := srv.Interaction(p.ID())
		return st.Original
	}
	row := func(label string) string {
		return `[{"type":1,"components":[{"type":2,"style":2,"label":"` + label + `","custom_id":"id|` + label + `"}]}]`
	}

	ask := srv.SlashCommand("ask")
	callback(ask, `{"type":4,"data":{"content":"hello","embeds":[{"title":"answer"}],"components":`+row("A")+`}}`)
	m := original(ask)

	vote := srv.Component("id|A", m)
	callback(vote, `{"type":7,"data":{"components":`+row("B")+`}}`)
	if m := original(ask); m.Content != "hello" || len(m.Embeds) != 1 || len(m.Components) != 1 {
		t.Errorf("an update of the components alone changed the rest: %+v", m)
	}

	wipe := srv.Component("id|B", m)
	callback(wipe, `{"type":7,"data":{"content":"","embeds":null}}`)
	if m := original(ask); m.Content != "" || len(m.Embeds) != 0 || len(m.Components) != 1 {
		t.Errorf(`"content":"" and "embeds":null did not clear: %+v`, m)
	}
	if code := patch(ask, `{"components":[],"content":"again"}`); code != http.StatusOK {
		t.Fatalf("PATCH = %d", code)
	}
	if m := original(ask); m.Content != "again" || len(m.Components) != 0 {
		t.Errorf(`"components":[] did not clear: %+v`, m)
	}

	// Ephemeral sticks, through an edit and an update.
	secret := srv.SlashCommand("ask")
	callback(secret, `{"type":4,"data":{"content":"secret","flags":64}}`)
	patch(secret, `{"content":"still secret","flags":0}`)
	if m := original(secret); m.Flags&discordgo.MessageFlagsEphemeral == 0 || m.Content != "still secret" {
		t.Errorf("an edit made an ephemeral message public: %+v", m)
	}
	public := srv.SlashCommand("ask")
	callback(public, `{"type":4,"data":{"content":"public","components":`+row("C")+`}}`)
	callback(srv.Component("id|C", original(public)), `{"type":7,"data":{"content":"x","flags":64}}`)
	if m := original(public); m.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Errorf("an update made a public message ephemeral: %+v", m)
	}
	deferred := srv.SlashCommand("ask")
	callback(deferred, `{"type":5,"data":{"flags":64}}`)
	patch(deferred, `{"content":"late"}`)
	if m := original(deferred); m.Flags&discordgo.MessageFlagsEphemeral == 0 || m.Flags&flagLoading != 0 {
		t.Errorf("a deferred private reply, edited: flags %d", m.Flags)
	}

	// A thread name is 1–100 characters, an emoji counting as two.
	for name, want := range map[string]int{strings.Repeat("👍", 50): http.StatusCreated, strings.Repeat("👍", 51): http.StatusBadRequest, "": http.StatusBadRequest} {
		b, _ := json.Marshal(map[string]any{"name": name})
		req, _ := http.NewRequest(http.MethodPost, srv.APIBase()+"/channels/"+ChannelID+"/messages/1/threads", strings.NewReader(string(b)))
		req.Header.Set("Authorization", "Bot "+Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("thread named %d emoji: status %d, want %d", len([]rune(name)), resp.StatusCode, want)
		}
	}

	// Before the acknowledgement there is no webhook to edit.
	early := srv.SlashCommand("ask")
	if err := srv.ExpectHTTP(early); err != nil {
		t.Fatal(err)
	}
	if code := patch(early, `{"content":"too soon"}`); code != 10015 {
		t.Errorf("edit before the acknowledgement = %d, want 10015 Unknown Webhook", code)
	}
}
