package discord

import (
	"reflect"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// buttonID is the custom_id of the button on m whose label starts with
// label, or "".
func buttonID(m *discordgo.Message, label string) (id, fullLabel string) {
	for _, r := range m.Components {
		row, ok := r.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range row.Components {
			if b, ok := c.(*discordgo.Button); ok && strings.HasPrefix(b.Label, label) {
				return b.CustomID, b.Label
			}
		}
	}
	return "", ""
}

// TestVisibility: what a user sees, as Discord applies it, on the
// immediate and the deferred path, over the gateway and HTTP.
func TestVisibility(t *testing.T) {
	for _, mode := range modes {
		for name, path := range paths(t) {
			t.Run(mode+"/"+name, func(t *testing.T) {
				hs := newHarness(t, mode, path.h, path.deferAfter)
				t.Run("private ask stays private", func(t *testing.T) {
					st := hs.send(hs.fake.SlashCommand("ask", discordtest.StringArg("question", "Who is Hua Chunying?"), discordtest.BoolArg("private", true)))
					m := shown(st)
					if m == nil || m.Flags&discordgo.MessageFlagsEphemeral == 0 || len(m.Embeds) != 1 {
						t.Errorf("private /ask shown as %+v", m)
					}
				})
				t.Run("post citation in channel is public", func(t *testing.T) {
					claim := &discordgo.Message{Content: "China admitted it has proof that North Korea hacked Sony"}
					found := shown(hs.send(hs.fake.MessageCommand("Find source", claim)))
					if found == nil || found.Flags&discordgo.MessageFlagsEphemeral == 0 {
						t.Fatalf("Find source shown as %+v, want it private", found)
					}
					post, _ := buttonID(found, "Post citation in channel")
					if post == "" {
						t.Fatalf("no Post citation button on %+v", found)
					}
					m := shown(hs.send(hs.fake.Component(post, found)))
					if m == nil || m.Flags&discordgo.MessageFlagsEphemeral != 0 || !strings.Contains(m.Content, "**Source:** Reuters") {
						t.Errorf("posted citation shown as %+v, want it public", m)
					}
				})
				t.Run("a vote keeps the answer and changes the counts", func(t *testing.T) {
					ask := hs.fake.SlashCommand("ask", discordtest.StringArg("question", "what did China say about proof?"))
					before := shown(hs.send(ask))
					up, _ := buttonID(before, "👍")
					if before == nil || up == "" {
						t.Fatalf("answer %+v has no 👍", before)
					}
					vote := hs.send(hs.fake.Component(up, before))
					if len(vote.Followups) != 0 || vote.Original == nil || vote.Original.ID != before.ID {
						t.Errorf("the vote made a message of its own: %+v", vote)
					}
					now, _ := hs.fake.Interaction(ask.ID())
					after := now.Original
					if after.Content != before.Content || !reflect.DeepEqual(after.Embeds, before.Embeds) || after.Flags != before.Flags {
						t.Errorf("the vote changed the answer:\nbefore %s\nafter  %s", mustJSON(t, before), mustJSON(t, after))
					}
					if _, label := buttonID(after, "👍"); label != "👍 1" {
						t.Errorf("after the vote the button reads %q, want 👍 1", label)
					}
					if id, _ := buttonID(after, "Cite"); id == "" {
						t.Error("the vote dropped the Cite button")
					}
				})
			})
		}
	}
}
