package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/timeline"
)

// Timeliner lays out the dated events across the articles, for /timeline.
type Timeliner interface {
	Timeline() []timeline.Day
}

// timeline lists the dated events, day by day, as far as one embed holds;
// the rest is counted, and `bot timeline` shows it all.
func (h *Handler) timeline(r *req) (*discordgo.InteractionResponse, error) {
	_, private := questionOptions(commandData(r.i))
	days := r.eng.Timeline()
	if len(days) == 0 {
		return ephemeral("My articles mention no dated events. Use /sources to see what they cover."), nil
	}
	r.out.answered = true
	const room = maxDescription - 200 // for the "more" line
	var b strings.Builder
	shown := 0
	for _, d := range days {
		block := timelineDay(d)
		if b.Len() > 0 && textLen(b.String())+textLen(block) > room {
			break
		}
		b.WriteString(block)
		shown++
	}
	desc := b.String()
	if shown < len(days) {
		desc += fmt.Sprintf("…and %d more days, up to %s. The whole timeline: `bot timeline` on the command line.", len(days)-shown, days[len(days)-1].Date)
	}
	e := &discordgo.MessageEmbed{
		Title:       "Timeline",
		Description: truncate(desc, maxDescription),
		Footer:      &discordgo.MessageEmbedFooter{Text: "Relative dates (\"on Sunday\") are resolved against each article's own date."},
	}
	return reply(&discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}}, private), nil
}

// timelineDay is one day: its date, then each event's source and passage,
// with the date phrase in bold.
func timelineDay(d timeline.Day) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n", dayName(d.Date))
	for _, ev := range d.Events {
		start := strings.Index(ev.Passage.Text, ev.Phrase)
		var spans []answer.Span
		if start >= 0 {
			spans = []answer.Span{{Start: start, End: start + len(ev.Phrase)}}
		}
		fmt.Fprintf(&b, "• %s, “%s”: %s\n", escape(sourceOf(ev.Article)), truncate(plain(ev.Article.Title), 80),
			highlight(ev.Passage.Text, spans, maxQuoteInTimeline))
	}
	return b.String() + "\n"
}
