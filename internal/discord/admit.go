package discord

import (
	"container/list"
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Admission to the answer path of the HTTP endpoint. Under overload a
// server that starts every request at once serves none of them well: the
// scheduler favours the newest, and the oldest miss Discord's three
// seconds. The endpoint answers a few interactions at a time and queues the
// rest, oldest first; one that waits past DefaultMaxWait is told the bot is
// busy, in time, rather than answered too late.
const (
	// DefaultMaxWait leaves, after the deferral that DeferAfter allows
	// for, a second of Discord's three for the reply to arrive.
	DefaultMaxWait = time.Second
)

// DefaultMaxAnswering is how many interactions are answered at once: a few
// per core, so that one blocked on the store does not idle a core, and few
// enough that the queue, not the scheduler, decides who goes next.
func DefaultMaxAnswering() int { return 4 * runtime.GOMAXPROCS(0) }

// admission lets n holders in at once and queues the others, oldest first.
type admission struct {
	mu    sync.Mutex
	free  int
	queue list.List // of chan struct{}, closed when that waiter is let in
}

func newAdmission(n int) *admission { return &admission{free: n} }

// admit waits, at most maxWait and while ctx lasts, to be let in; ok says
// whether it was, and then done must be called once the work is over.
func (a *admission) admit(ctx context.Context, maxWait time.Duration) (ok bool) {
	a.mu.Lock()
	if a.free > 0 && a.queue.Len() == 0 {
		a.free--
		a.mu.Unlock()
		return true
	}
	in := make(chan struct{})
	el := a.queue.PushBack(in)
	a.mu.Unlock()

	timer := time.NewTimer(maxWait)
	defer timer.Stop()
	select {
	case <-in:
		return true
	case <-timer.C:
	case <-ctx.Done():
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	select {
	case <-in: // let in as the wait ran out: the place is ours
		return true
	default:
		a.queue.Remove(el)
		return false
	}
}

// done lets the oldest waiter in, or frees the place.
func (a *admission) done() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if front := a.queue.Front(); front != nil {
		close(a.queue.Remove(front).(chan struct{}))
		return
	}
	a.free++
}

// waiting is how many wait to be let in.
func (a *admission) waiting() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.queue.Len()
}

const busyText = "I'm answering a lot of questions right now and couldn't get to yours in time. Please ask again in a few seconds."

// busyReply answers an interaction that waited too long, in a form valid
// for its type: autocomplete gets no choices, anything else a private
// notice.
func busyReply(i *discordgo.Interaction) *discordgo.InteractionResponse {
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{}}
	}
	return ephemeral(busyText)
}
