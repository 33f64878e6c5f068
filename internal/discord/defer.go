package discord

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
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

// slowCommands are deferred at once: they read the store or the whole
// corpus, or re-read the articles, and may take longer than the window.
var slowCommands = map[string]bool{cmdReload: true, cmdGaps: true, cmdStats: true, cmdTimeline: true}

// deferAfter is how long to wait for i's answer before deferring.
func deferAfter(i *discordgo.Interaction, after time.Duration) time.Duration {
	if i.Type == discordgo.InteractionApplicationCommand && slowCommands[commandName(i)] {
		return 0
	}
	return after
}

// quick waits up to d for an answer, and reports whether it came; when it
// did not, the reply is to be deferred. d of 0 defers at once, and an
// interaction that cannot be deferred waits for its answer.
func quick(done <-chan handled, d time.Duration, deferrable bool) (handled, bool) {
	if !deferrable {
		return <-done, true
	}
	if d <= 0 {
		return handled{}, false
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case res := <-done:
		return res, true
	case <-timer.C:
		return handled{}, false
	}
}

// canDefer says whether i may get a holding reply: autocomplete and PING
// cannot.
func canDefer(i *discordgo.Interaction) bool {
	return i.Type == discordgo.InteractionApplicationCommand || i.Type == discordgo.InteractionMessageComponent
}

func commandName(i *discordgo.Interaction) string {
	if d, ok := i.Data.(discordgo.ApplicationCommandInteractionData); ok {
		return d.Name
	}
	return ""
}

// Deferred is the holding reply to send when an answer may not be ready
// within Discord's three seconds, with the visibility the answer will have:
//   - a vote updates the message it is on: type 6 (DEFERRED_UPDATE_MESSAGE),
//     and the update then edits that message;
//   - "Post citation in channel" is public, as are /ask, /compare,
//     /timeline, /quote and /sources unless private:true;
//   - everything else is only for the user.
func Deferred(i *discordgo.Interaction) *discordgo.InteractionResponse {
	if i.Type == discordgo.InteractionMessageComponent {
		action := ""
		if d, ok := i.Data.(discordgo.MessageComponentInteractionData); ok {
			action, _, _ = strings.Cut(d.CustomID, "|")
		}
		switch action {
		case actionUp, actionDown:
			return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
		case actionPost:
			return deferredReply(false)
		}
		return deferredReply(true)
	}
	d, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok {
		return deferredReply(true)
	}
	switch d.Name {
	case cmdAsk, cmdCompare, cmdTimeline, cmdQuote, cmdSources:
		_, private := questionOptions(d)
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

// handled is what Handle came to.
type handled struct {
	resp *discordgo.InteractionResponse
	err  error
}

// handleAsync runs Handle on its own goroutine; the result arrives on the
// channel, a friendly reply even if the handler panicked.
func (h *Handler) handleAsync(ctx context.Context, i *discordgo.Interaction) <-chan handled {
	done := make(chan handled, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				h.recovered("interaction", p)
				done <- handled{ephemeral(somethingWrong), fmt.Errorf("panic: %v", p)}
			}
		}()
		resp, err := h.Handle(ctx, i)
		done <- handled{resp, err}
	}()
	return done
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
