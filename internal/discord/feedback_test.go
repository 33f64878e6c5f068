package discord

import (
	"context"
	"fmt"
	"sync"

	"github.com/sourcebot/newsbot/internal/store"
)

// memFeedback is a Feedback in memory: records and votes, no gaps or stats.
type memFeedback struct {
	mu    sync.Mutex
	n     int
	votes map[string]map[string]store.Vote // record id → user → vote
}

func newMemFeedback() *memFeedback { return &memFeedback{votes: map[string]map[string]store.Vote{}} }

func (f *memFeedback) Record(_ context.Context, _ store.Interaction) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	id := fmt.Sprintf("rec%04d", f.n)
	f.votes[id] = map[string]store.Vote{}
	return id, nil
}

func (f *memFeedback) Vote(_ context.Context, id, userID string, v store.Vote) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.votes[id] == nil {
		return false, fmt.Errorf("no record %q", id)
	}
	changed := f.votes[id][userID] != v
	f.votes[id][userID] = v
	return changed, nil
}

func (f *memFeedback) VoteCounts(_ context.Context, id string) (up, down int, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, v := range f.votes[id] {
		if v == store.Up {
			up++
		} else {
			down++
		}
	}
	return up, down, nil
}

func (f *memFeedback) Gaps(context.Context, store.GapsQuery) ([]store.Gap, error) { return nil, nil }

func (f *memFeedback) Stats(context.Context, store.StatsQuery) (store.Stats, error) {
	return store.Stats{}, nil
}
