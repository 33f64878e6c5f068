package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/text"
)

// Passages are the articles and their passages by id, for /sources, Cite,
// /stats and the coverage named when there is no answer.
type Passages interface {
	Passage(id string) (answer.Result, bool)
	Articles() []corpus.Article
}

// sources lists the articles, as far as one embed holds.
func (h *Handler) sources(r *req) (*discordgo.InteractionResponse, error) {
	arts := r.eng.Articles()
	e := &discordgo.MessageEmbed{Title: "The articles I answer from"}
	for i, a := range arts {
		if i == maxFields-1 && len(arts) > maxFields {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "…", Value: fmt.Sprintf("and %d more articles", len(arts)-i)})
			break
		}
		v := fmt.Sprintf("%s · %s · %d passages", escape(sourceOf(&a)), dateOr(&a), len(a.Passages))
		if u := safeURL(a.URL); u != "" {
			v += "\n" + u
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: truncate(plain(a.Title), maxFieldName), Value: truncate(v, maxFieldValue)})
		if embedSize(e) > maxEmbedTotal-300 {
			e.Fields = append(e.Fields[:len(e.Fields)-1], &discordgo.MessageEmbedField{Name: "…", Value: fmt.Sprintf("and %d more articles", len(arts)-i)})
			break
		}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}, AllowedMentions: noMentions()},
	}, nil
}

// helpIntro opens /help.
const helpIntro = "I answer questions about a small set of news articles with the passage that says it, quoted word for word, " +
	"with its source, date and headline. I never write an answer of my own: if my articles don't say it, I tell you.\n\n"

// help says what the bot does: a line for each entry of the command
// table, then example questions.
func (h *Handler) help(r *req) (*discordgo.InteractionResponse, error) {
	var b strings.Builder
	b.WriteString(helpIntro)
	for _, c := range h.table.all {
		if c.help != "" {
			b.WriteString(c.help + "\n")
		}
	}
	if h.mentions {
		b.WriteString("You can also mention me with a question in a channel I can read; I reply to your message.\n")
	}
	if len(r.examples) > 0 {
		b.WriteString("\n**Try asking**\n")
		for _, q := range r.examples {
			b.WriteString("• " + escape(q) + "\n")
		}
	}
	e := &discordgo.MessageEmbed{Title: "How I answer", Description: truncate(b.String(), maxDescription)}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	}, nil
}

// example is a question to try, for replies to an empty one.
func (r *req) example() string {
	if len(r.examples) == 0 {
		return "/ask question: what happened?"
	}
	return "/ask question: " + escape(r.examples[0])
}

// autocomplete offers what was typed, then the example questions that
// share a word with it.
func (h *Handler) autocomplete(r *req) *discordgo.InteractionResponse {
	typed := ""
	for _, o := range commandData(r.i).Options {
		if o != nil && o.Focused {
			typed, _ = o.Value.(string)
		}
	}
	typed = questionText(clean(typed))
	var choices []*discordgo.ApplicationCommandOptionChoice
	add := func(q string) {
		if q != "" && len([]rune(q)) <= maxChoice && len(choices) < maxChoices {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: q, Value: q})
		}
	}
	add(typed)
	words := text.Words(typed)
	for _, q := range r.examples {
		if strings.EqualFold(q, typed) {
			continue
		}
		if len(words) == 0 || sharesWordPrefix(q, words) {
			add(q)
		}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}
}

// sharesWordPrefix reports whether any telling typed word (not a stop or
// frame word, text.StopWord and text.FrameWord, and three letters or more)
// starts a word of s, apostrophes aside (text.Key); the last word may be
// half typed.
func sharesWordPrefix(s string, typed []string) bool {
	fields := text.Words(s)
	for _, t := range typed {
		if len(t) < 3 || text.StopWord(t) || text.FrameWord(t) {
			continue
		}
		for _, f := range fields {
			if strings.HasPrefix(text.Key(f), text.Key(t)) {
				return true
			}
		}
	}
	return false
}
