package discord

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/bwmarrin/discordgo"
)

// DefaultDeferAfter is how long an answer may take before a holding reply
// goes out: a third of Discord's three seconds, so that the holding reply
// arrives in time even on a busy machine.
const DefaultDeferAfter = time.Second

// Budgets of one interaction: the handler's work, and then each reply sent
// by REST, which has its own so that a slow answer still leaves time to
// send it (an interaction's token lives 15 minutes).
const (
	DefaultAnswerTimeout = 10 * time.Second
	DefaultSendTimeout   = 5 * time.Second
)

// Budgets bounds the work on one interaction; a zero field means its
// default.
type Budgets struct {
	Answer time.Duration // the handler; 0 means DefaultAnswerTimeout
	Send   time.Duration // each reply sent by REST; 0 means DefaultSendTimeout
}

func (b Budgets) withDefaults() Budgets {
	if b.Answer <= 0 {
		b.Answer = DefaultAnswerTimeout
	}
	if b.Send <= 0 {
		b.Send = DefaultSendTimeout
	}
	return b
}

// deferAfter is how long to wait for i's answer before deferring: after
// for most, 0 (at once) for a command known to be slow, and -1 (never) for
// an interaction that cannot be deferred (autocomplete, PING).
func deferAfter(i *discordgo.Interaction, after time.Duration) time.Duration {
	if i.Type != discordgo.InteractionApplicationCommand && i.Type != discordgo.InteractionMessageComponent {
		return -1
	}
	if c := table.forInteraction(i); c != nil && c.deferAtOnce {
		return 0
	}
	return after
}

func commandName(i *discordgo.Interaction) string {
	if d, ok := i.Data.(discordgo.ApplicationCommandInteractionData); ok {
		return d.Name
	}
	return ""
}

// Deferred is the holding reply to send when an answer may not be ready
// within Discord's three seconds, as visible as the answer will be (the
// command table's visibility): a button that updates its message gets
// type 6 (DEFERRED_UPDATE_MESSAGE), and the update then edits that
// message; a public command is public unless private:true; everything
// else, and anything unknown, is only for the user.
func Deferred(i *discordgo.Interaction) *discordgo.InteractionResponse {
	c := table.forInteraction(i)
	if c == nil {
		return deferredReply(true)
	}
	switch c.shown {
	case update:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	case public:
		_, private := questionOptions(commandData(i))
		return deferredReply(private)
	}
	return deferredReply(true)
}

func deferredReply(private bool) *discordgo.InteractionResponse {
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if private {
		resp.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	return resp
}

const somethingWrong = "Sorry, something went wrong on my side. Please try again."

// recoverPanic, deferred, keeps a panic in code that handles user input
// from ending the process: it is logged and counted.
func (h *Handler) recoverPanic(where string) {
	if p := recover(); p != nil {
		h.recovered(where, p)
	}
}

// recovered logs and counts a panic that was recovered.
func (h *Handler) recovered(where string, p any) {
	h.panics.Add(1)
	h.log.Error("panic", "where", where, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
}

// Panics is how many panics the handler has recovered from; a test can
// require it to stay 0.
func (h *Handler) Panics() int64 { return h.panics.Load() }
