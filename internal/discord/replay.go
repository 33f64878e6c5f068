package discord

import (
	"sync"
	"time"
)

// maxRemembered bounds the interaction ids kept against replays: at
// Discord's traffic for one bot it spans the window many times over, and
// costs a few megabytes at most.
const maxRemembered = 100_000

// replays remembers the interactions answered until their signature
// expires, so that a body signed by Discord, captured and sent again, is
// not answered twice. Memory is bounded: past max ids the oldest is
// forgotten (and counted), which can only reopen a replay that old.
type replays struct {
	mu      sync.Mutex
	max     int
	expires map[string]time.Time // by interaction id
	order   []seenID             // in the order seen
	evicted int64                // forgotten before they expired
}

// seenID is one sighting; a later one of the same id supersedes it.
type seenID struct {
	id      string
	expires time.Time
}

func newReplays(max int) *replays {
	return &replays{max: max, expires: map[string]time.Time{}}
}

// first reports whether id is seen for the first time (or its last
// sighting has expired), and remembers it until expires. evicted is the
// running count of ids forgotten early, when this call forgot one, else 0.
func (r *replays) first(id string, now, expires time.Time) (ok bool, evicted int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if exp, seen := r.expires[id]; seen && now.Before(exp) {
		return false, 0
	}
	r.sweep(now)
	if len(r.order) >= r.max {
		r.forgetOldest()
		r.evicted++
		evicted = r.evicted
	}
	r.expires[id] = expires
	r.order = append(r.order, seenID{id, expires})
	return true, evicted
}

// sweep forgets the expired ids at the head of the order. Ids expire
// roughly in order, as their signatures do.
func (r *replays) sweep(now time.Time) {
	for len(r.order) > 0 && !now.Before(r.order[0].expires) {
		r.forgetOldest()
	}
}

func (r *replays) forgetOldest() {
	old := r.order[0]
	r.order[0] = seenID{}
	r.order = r.order[1:]
	if r.expires[old.id].Equal(old.expires) { // not superseded
		delete(r.expires, old.id)
	}
}
