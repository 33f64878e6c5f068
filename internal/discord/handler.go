// Package discord serves the answer engine to Discord: the command
// definitions, one transport-free interaction handler, the rendering of
// answers to embeds and buttons, and the gateway runner. It is the only
// package that imports discordgo.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/quote"
	"github.com/sourcebot/newsbot/internal/timeline"
)

// Answerer is what the handler needs from the answer engine.
type Answerer interface {
	Ask(ctx context.Context, question string) (*answer.Answer, error)
	Compare(ctx context.Context, question string) (*answer.Comparison, error)
	Timeline() []timeline.Day
	FindQuote(text string) (best quote.Match, others []quote.Match, err error)
	Passage(id string) (answer.Result, bool)
	Articles() []corpus.Article
}

// Button actions, the first part of a custom_id: "cite|<passage id>".
const (
	actionMore = "more" // alternatives to the answer, ephemeral
	actionCite = "cite" // citation ready to paste, ephemeral
	actionPost = "post" // citation posted in the channel, from "Find source"
)

// Config tunes a Handler.
type Config struct {
	// Examples are example questions for /help and autocomplete.
	Examples []string
	// RatePerMinute is how many questions one user may ask a minute; 0
	// means DefaultRatePerMinute.
	RatePerMinute int
	// Load re-reads the articles for /reload; nil turns /reload off.
	Load func(ctx context.Context) (*Loaded, error)
	// Operators are the user ids allowed to /reload, which reloads for
	// every server; none refuses it to everyone.
	Operators []string
	// ModRoleID names the moderators' role in a "still need help?" hint
	// under replies with no answer. It is shown, never pinged.
	ModRoleID string
	// Feedback records questions and votes; nil turns feedback off.
	Feedback Feedback
	// Mentions says that chat messages reach the bot (the gateway), so
	// /help can offer asking by @mention.
	Mentions bool
}

// DefaultRatePerMinute is the per-user question rate when none is set.
const DefaultRatePerMinute = 10

// Handler turns interactions into responses. It knows nothing of how they
// arrive (gateway or HTTP) and is safe for concurrent use.
type Handler struct {
	log      *slog.Logger
	limit    *limiter
	load     func(ctx context.Context) (*Loaded, error)
	modRole  string
	feedback Feedback
	mentions bool
	engines  *engines
	panics   *atomic.Int64 // recovered panics, shared by the copies Handle makes
	// operators may /reload; reloading is set while one runs, shared by
	// the copies Handle makes.
	operators map[string]bool
	reloading *atomic.Bool

	// eng and examples are those of one interaction, set by Handle on its
	// own copy of the Handler.
	eng      Answerer
	examples []string
}

// NewHandler returns a handler over eng.
func NewHandler(log *slog.Logger, eng Answerer, cfg Config) *Handler {
	rate := cfg.RatePerMinute
	if rate <= 0 {
		rate = DefaultRatePerMinute
	}
	ops := map[string]bool{}
	for _, id := range cfg.Operators {
		ops[id] = true
	}
	return &Handler{log: log, limit: newLimiter(rate, time.Minute, time.Now), load: cfg.Load, modRole: cfg.ModRoleID, feedback: cfg.Feedback, mentions: cfg.Mentions,
		engines: &engines{cur: &engineRef{eng: eng, examples: cfg.Examples}}, panics: new(atomic.Int64),
		operators: ops, reloading: new(atomic.Bool)}
}

// ErrUnknownInteraction is returned for an interaction the bot does not
// serve; the response then tells the user so.
var ErrUnknownInteraction = errors.New("unknown interaction")

// outcome is what one interaction came to, for the log line.
type outcome struct {
	command  string
	answered bool
	passage  string
	limited  bool

	// For the record of a question (see Handler.record).
	start       time.Time
	guild, user string
	question    string
	score       float64
	recorded    bool
	recordID    string
}

// Handle answers one interaction. It always returns a response fit to send;
// a non-nil error says what went wrong behind a friendly reply, for the
// log. It logs one line per interaction.
func (h *Handler) Handle(ctx context.Context, i *discordgo.Interaction) (resp *discordgo.InteractionResponse, err error) {
	ref := h.engines.acquire()
	defer ref.release()
	hh := *h
	hh.eng, hh.examples = ref.eng, ref.examples
	return hh.handle(ctx, i)
}

func (h *Handler) handle(ctx context.Context, i *discordgo.Interaction) (resp *discordgo.InteractionResponse, err error) {
	start := time.Now()
	out := outcome{start: start, guild: i.GuildID, user: userID(i)}
	defer func() {
		if p := recover(); p != nil {
			h.recovered("handle", p)
			err = fmt.Errorf("panic: %v", p)
			resp = ephemeral(somethingWrong)
		}
		h.record(ctx, &out)
		attrs := []any{"command", out.command, "type", int(i.Type), "guild", i.GuildID,
			"latency_ms", float64(time.Since(start).Microseconds()) / 1000, "answered", out.answered}
		if out.passage != "" {
			attrs = append(attrs, "passage", out.passage)
		}
		if out.limited {
			attrs = append(attrs, "rate_limited", true)
		}
		if err != nil {
			h.log.Error("interaction", append(attrs, "err", err.Error())...)
			return
		}
		h.log.Info("interaction", attrs...)
	}()

	switch i.Type {
	case discordgo.InteractionPing:
		out.command = "ping"
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, nil
	case discordgo.InteractionApplicationCommand:
		data := commandData(i)
		out.command = data.Name
		if h.isQuestion(data.Name) && !h.limit.allow(userID(i)) {
			out.limited = true
			return ephemeral(fmt.Sprintf("You're asking faster than I can keep up with. Please wait a few seconds (limit: %d questions a minute).", h.limit.rate)), nil
		}
		switch data.Name {
		case cmdAsk:
			return h.ask(ctx, data, &out)
		case cmdSources:
			return h.sources(), nil
		case cmdHelp:
			return h.help(), nil
		case cmdFindSource:
			return h.findSource(ctx, data, &out)
		case cmdCompare:
			return h.compare(ctx, data, &out)
		case cmdTimeline:
			return h.timeline(data, &out), nil
		case cmdQuote:
			return h.quote(data, &out)
		case cmdReload:
			return h.reload(ctx, i, &out)
		case cmdGaps:
			return h.gaps(ctx, i, &out)
		case cmdStats:
			return h.stats(ctx, i, &out)
		}
	case discordgo.InteractionMessageComponent:
		data, _ := i.Data.(discordgo.MessageComponentInteractionData)
		action, id, _ := strings.Cut(data.CustomID, "|")
		out.command = "button:" + action
		switch action {
		case actionMore:
			return h.more(ctx, i, id, &out)
		case actionCite, actionPost:
			return h.cite(action, id, &out)
		case actionUp, actionDown:
			return h.vote(ctx, i, action, id, &out)
		}
	case discordgo.InteractionApplicationCommandAutocomplete:
		out.command = "autocomplete"
		return h.autocomplete(commandData(i)), nil
	}
	return ephemeral("I don't know that command. Try /help."), fmt.Errorf("%w: type %d", ErrUnknownInteraction, i.Type)
}

func (h *Handler) isQuestion(name string) bool {
	return name == cmdAsk || name == cmdFindSource || name == cmdCompare || name == cmdQuote
}

func userID(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

// questionOptions reads the text (/ask's and /compare's question, /quote's
// words) and the private flag of a command.
func questionOptions(data discordgo.ApplicationCommandInteractionData) (question string, private bool) {
	for _, o := range data.Options {
		if o == nil {
			continue
		}
		switch o.Name {
		case optQuestion, optText:
			question, _ = o.Value.(string)
		case optPrivate:
			private, _ = o.Value.(bool)
		}
	}
	return question, private
}

// questionError is the reply to a question the engine would not answer,
// or nil for ErrNoAnswer and success.
func (h *Handler) questionError(err error) (*discordgo.InteractionResponse, error) {
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion):
		return ephemeral("Please type a question, for example: " + h.example()), nil
	case errors.Is(err, answer.ErrTooLong):
		return ephemeral(fmt.Sprintf("That question is too long; please keep it under %d characters.", answer.MaxQuestionRunes)), nil
	case errors.Is(err, answer.ErrNoAnswer):
		return h.noAnswer(), nil
	case err != nil:
		return ephemeral("Sorry, I couldn't search my articles just now. Please try again."), err
	}
	return nil, nil
}

// reply is a message in the channel, or only to the user when private.
func reply(msg *discordgo.InteractionResponseData, private bool) *discordgo.InteractionResponse {
	msg.AllowedMentions = noMentions()
	if private {
		msg.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: msg}
}

func (h *Handler) ask(ctx context.Context, data discordgo.ApplicationCommandInteractionData, out *outcome) (*discordgo.InteractionResponse, error) {
	question, private := questionOptions(data)
	out.question = questionText(question)
	ans, err := h.eng.Ask(ctx, out.question)
	if resp, err := h.questionError(err); resp != nil {
		return resp, err
	}
	out.answered, out.passage, out.score = true, ans.Best.Passage.ID, ans.Best.Score
	return reply(&discordgo.InteractionResponseData{
		Embeds:     []*discordgo.MessageEmbed{passageEmbed(ans.Best, maxDescription, questionFooter(question))},
		Components: withVotes(answerButtons(ans), h.record(ctx, out)),
	}, private), nil
}

// quote finds the quotation the user recalls and says who said it, as the
// article reports it.
func (h *Handler) quote(data discordgo.ApplicationCommandInteractionData, out *outcome) (*discordgo.InteractionResponse, error) {
	text, private := questionOptions(data)
	out.question = questionText(text)
	m, _, err := h.eng.FindQuote(out.question)
	switch {
	case errors.Is(err, quote.ErrBadInput):
		return ephemeral("Please type some words of the quotation, for example: /quote text: senseless cultural arrogance"), nil
	case errors.Is(err, quote.ErrNotFound):
		return ephemeral("I can't find that quotation in my articles, so I won't guess who said it. They cover:\n" +
			coverage(h.eng.Articles(), maxContent-200) + "Use /sources to see them."), nil
	case err != nil:
		return ephemeral("Sorry, I couldn't search my articles just now. Please try again."), err
	}
	out.answered, out.passage, out.score = true, m.Passage.ID, m.Similarity
	r := answer.Result{Passage: m.Passage, Article: m.Article, Highlights: []answer.Span{{Start: m.Start, End: m.End}}}
	e := passageEmbed(r, maxDescription, truncate("Quotation: "+plain(text), 512))
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

// timeline lists the dated events, day by day, as far as one embed holds;
// the rest is counted, and `bot timeline` shows it all.
func (h *Handler) timeline(data discordgo.ApplicationCommandInteractionData, out *outcome) *discordgo.InteractionResponse {
	_, private := questionOptions(data)
	days := h.eng.Timeline()
	if len(days) == 0 {
		return ephemeral("My articles mention no dated events. Use /sources to see what they cover.")
	}
	out.answered = true
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
	return reply(&discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}}, private)
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

// maxCompared is how many sources /compare shows side by side.
const maxCompared = 4

// compare shows each source's best passage, one embed each, and names the
// sources that have nothing on it.
func (h *Handler) compare(ctx context.Context, data discordgo.ApplicationCommandInteractionData, out *outcome) (*discordgo.InteractionResponse, error) {
	question, private := questionOptions(data)
	out.question = questionText(question)
	c, err := h.eng.Compare(ctx, out.question)
	if resp, err := h.questionError(err); resp != nil {
		return resp, err
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
	out.answered = true
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

// answerButtons are "More passages" (when there are any) and "Cite".
func answerButtons(ans *answer.Answer) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
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

// noAnswer says plainly that the articles do not answer, and what they cover.
func (h *Handler) noAnswer() *discordgo.InteractionResponse {
	return ephemeral("I don't have that in my articles, so I won't guess. They cover:\n" +
		coverage(h.eng.Articles(), maxContent-300) + "Use /sources to see them, or /help for example questions." + h.stillNeedHelp())
}

// stillNeedHelp names the moderators' role, when one is set: the role is
// shown as a mention, and allowed_mentions keeps it from pinging.
func (h *Handler) stillNeedHelp() string {
	if h.modRole == "" || !isSnowflake(h.modRole) {
		return ""
	}
	return "\nStill need help? Ask a <@&" + h.modRole + ">."
}

// commandData is the data of a command or autocomplete interaction; empty
// when it has none.
func commandData(i *discordgo.Interaction) discordgo.ApplicationCommandInteractionData {
	d, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
	return d
}

func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// more replies with the answer's alternatives. The question is read back
// from the answer's footer, so no state is kept between the two.
func (h *Handler) more(ctx context.Context, i *discordgo.Interaction, passageID string, out *outcome) (*discordgo.InteractionResponse, error) {
	question := ""
	if i.Message != nil && len(i.Message.Embeds) > 0 && i.Message.Embeds[0] != nil && i.Message.Embeds[0].Footer != nil {
		question = unescape(strings.TrimPrefix(i.Message.Embeds[0].Footer.Text, footerPrefix))
	}
	if question == "" {
		if r, ok := h.eng.Passage(passageID); ok {
			question = r.Passage.Text // passages like this one
		}
	}
	ans, err := h.eng.Ask(ctx, questionText(question))
	if err != nil && !errors.Is(err, answer.ErrNoAnswer) && !errors.Is(err, answer.ErrEmptyQuestion) {
		return ephemeral("Sorry, I couldn't search my articles just now. Please try again."), err
	}
	var embeds []*discordgo.MessageEmbed
	var row []discordgo.MessageComponent
	if err == nil {
		for _, r := range append([]answer.Result{ans.Best}, ans.Alternatives...) {
			if r.Passage.ID == passageID || len(embeds) == 3 {
				continue
			}
			embeds = append(embeds, passageEmbed(r, maxQuoteInList, ""))
			if id := customID(actionCite, r.Passage.ID); id != "" {
				row = append(row, discordgo.Button{Label: fmt.Sprintf("Cite %d", len(embeds)), Style: discordgo.SecondaryButton, CustomID: id})
			}
		}
	}
	if len(embeds) == 0 {
		return ephemeral("No other passage in my articles answers this question."), nil
	}
	out.answered = true
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

// cite replies with a passage's citation: to the user for "cite", in the
// channel for "post".
func (h *Handler) cite(action, passageID string, out *outcome) (*discordgo.InteractionResponse, error) {
	r, ok := h.eng.Passage(passageID)
	if !ok {
		return ephemeral("That passage is no longer in my articles; please ask again."), nil
	}
	out.answered, out.passage = true, passageID
	if action == actionCite {
		return ephemeral(citationContent(r)), nil
	}
	content := fmt.Sprintf("**Source:** %s, %s, “%s”\n> %s", escape(sourceOf(r.Article)), dateOr(r.Article), escape(r.Article.Title),
		escape(truncate(r.Passage.Text, maxContent-400)))
	if u := safeURL(r.Article.URL); u != "" {
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
func (h *Handler) findSource(ctx context.Context, data discordgo.ApplicationCommandInteractionData, out *outcome) (*discordgo.InteractionResponse, error) {
	var claim string
	if data.Resolved != nil {
		if m, ok := data.Resolved.Messages[data.TargetID]; ok && m != nil {
			claim = m.Content
		}
	}
	out.question = questionText(claim)
	ans, err := h.eng.Ask(ctx, out.question)
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion):
		return ephemeral("That message has no text I can check."), nil
	case errors.Is(err, answer.ErrTooLong):
		return ephemeral("That message is too long for me to check."), nil
	case errors.Is(err, answer.ErrNoAnswer):
		return h.noAnswer(), nil
	case err != nil:
		return ephemeral("Sorry, I couldn't search my articles just now. Please try again."), err
	}
	out.answered, out.passage, out.score = true, ans.Best.Passage.ID, ans.Best.Score
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

func (h *Handler) sources() *discordgo.InteractionResponse {
	arts := h.eng.Articles()
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
	}
}

func (h *Handler) help() *discordgo.InteractionResponse {
	var b strings.Builder
	b.WriteString("I answer questions about a small set of news articles with the passage that says it, quoted word for word, " +
		"with its source, date and headline. I never write an answer of my own: if my articles don't say it, I tell you.\n\n" +
		"**/ask** `question` — the best passage; add `private:true` to see it alone.\n" +
		"**/compare** `question` — how each source reports it, side by side.\n" +
		"**/timeline** — what happened when: the dated events across the articles, in order.\n" +
		"**/quote** `text` — who said this? The quotation, its speaker and where it was reported; partial or misremembered words work.\n" +
		"**/sources** — the articles I answer from.\n" +
		"**/reload** — for the bot's operators: re-read the articles without a restart.\n" +
		"**/gaps**, **/stats** — for moderators: the questions my articles could not answer, and how answers were rated.\n" +
		"**Find source** — for moderators: right-click a message → Apps → Find source, to find the passage behind a claim.\n" +
		"Under an answer: **More passages** for other passages, **Cite** for a citation to paste, 👍 or 👎 to say whether it helped.\n")
	if h.mentions {
		b.WriteString("You can also mention me with a question in a channel I can read; I reply to your message.\n")
	}
	if len(h.examples) > 0 {
		b.WriteString("\n**Try asking**\n")
		for _, q := range h.examples {
			b.WriteString("• " + escape(q) + "\n")
		}
	}
	e := &discordgo.MessageEmbed{Title: "How I answer", Description: truncate(b.String(), maxDescription)}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	}
}

func (h *Handler) example() string {
	if len(h.examples) == 0 {
		return "/ask question: what happened?"
	}
	return "/ask question: " + escape(h.examples[0])
}

// autocomplete offers what was typed, then the example questions that
// share a word with it.
func (h *Handler) autocomplete(data discordgo.ApplicationCommandInteractionData) *discordgo.InteractionResponse {
	typed := ""
	for _, o := range data.Options {
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
	words := strings.Fields(strings.ToLower(typed))
	for _, q := range h.examples {
		if strings.EqualFold(q, typed) {
			continue
		}
		if len(words) == 0 || sharesWordPrefix(strings.ToLower(q), words) {
			add(q)
		}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}
}

// questionWords are too common in questions to suggest anything.
var questionWords = map[string]bool{"what": true, "who": true, "whom": true, "when": true, "where": true, "why": true,
	"how": true, "which": true, "did": true, "does": true, "the": true, "say": true, "said": true, "about": true,
	"was": true, "were": true, "is": true, "are": true, "and": true, "for": true, "tell": true}

// sharesWordPrefix reports whether any telling typed word starts a word of
// s; the last word may be half typed.
func sharesWordPrefix(s string, typed []string) bool {
	fields := strings.FieldsFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127) })
	for _, t := range typed {
		t = strings.Trim(t, "?!.,'\"")
		if len(t) < 3 || questionWords[t] {
			continue
		}
		for _, f := range fields {
			if strings.HasPrefix(f, t) {
				return true
			}
		}
	}
	return false
}

// ephemeral is a text reply only the user sees.
func ephemeral(content string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: truncate(content, maxContent), Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	}
}
