package discord

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

func TestMessageAnswersOnlyWhatItShould(t *testing.T) {
	h := mustHandler(t)
	bot := &discordgo.User{ID: "bot", Bot: true}
	alice := &discordgo.User{ID: "alice"}
	msg := func(author *discordgo.User, content string, mentions ...*discordgo.User) *discordgo.Message {
		return &discordgo.Message{ID: "m1", ChannelID: "c1", GuildID: "g1", Author: author, Content: content, Mentions: mentions}
	}
	tests := []struct {
		name   string
		m      *discordgo.Message
		where  int
		answer bool
	}{
		{"mention", msg(alice, "<@bot> what did China say about proof?", bot), Elsewhere, true},
		{"no mention", msg(alice, "what did China say about proof?"), Elsewhere, false},
		{"from a bot", msg(&discordgo.User{ID: "other", Bot: true}, "<@bot> what did China say about proof?", bot), Elsewhere, false},
		{"from itself", msg(bot, "what did China say about proof?"), AskChannel, false},
		{"ask channel", msg(alice, "what did China say about proof?"), AskChannel, true},
		{"ask thread", msg(alice, "what did China say about proof?"), AskThread, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.Message(context.Background(), tt.m, "bot", tt.where)
			if (r != nil) != tt.answer {
				t.Fatalf("reply = %+v, want one: %v", r, tt.answer)
			}
			if r == nil {
				return
			}
			if r.Send.Reference == nil || r.Send.Reference.MessageID != "m1" || r.Send.AllowedMentions == nil ||
				len(r.Send.AllowedMentions.Parse) != 0 || r.Send.AllowedMentions.RepliedUser {
				t.Errorf("reply does not quote without pinging: %+v", r.Send)
			}
			if (r.Thread != "") != (tt.where == AskChannel) {
				t.Errorf("thread %q in where=%d", r.Thread, tt.where)
			}
		})
	}
}

func TestThreadName(t *testing.T) {
	for _, q := range []string{"Who is Hua Chunying?", "", "  \n ", strings.Repeat("very long question ", 20), "**bold** @everyone\nline"} {
		name := threadName(q)
		if n := utf8.RuneCountInString(name); n < 1 || n > maxThreadName || strings.Contains(name, "\n") {
			t.Errorf("threadName(%q) = %q (%d characters)", q, name, n)
		}
	}
}
