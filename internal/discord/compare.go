package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
)

// Comparer finds each source's best passage on a question, for /compare.
type Comparer interface {
	Compare(ctx context.Context, question string) (*answer.Comparison, error)
}

// maxCompared is how many sources /compare shows side by side.
const maxCompared = 4

// compare shows each source's best passage, one embed each, and names the
// sources that have nothing on it.
func (h *Handler) compare(r *req) (*discordgo.InteractionResponse, error) {
	question, private := questionOptions(commandData(r.i))
	r.out.question = questionText(question)
	c, err := r.eng.Compare(r.ctx, r.out.question)
	if err != nil {
		return h.failure(r, err)
	}
	var found []answer.SourceAnswer
	var silent []string
	for _, sa := range c.Sources {
		if sa.Found {
			found = append(found, sa)
		} else {
			silent = append(silent, escape(orUnknown(sa.Source)))
		}
	}
	if len(found) > maxCompared {
		for _, sa := range found[maxCompared:] {
			silent = append(silent, escape(orUnknown(sa.Source))+" (not shown)")
		}
		found = found[:maxCompared]
	}
	r.out.answered = true
	// The embeds share Discord's 6,000-character total.
	quoteLimit := min(maxDescription, (maxEmbedTotal-600)/len(found)-300)
	var embeds []*discordgo.MessageEmbed
	var row []discordgo.MessageComponent
	for i, sa := range found {
		footer := ""
		if i == len(found)-1 {
			footer = questionFooter(question)
		}
		embeds = append(embeds, passageEmbed(sa.Best, quoteLimit, footer))
		if id := customID(actionCite, sa.Best.Passage.ID); id != "" {
			row = append(row, discordgo.Button{Label: truncate("Cite "+orUnknown(sa.Source), maxButtonLabel), Style: discordgo.SecondaryButton, CustomID: id})
		}
	}
	content := "How each source reports it:"
	if len(silent) > 0 {
		content += "\nNothing on this from " + strings.Join(silent, ", ") + "."
	}
	msg := &discordgo.InteractionResponseData{Content: truncate(content, maxContent), Embeds: embeds}
	if len(row) > 0 {
		msg.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
	}
	return reply(msg, private), nil
}
