package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
)

// Asker answers a question with the best passage and its alternatives,
// for /ask, More passages, Find source and questions in the chat.
type Asker interface {
	Ask(ctx context.Context, question string) (*answer.Answer, error)
}

// ask answers /ask with the best passage, its buttons and, with the
// feedback store on, the vote buttons.
func (h *Handler) ask(r *req) (*discordgo.InteractionResponse, error) {
	question, private := questionOptions(commandData(r.i))
	r.out.question = questionText(question)
	ans, err := r.eng.Ask(r.ctx, r.out.question)
	if err != nil {
		return h.failure(r, err)
	}
	r.out.answered, r.out.passage, r.out.score = true, ans.Best.Passage.ID, ans.Best.Score
	return reply(&discordgo.InteractionResponseData{
		Embeds:     []*discordgo.MessageEmbed{h.embeds.answerEmbed(ans.Best, question)},
		Components: withVotes(answerButtons(ans), h.record(r)),
	}, private), nil
}

// answerButtons are "More passages" (when there are any) and "Cite".
func answerButtons(ans *answer.Answer) []discordgo.MessageComponent {
	row := make([]discordgo.MessageComponent, 0, 2)
	if id := customID(actionMore, ans.Best.Passage.ID); id != "" && len(ans.Alternatives) > 0 {
		row = append(row, discordgo.Button{Label: "More passages", Style: discordgo.SecondaryButton, CustomID: id})
	}
	if id := customID(actionCite, ans.Best.Passage.ID); id != "" {
		row = append(row, discordgo.Button{Label: "Cite", Style: discordgo.PrimaryButton, CustomID: id})
	}
	if len(row) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

// noAnswerText says plainly that the articles do not answer, and what
// they cover.
func (h *Handler) noAnswerText(r *req) string {
	return "I don't have that in my articles, so I won't guess. They cover:\n" +
		h.covers.of(r.eng.Articles(), maxContent-300) + "Use /sources to see them, or /help for example questions." + h.stillNeedHelp()
}

// stillNeedHelp names the moderators' role, when one is set: the role is
// shown as a mention, and allowed_mentions keeps it from pinging.
func (h *Handler) stillNeedHelp() string {
	if h.modRole == "" || !isSnowflake(h.modRole) {
		return ""
	}
	return "\nStill need help? Ask a <@&" + h.modRole + ">."
}

// more replies with the answer's alternatives. The question is read back
// from the answer's footer, so no state is kept between the two.
func (h *Handler) more(r *req) (*discordgo.InteractionResponse, error) {
	ans, err := r.eng.Ask(r.ctx, questionText(askedAgain(r)))
	if err != nil && !errors.Is(err, answer.ErrNoAnswer) && !errors.Is(err, answer.ErrEmptyQuestion) {
		return h.failure(r, err)
	}
	var embeds []*discordgo.MessageEmbed
	var row []discordgo.MessageComponent
	if err == nil {
		embeds, row = otherPassages(ans, r.target)
	}
	if len(embeds) == 0 {
		return ephemeral("No other passage in my articles answers this question."), nil
	}
	r.out.answered = true
	msg := &discordgo.InteractionResponseData{
		Content:         "Other passages that speak to this:",
		Embeds:          embeds,
		Flags:           discordgo.MessageFlagsEphemeral,
		AllowedMentions: noMentions(),
	}
	if len(row) > 0 {
		msg.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: msg}, nil
}

// askedAgain is the question a "More passages" button asks again: the one
// in its answer's footer, or else the text of the passage it was under.
func askedAgain(r *req) string {
	if m := r.i.Message; m != nil && len(m.Embeds) > 0 && m.Embeds[0] != nil && m.Embeds[0].Footer != nil {
		if q := unescape(strings.TrimPrefix(m.Embeds[0].Footer.Text, footerPrefix)); q != "" {
			return q
		}
	}
	if p, ok := r.eng.Passage(r.target); ok {
		return p.Passage.Text // passages like this one
	}
	return ""
}

// otherPassages are up to three of ans's passages other than the one
// shown (passageID), with a Cite button for each.
func otherPassages(ans *answer.Answer, passageID string) ([]*discordgo.MessageEmbed, []discordgo.MessageComponent) {
	var embeds []*discordgo.MessageEmbed
	var row []discordgo.MessageComponent
	for _, alt := range append([]answer.Result{ans.Best}, ans.Alternatives...) {
		if alt.Passage.ID == passageID || len(embeds) == 3 {
			continue
		}
		embeds = append(embeds, passageEmbed(alt, maxQuoteInList, ""))
		if id := customID(actionCite, alt.Passage.ID); id != "" {
			row = append(row, discordgo.Button{Label: fmt.Sprintf("Cite %d", len(embeds)), Style: discordgo.SecondaryButton, CustomID: id})
		}
	}
	return embeds, row
}

// cite replies with a passage's citation: to the user for "cite", in the
// channel for "post".
func (h *Handler) cite(r *req) (*discordgo.InteractionResponse, error) {
	p, ok := r.eng.Passage(r.target)
	if !ok {
		return ephemeral("That passage is no longer in my articles; please ask again."), nil
	}
	r.out.answered, r.out.passage = true, r.target
	if action, _ := componentAction(r.i); action == actionCite {
		return ephemeral(citationContent(p)), nil
	}
	content := fmt.Sprintf("**Source:** %s, %s, “%s”\n> %s", escape(sourceOf(p.Article)), dateOr(p.Article), escape(p.Article.Title),
		escape(truncate(p.Passage.Text, maxContent-400)))
	if u := safeURL(p.Article.URL); u != "" {
		content += "\n<" + u + ">"
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: truncate(content, maxContent), AllowedMentions: noMentions()},
	}, nil
}

// findSource answers the "Find source" message command: the passage that
// speaks to a claim in the chat, for the moderator only, with a button to
// post the citation.
func (h *Handler) findSource(r *req) (*discordgo.InteractionResponse, error) {
	data := commandData(r.i)
	var claim string
	if data.Resolved != nil {
		if m, ok := data.Resolved.Messages[data.TargetID]; ok && m != nil {
			claim = m.Content
		}
	}
	r.out.question = questionText(claim)
	ans, err := r.eng.Ask(r.ctx, r.out.question)
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion):
		return ephemeral("That message has no text I can check."), nil
	case errors.Is(err, answer.ErrTooLong):
		return ephemeral("That message is too long for me to check."), nil
	case err != nil:
		return h.failure(r, err)
	}
	r.out.answered, r.out.passage, r.out.score = true, ans.Best.Passage.ID, ans.Best.Score
	e := passageEmbed(ans.Best, maxDescription, truncate("Claim: "+plain(claim), 512))
	var row []discordgo.MessageComponent
	if id := customID(actionPost, ans.Best.Passage.ID); id != "" {
		row = append(row, discordgo.Button{Label: "Post citation in channel", Style: discordgo.PrimaryButton, CustomID: id})
	}
	if id := customID(actionCite, ans.Best.Passage.ID); id != "" {
		row = append(row, discordgo.Button{Label: "Cite", Style: discordgo.SecondaryButton, CustomID: id})
	}
	msg := &discordgo.InteractionResponseData{
		Content:         "The closest passage in my articles:",
		Embeds:          []*discordgo.MessageEmbed{e},
		Flags:           discordgo.MessageFlagsEphemeral,
		AllowedMentions: noMentions(),
	}
	if len(row) > 0 {
		msg.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: msg}, nil
}
