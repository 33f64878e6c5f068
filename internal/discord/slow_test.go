package discord

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// TestSlowCommandsDeferAtOnce: /reload, /gaps, /stats and /timeline, which
// may take longer than Discord's window on a busy machine, get their
// holding reply at once, whatever the threshold for the others; and that
// threshold leaves two of the three seconds spare.
func TestSlowCommandsDeferAtOnce(t *testing.T) {
	if DefaultDeferAfter > time.Second {
		t.Errorf("DefaultDeferAfter = %v, want at most 1 s of Discord's 3", DefaultDeferAfter)
	}
	base := mustHandler(t).engines.cur.eng
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			h := NewHandler(slog.New(slog.DiscardHandler), base, Config{RatePerMinute: 1000, Feedback: newMemFeedback(),
				Load: func(context.Context) (*Loaded, error) {
					time.Sleep(100 * time.Millisecond) // reading the articles
					return &Loaded{Engine: base, Articles: 1, Passages: 1}, nil
				}})
			hs := newHarness(t, mode, h, 0)
			for _, name := range []string{"reload", "gaps", "stats", "timeline"} {
				p := hs.fake.SlashCommand(name)
				p["member"].(map[string]any)["permissions"] = "8224" // Manage Messages, Manage Server
				st := hs.send(p)
				if st.ResponseType != discordgo.InteractionResponseDeferredChannelMessageWithSource {
					t.Errorf("/%s: first reply type %d, want a deferral (5) at once", name, st.ResponseType)
				}
				if m := shown(st); m == nil || m.Content == "" && len(m.Embeds) == 0 {
					t.Errorf("/%s: the answer never replaced the holding reply: %+v", name, m)
				}
			}
			// A quick answer to anything else is not deferred.
			st := hs.send(hs.fake.SlashCommand("ask", discordtest.StringArg("question", "what did China say about proof?")))
			if st.ResponseType != discordgo.InteractionResponseChannelMessageWithSource {
				t.Errorf("/ask: reply type %d, want the answer (4)", st.ResponseType)
			}
		})
	}
}
