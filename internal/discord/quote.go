package discord

import (
	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/quote"
)

// QuoteFinder finds a remembered quotation and its speaker, for /quote.
type QuoteFinder interface {
	FindQuote(text string) (best quote.Match, others []quote.Match, err error)
}

// quote finds the quotation the user recalls and says who said it, as the
// article reports it.
func (h *Handler) quote(r *req) (*discordgo.InteractionResponse, error) {
	text, private := questionOptions(commandData(r.i))
	r.out.question = questionText(text)
	m, _, err := r.eng.FindQuote(r.out.question)
	if err != nil {
		return h.failure(r, err)
	}
	r.out.answered, r.out.passage, r.out.score = true, m.Passage.ID, m.Similarity
	res := answer.Result{Passage: m.Passage, Article: m.Article, Highlights: []answer.Span{{Start: m.Start, End: m.End}}}
	e := passageEmbed(res, maxDescription, truncate("Quotation: "+plain(text), 512))
	said := &discordgo.MessageEmbedField{Name: "Said by", Value: "The article does not say who said it."}
	if a := m.Attribution; a.Speaker != "" {
		said.Value = escape(a.Speaker)
		if a.Role != "" {
			said.Value += " (" + escape(a.Role) + ")"
		}
		if a.How != "" {
			said.Value += ", " + escape(a.How)
		}
	}
	said.Value = truncate(said.Value, maxFieldValue)
	e.Fields = append([]*discordgo.MessageEmbedField{said}, e.Fields...)
	if m.Fragment {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Note", Value: "Only these words are quoted, inside the article's own account."})
	}
	msg := &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}}
	if id := customID(actionCite, m.Passage.ID); id != "" {
		msg.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Cite", Style: discordgo.PrimaryButton, CustomID: id}}}}
	}
	return reply(msg, private), nil
}
