package discord

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// Loaded is a freshly loaded set of articles for /reload.
type Loaded struct {
	Engine   Answerer
	Examples []string
	Articles int
	Passages int
	Skipped  []string // "file: reason"
	// Close releases it; called once no interaction uses it any more.
	Close func() error
}

// engines holds the engine the handler answers from. /reload swaps it
// whole; an interaction keeps the one it started with, and a replaced one
// is closed once the last interaction using it has finished.
type engines struct {
	mu  sync.RWMutex
	cur *engineRef
}

type engineRef struct {
	eng      Answerer
	examples []string
	close    func() error
	inflight sync.WaitGroup
}

// acquire returns the current engine, counted as in use until released.
func (e *engines) acquire() *engineRef {
	e.mu.RLock()
	defer e.mu.RUnlock()
	e.cur.inflight.Add(1)
	return e.cur
}

func (r *engineRef) release() { r.inflight.Done() }

// swap makes l the current engine, and closes the previous one once the
// last interaction using it has finished.
func (e *engines) swap(l *Loaded) {
	e.mu.Lock()
	old := e.cur
	e.cur = &engineRef{eng: l.Engine, examples: l.Examples, close: l.Close}
	e.mu.Unlock()
	go func() {
		old.inflight.Wait()
		if old.close != nil {
			old.close()
		}
	}()
}

// reload re-reads the articles (for moderators with Manage Server) and
// swaps the engine atomically; questions in flight finish on the old one.
func (h *Handler) reload(ctx context.Context, i *discordgo.Interaction, out *outcome) (*discordgo.InteractionResponse, error) {
	if i.Member == nil || i.Member.Permissions&discordgo.PermissionManageGuild == 0 {
		return ephemeral("Only members with the Manage Server permission can reload the articles."), nil
	}
	if h.load == nil {
		return ephemeral("Reloading is off: this bot answers from the articles built into it. Start it with `--data DIR` to reload a directory."), nil
	}
	l, err := h.load(ctx)
	if err != nil {
		return ephemeral("I couldn't reload the articles, so I'm still answering from the ones I had: " + escape(err.Error())), err
	}
	h.engines.swap(l)
	out.answered = true
	msg := fmt.Sprintf("Reloaded: %d articles, %d passages.", l.Articles, l.Passages)
	if len(l.Skipped) > 0 {
		msg += fmt.Sprintf("\nSkipped %d files:\n• %s", len(l.Skipped), escape(strings.Join(l.Skipped, "\n• ")))
	}
	return ephemeral(msg), nil
}
