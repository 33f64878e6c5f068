package discord

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// replier sends one interaction's replies, as its transport does.
type replier interface {
	// callback sends the interaction's one initial response: the answer,
	// or a holding reply.
	callback(resp *discordgo.InteractionResponse) error
	// late delivers the answer after the holding reply deferred, by REST.
	late(deferred, resp *discordgo.InteractionResponse) error
}

// respond answers i on the calling goroutine and sends the answer as the
// callback when it is ready within after. When it is not, a timer sends
// the holding reply (Deferred(i)) as the callback, and the answer follows
// it once ready, as an edit or a follow-up. An after of 0 defers at once,
// and a negative one never defers.
//
// The quick answer starts no goroutine: the timer runs only when the
// answer is late, and the two settle who sends the callback under one
// lock, so the late answer always follows its holding reply.
func (h *Handler) respond(ctx context.Context, i *discordgo.Interaction, after time.Duration, t replier) *sendFailure {
	d := &deferral{h: h, i: i, t: t}
	d.start(after)
	resp := h.safeHandle(ctx, i)
	deferred, err := d.settle()
	switch {
	case deferred == nil:
		if err := t.callback(resp); err != nil {
			return &sendFailure{"send reply", err}
		}
	case err != nil:
		return &sendFailure{"send deferred reply", err}
	default:
		if err := t.late(deferred, resp); err != nil {
			return &sendFailure{"send answer after deferring", err}
		}
	}
	return nil
}

// sendFailure is a reply that did not go out: which one (the message of
// its log line), and why.
type sendFailure struct {
	reply string
	err   error
}

// safeHandle is Handle's reply, a friendly one even if Handle panicked
// outside the command (its log line, its record).
func (h *Handler) safeHandle(ctx context.Context, i *discordgo.Interaction) (resp *discordgo.InteractionResponse) {
	defer func() {
		if p := recover(); p != nil {
			h.recovered("interaction", p)
			resp = ephemeral(somethingWrong)
		}
	}()
	resp, _ = h.Handle(ctx, i) // an error is logged by Handle
	return resp
}

// deferral is the race between an answer and its deadline: whichever
// comes first sends the interaction's callback.
type deferral struct {
	h     *Handler
	i     *discordgo.Interaction
	t     replier
	timer *time.Timer

	mu       sync.Mutex
	settled  bool                           // the answer or the holding reply has won
	deferred *discordgo.InteractionResponse // the holding reply, once sent
	err      error                          // of sending it
}

func (d *deferral) start(after time.Duration) {
	switch {
	case after == 0:
		d.fire()
	case after > 0:
		d.timer = time.AfterFunc(after, d.fire)
	}
}

// fire sends the holding reply, unless the answer came first.
func (d *deferral) fire() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.settled {
		return
	}
	d.settled = true
	defer func() {
		if p := recover(); p != nil {
			d.h.recovered("holding reply", p)
			d.err = fmt.Errorf("panic: %v", p)
		}
	}()
	d.deferred = Deferred(d.i)
	d.err = d.t.callback(d.deferred)
}

// settle ends the race for the answer: it returns the holding reply if
// that was sent first (waiting for its send to finish, so the answer
// follows it), or nil when the answer is to be the callback.
func (d *deferral) settle() (*discordgo.InteractionResponse, error) {
	if d.timer != nil {
		d.timer.Stop()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.settled = true
	return d.deferred, d.err
}
