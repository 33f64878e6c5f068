package discord

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// corpora are the articles the conformance test answers from: the
// embedded ones, and an awkward set (testdata/awkward: a 400-character
// headline, a 2,200-character URL, a 4,090-character paragraph and one
// dense with markdown characters).
var corpora = map[string]struct {
	dir       string
	questions []string
}{
	"seed":    {"", []string{"what did China say about proof?", "What did Wang Yi tell John Kerry?"}},
	"awkward": {"../../testdata/awkward", []string{"what did the ministry say about proof and the hacking", "did China oppose the hacking?"}},
}

// TestConformance drives every kind of payload the bot sends (command
// registration, every command, each button, autocomplete, deferrals,
// edits, follow-ups, a mention, an ask-channel thread) through fake
// Discord, over the gateway and HTTP, immediate and deferred, on both
// corpora. The fake checks each body against Discord's OpenAPI schema for
// its route and the documented rules and limits the schema does not state
// (see discordtest/conform.go), and refuses what Discord refuses; here
// every call must also have succeeded.
func TestConformance(t *testing.T) {
	for cname, corpus := range corpora {
		lib, err := articles.Load(context.Background(), corpus.dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { lib.Close() })
		for _, mode := range modes {
			for _, path := range []string{"immediate", "deferred"} {
				t.Run(cname+"/"+mode+"/"+path, func(t *testing.T) {
					var eng Answerer = lib.Engine
					after := 5 * time.Second
					var fb Feedback = newMemFeedback()
					if path == "deferred" {
						eng, after = slowEverything{lib.Engine, 60 * time.Millisecond}, 10*time.Millisecond
						fb = slowFeedback{newMemFeedback(), 60 * time.Millisecond}
					}
					h := NewHandler(slog.New(slog.DiscardHandler), eng, Config{Examples: lib.Examples, RatePerMinute: 1000, Feedback: fb,
						Load: func(context.Context) (*Loaded, error) {
							return &Loaded{Engine: eng, Examples: lib.Examples, Articles: 1, Passages: 1}, nil
						}})
					hs := newHarness(t, mode, h, after)
					conformanceScript(t, hs, corpus.questions)
					for _, c := range hs.fake.Calls() {
						if c.Status >= 300 && c.Status != http.StatusTooManyRequests {
							t.Errorf("%v: %s\n\tbody: %.600s", c, c.Response, c.Payload())
						}
					}
				})
			}
		}
	}
}

func conformanceScript(t *testing.T, hs *harness, questions []string) {
	f := hs.fake
	if hs.ep != nil { // the gateway registers at start; HTTP mode by `bot register`
		s, err := NewSession(SessionConfig{Token: discordtest.Token, APIBase: f.APIBase()})
		if err != nil {
			t.Fatal(err)
		}
		for _, guild := range []string{discordtest.GuildID, ""} {
			if _, err := register(context.Background(), s, discordtest.AppID, guild); err != nil {
				t.Fatal(err)
			}
		}
	}
	moderator := func(p discordtest.Payload) discordtest.Payload {
		m := p["member"].(map[string]any)
		m["permissions"] = "8224" // Manage Messages, Manage Server
		return p
	}
	for _, q := range questions {
		answer := shown(hs.send(f.SlashCommand("ask", discordtest.StringArg("question", q))))
		hs.send(f.SlashCommand("ask", discordtest.StringArg("question", q), discordtest.BoolArg("private", true)))
		for _, label := range []string{"More passages", "Cite", "👍", "👎"} {
			if id, _ := buttonID(answer, label); id != "" {
				hs.send(f.Component(id, answer))
			}
		}
		compared := shown(hs.send(f.SlashCommand("compare", discordtest.StringArg("question", q))))
		if id, _ := buttonID(compared, "Cite"); id != "" {
			hs.send(f.Component(id, compared))
		}
		found := shown(hs.send(f.MessageCommand("Find source", &discordgo.Message{Content: q})))
		if id, _ := buttonID(found, "Post citation in channel"); id != "" {
			hs.send(f.Component(id, found))
		}
		hs.send(f.Autocomplete("ask", discordtest.FocusedArg("question", q[:len(q)/2])))
		hs.send(f.SlashCommand("quote", discordtest.StringArg("text", q)))
	}
	hs.send(f.SlashCommand("ask", discordtest.StringArg("question", "what is the capital of France?")))
	hs.send(f.SlashCommand("quote", discordtest.StringArg("text", "senseless cultural arrogance")))
	hs.send(f.SlashCommand("timeline"))
	hs.send(f.SlashCommand("sources"))
	hs.send(f.SlashCommand("help"))
	hs.send(f.Autocomplete("ask", discordtest.FocusedArg("question", "")))
	hs.send(moderator(f.SlashCommand("reload")))
	hs.send(moderator(f.SlashCommand("gaps")))
	hs.send(moderator(f.SlashCommand("stats")))
	if hs.ep == nil {
		conformanceChat(t, hs, questions[0])
	}
}

// conformanceChat asks by @mention and in an ask channel, whose answer
// opens a thread.
func conformanceChat(t *testing.T, hs *harness, q string) {
	f := hs.fake
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	f.Dispatch("MESSAGE_CREATE", f.MessageCreate(discordtest.ChannelID, "<@"+discordtest.BotUserID+"> "+q, true))
	if _, err := f.WaitCall(ctx, "POST", "/channels/"+discordtest.ChannelID+"/messages"); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("🇺🇳👨‍👩‍👧 ", 30) + q // a thread name that must be cut between emoji
	f.Dispatch("MESSAGE_CREATE", f.MessageCreate(askChannelID, long, false))
	if _, err := f.WaitCall(ctx, "POST", "/channels/"+askChannelID+"/messages/*/threads"); err != nil {
		t.Fatal(err)
	}
}
