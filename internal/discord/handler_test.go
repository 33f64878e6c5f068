package discord

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/badinput"
	"github.com/sourcebot/newsbot/internal/golden"
	"github.com/sourcebot/newsbot/internal/text"
)

// mustHandler is a handler over the embedded articles.
func mustHandler(tb testing.TB) *Handler {
	tb.Helper()
	lib, err := articles.Load(context.Background(), "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { lib.Close() })
	return NewHandler(slog.New(slog.DiscardHandler), lib.Engine, Config{Examples: lib.Examples, RatePerMinute: 1000})
}

func member(id string) *discordgo.Member {
	return &discordgo.Member{User: &discordgo.User{ID: id, Username: "student" + id}}
}

func slash(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: "i1", AppID: "app", Type: discordgo.InteractionApplicationCommand, GuildID: "g1", ChannelID: "c1", Member: member("u1"), Token: "tok",
		Data: discordgo.ApplicationCommandInteractionData{ID: "cmd", Name: name, CommandType: discordgo.ChatApplicationCommand, Options: opts},
	}
}

func str(name, v string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
}

func boolean(name string, v bool) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionBoolean, Value: v}
}

func asModerator(i *discordgo.Interaction) *discordgo.Interaction {
	i.Member = member("mod")
	i.Member.Permissions = discordgo.PermissionManageMessages | discordgo.PermissionManageGuild
	return i
}

func button(customID string, msg *discordgo.Message) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: "i2", AppID: "app", Type: discordgo.InteractionMessageComponent, GuildID: "g1", ChannelID: "c1", Member: member("u1"), Token: "tok",
		Message: msg,
		Data:    discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent},
	}
}

func findSource(content string) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: "i3", AppID: "app", Type: discordgo.InteractionApplicationCommand, GuildID: "g1", ChannelID: "c1", Member: member("mod"), Token: "tok",
		Data: discordgo.ApplicationCommandInteractionData{
			ID: "cmd", Name: cmdFindSource, CommandType: discordgo.MessageApplicationCommand, TargetID: "m1",
			Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{
				"m1": {ID: "m1", ChannelID: "c1", Content: content, Author: &discordgo.User{ID: "u9"}},
			}},
		},
	}
}

func autocomplete(typed string) *discordgo.Interaction {
	o := str(optQuestion, typed)
	o.Focused = true
	i := slash(cmdAsk, o)
	i.Type = discordgo.InteractionApplicationCommandAutocomplete
	return i
}

// footerMessage is the answer message a button sits under.
func footerMessage(question string) *discordgo.Message {
	return &discordgo.Message{ID: "m2", Embeds: []*discordgo.MessageEmbed{{Footer: &discordgo.MessageEmbedFooter{Text: questionFooter(question)}}}}
}

const proofID = "000_e50f249042850110/2"

func TestHandleGolden(t *testing.T) {
	tests := []struct {
		name string
		in   *discordgo.Interaction
	}{
		{"ask", slash(cmdAsk, str(optQuestion, "what did China say about proof?"))},
		{"ask_private", slash(cmdAsk, str(optQuestion, "What did the Global Times editorial say?"), boolean(optPrivate, true))},
		{"ask_everyone", slash(cmdAsk, str(optQuestion, "@everyone what did China say about proof?"))},
		{"ask_mentions_markdown", slash(cmdAsk, str(optQuestion, "<@123> <@&456> what did **China** say about ||proof||? `code` _x_ # > [link](http://x)"))},
		{"ask_no_answer", slash(cmdAsk, str(optQuestion, "What is the capital of France?"))},
		{"ask_empty", slash(cmdAsk, str(optQuestion, "  "))},
		{"sources", slash(cmdSources)},
		{"help", slash(cmdHelp)},
		{"button_more", button("more|"+proofID, footerMessage("@everyone What did Wang Yi tell John Kerry?"))},
		{"button_cite", button("cite|"+proofID, nil)},
		{"button_cite_unknown", button("cite|nope/1", nil)},
		{"find_source", findSource("China says there is no evidence North Korea hacked Sony")},
		{"find_source_no_answer", findSource("the moon landing was faked")},
		{"button_post", button("post|003_015fcc609321ff52/10", nil)},
		{"autocomplete", autocomplete("what did chin")},
		{"autocomplete_empty", autocomplete("")},
		{"unknown_command", slash("frobnicate")},
		{"compare", slash(cmdCompare, str(optQuestion, "what did China say about cyber terrorism?"))},
		{"compare_one_source", slash(cmdCompare, str(optQuestion, "@everyone What did the Global Times editorial say?"), boolean(optPrivate, true))},
		{"compare_no_answer", slash(cmdCompare, str(optQuestion, "What is the capital of France?"))},
		{"timeline", slash(cmdTimeline)},
		{"quote", slash(cmdQuote, str(optText, "act of cyber vandalism"))},
		{"quote_fragment", slash(cmdQuote, str(optText, "@everyone senseles cultural arogance"), boolean(optPrivate, true))},
		{"quote_not_found", slash(cmdQuote, str(optText, "I have a dream"))},
		{"quote_empty", slash(cmdQuote, str(optText, "<@123> **"))},
		{"gaps_not_moderator", slash(cmdGaps)},
		{"gaps_feedback_off", asModerator(slash(cmdGaps))},
		{"stats_feedback_off", asModerator(slash(cmdStats))},
		{"vote_feedback_off", button("up|abcdefgh", nil)},
		{"ask_when", slash(cmdAsk, str(optQuestion, "When did the Global Times publish its editorial?"))},
	}
	h := mustHandler(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, _ := h.Handle(context.Background(), tt.in)
			checkLimits(t, resp)
			got, err := json.MarshalIndent(toWire(resp), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", tt.name+".golden"), append(got, '\n'))
		})
	}
}

// checkLimits asserts Discord's limits on the payload as it is sent, and
// that nobody can be pinged.
func checkLimits(t *testing.T, resp *discordgo.InteractionResponse) {
	t.Helper()
	w := toWire(resp)
	switch d := w.Data.(type) {
	case *wireMessage:
		checkMessage(t, d, resp.Type != discordgo.InteractionResponseUpdateMessage)
	case *wireChoices:
		for _, c := range d.Choices {
			if textLen(c.Name) > maxChoice || textLen(c.Value) > maxChoice {
				t.Errorf("choice %q too long", c.Name)
			}
		}
	}
}

func checkMessage(t *testing.T, d *wireMessage, mentions bool) {
	t.Helper()
	if textLen(d.Content) > maxContent {
		t.Errorf("content has %d characters", textLen(d.Content))
	}
	if mentions && (d.AllowedMentions == nil || len(d.AllowedMentions.Parse) != 0) {
		t.Errorf("allowed_mentions = %+v, want parse: []", d.AllowedMentions)
	}
	total := 0
	for _, e := range d.Embeds {
		if textLen(e.Title) > maxTitle || textLen(e.Description) > maxDescription || len(e.URL) > maxURL {
			t.Errorf("embed title %d, description %d or url %d too long", textLen(e.Title), textLen(e.Description), len(e.URL))
		}
		for _, f := range e.Fields {
			if textLen(f.Name) > maxFieldName || textLen(f.Value) > maxFieldValue {
				t.Errorf("field %q too long", f.Name)
			}
		}
		total += embedLen(&e)
	}
	if total > maxEmbedTotal {
		t.Errorf("embeds total %d characters", total)
	}
	for _, row := range d.Components {
		for _, b := range row.Components {
			if len(b.CustomID) > maxCustomID || textLen(b.Label) > maxButtonLabel {
				t.Errorf("button %q (%q) too long", b.Label, b.CustomID)
			}
		}
	}
	texts := []string{d.Content}
	for _, e := range d.Embeds {
		texts = append(texts, e.Title, e.Description)
		if e.Footer != nil {
			texts = append(texts, e.Footer.Text)
		}
		for _, f := range e.Fields {
			texts = append(texts, f.Name, f.Value)
		}
	}
	for _, s := range texts {
		if strings.Contains(s, "@everyone") || strings.Contains(s, "@here") {
			t.Errorf("text can ping: %q", s)
		}
	}
}

// TestBadQuestions runs the shared table of bad input through /ask and
// Find source: every reply is fit to send, within limits, and pings nobody.
func TestBadQuestions(t *testing.T) {
	h := mustHandler(t)
	for _, q := range badinput.MustLoad(t, "../../testdata/bad_questions.txt") {
		t.Run(badinput.Name(q), func(t *testing.T) {
			for _, in := range []*discordgo.Interaction{slash(cmdAsk, str(optQuestion, q)), findSource(q), autocomplete(q),
				slash(cmdCompare, str(optQuestion, q)), slash(cmdQuote, str(optText, q))} {
				resp, err := h.Handle(context.Background(), in)
				if err != nil {
					t.Errorf("Handle: %v", err)
				}
				if resp == nil || resp.Data == nil {
					t.Fatal("no reply")
				}
				checkLimits(t, resp)
			}
			// The same text posted in the chat, mentioning the bot.
			m := &discordgo.Message{ID: "m1", ChannelID: "c1", Author: &discordgo.User{ID: "u1"}, Content: "<@bot> " + q,
				Mentions: []*discordgo.User{{ID: "bot"}}}
			r := h.Message(context.Background(), m, "bot", Elsewhere)
			if r == nil {
				t.Fatal("a mention got no reply")
			}
			checkMessage(t, toChannelMessage(r.Send), true)
		})
	}
}

// TestAutocompleteWithoutCompleter: an autocomplete for a command that
// offers no choices (a stale registration) gets no choices, the only
// reply Discord takes for it, not a message.
func TestAutocompleteWithoutCompleter(t *testing.T) {
	h := mustHandler(t)
	for _, name := range []string{cmdHelp, "frobnicate"} {
		i := slash(name)
		i.Type = discordgo.InteractionApplicationCommandAutocomplete
		resp, err := h.Handle(context.Background(), i)
		if !errors.Is(err, ErrUnknownInteraction) {
			t.Errorf("%s: err = %v, want ErrUnknownInteraction", name, err)
		}
		if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult || resp.Data == nil || len(resp.Data.Choices) != 0 || resp.Data.Content != "" {
			t.Errorf("%s: reply %+v, want an empty list of choices", name, resp)
		}
	}
}

// TestSharesWordPrefix: autocomplete suggests an example when a telling
// word typed starts one of its words, read as the engine reads words.
func TestSharesWordPrefix(t *testing.T) {
	const example = "What did Möngke's army do in Zürich?"
	for typed, want := range map[string]bool{
		"mongke":           true, // folded
		"what did zur":     true, // half typed
		"Army?":            true,
		"what did the":     false, // only stop and frame words
		"who said":         false,
		"do in":            false, // short words
		"navy":             false,
		"what did mongkes": true,
	} {
		if got := sharesWordPrefix(example, text.Words(typed)); got != want {
			t.Errorf("sharesWordPrefix(%q, %q) = %v, want %v", example, typed, got, want)
		}
	}
}
