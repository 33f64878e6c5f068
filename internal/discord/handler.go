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
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/library"
)

// Answerer is what the handler answers from: one value for the set of
// articles that /reload swaps whole. Each command family declares the
// small part it uses beside its handlers.
type Answerer interface {
	Asker
	Comparer
	Timeliner
	QuoteFinder
	Passages
}

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
	// Library gives each server its own articles (/library, and the
	// engine that answers there); nil answers every server from the
	// default articles and turns /library off.
	Library Library
}

// DefaultRatePerMinute is the per-user question rate when none is set.
const DefaultRatePerMinute = 10

// Handler turns interactions into responses. It knows nothing of how they
// arrive (gateway or HTTP) and is safe for concurrent use.
type Handler struct {
	log *slog.Logger
	// table is the package's command table, read through the Handler so
	// that /help, an entry of it, can list it.
	table    *commandTable
	limit    *limiter
	load     func(ctx context.Context) (*Loaded, error)
	modRole  string
	feedback Feedback
	mentions bool
	engines  *engines
	panics   atomic.Int64 // recovered panics
	// operators may /reload; reloading is set while one runs.
	operators map[string]bool
	reloading atomic.Bool
	libs      Library
	drafts    *library.Drafts // previews of /library add, until Add or Cancel
	embeds    *embedMemo      // /ask's embeds of repeated answers
	covers    *coverMemo      // what the articles cover, for replies with no answer
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
	return &Handler{log: log, table: table, limit: newLimiter(rate, time.Minute, time.Now), load: cfg.Load, modRole: cfg.ModRoleID,
		feedback: cfg.Feedback, mentions: cfg.Mentions, engines: &engines{cur: &engineRef{eng: eng, examples: cfg.Examples}},
		operators: ops, libs: cfg.Library, drafts: library.NewDrafts(0, 0), embeds: newEmbedMemo(), covers: newCoverMemo()}
}

// ErrUnknownInteraction is returned for an interaction the bot does not
// serve; the response then tells the user so.
var ErrUnknownInteraction = errors.New("unknown interaction")

// req is one interaction, or chat message, being answered: the engine
// it started with (a /reload meanwhile does not change it) and what it
// came to.
type req struct {
	ctx      context.Context
	i        *discordgo.Interaction // nil for a chat message
	eng      Answerer
	examples []string
	// target is what a button acts on: the id after its action.
	target string
	out    outcome
}

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
	r := &req{ctx: ctx, i: i, examples: ref.examples,
		out: outcome{start: time.Now(), guild: i.GuildID, user: userID(i)}}
	defer func() {
		if p := recover(); p != nil {
			h.recovered("handle", p)
			err = fmt.Errorf("panic: %v", p)
			resp = ephemeral(somethingWrong)
		}
		h.record(r)
		h.logOutcome(r, err)
	}()
	if r.eng, err = h.engineFor(ctx, i.GuildID, ref); err != nil {
		return h.failure(r, err)
	}
	return h.dispatch(r)
}

// logOutcome logs one interaction's line.
func (h *Handler) logOutcome(r *req, err error) {
	if err == nil && !h.log.Enabled(r.ctx, slog.LevelInfo) {
		return // the line's attributes cost allocations even when dropped
	}
	out := &r.out
	attrs := []any{"command", out.command, "type", int(r.i.Type), "guild", r.i.GuildID,
		"latency_ms", float64(time.Since(out.start).Microseconds()) / 1000, "answered", out.answered}
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
}

// dispatch finds the table entry for r's interaction and runs it.
func (h *Handler) dispatch(r *req) (*discordgo.InteractionResponse, error) {
	i := r.i
	c := h.table.forInteraction(i)
	switch i.Type {
	case discordgo.InteractionPing:
		r.out.command = "ping"
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, nil
	case discordgo.InteractionApplicationCommand:
		r.out.command = commandName(i)
		if c != nil {
			return h.run(c, r)
		}
	case discordgo.InteractionMessageComponent:
		action, id := componentAction(i)
		r.out.command, r.target = "button:"+action, id
		if c != nil {
			return h.run(c, r)
		}
	case discordgo.InteractionApplicationCommandAutocomplete:
		r.out.command = "autocomplete"
		if c != nil && c.complete != nil {
			return c.complete(h, r), nil
		}
		// Discord takes only choices in reply to an autocomplete.
		return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
				Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}}},
			fmt.Errorf("%w: autocomplete for %q", ErrUnknownInteraction, commandName(i))
	}
	return ephemeral("I don't know that command. Try /help."), fmt.Errorf("%w: type %d", ErrUnknownInteraction, i.Type)
}

// run passes r through c's gates and rate limit, then runs c.
func (h *Handler) run(c *command, r *req) (*discordgo.InteractionResponse, error) {
	for _, g := range c.gates {
		if why := g(h, r); why != "" {
			return ephemeral(why), nil
		}
	}
	if c.question && !h.limit.allow(r.out.user) {
		r.out.limited = true
		return h.failure(r, errRateLimited)
	}
	return c.run(h, r)
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

// reply is a message in the channel, or only to the user when private.
func reply(msg *discordgo.InteractionResponseData, private bool) *discordgo.InteractionResponse {
	msg.AllowedMentions = noMentions()
	if private {
		msg.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: msg}
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

// ephemeral is a text reply only the user sees.
func ephemeral(content string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: truncate(content, maxContent), Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	}
}
