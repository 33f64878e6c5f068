package library

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// Digest identifies a draft's text: the same article read twice has the
// same digest, so a preview can be matched with what is added.
func (d Draft) Digest() string {
	sum := sha256.Sum256(d.Text)
	return hex.EncodeToString(sum[:8])
}

// Drafts hold the articles previewed and not yet added, between a
// preview and its Add or Cancel button: nothing reaches the store before
// Add. A draft belongs to the user and server that made it, is taken
// once, and expires. Safe for concurrent use.
type Drafts struct {
	max int
	ttl time.Duration
	now func() time.Time

	mu sync.Mutex
	m  map[string]heldDraft
}

type heldDraft struct {
	d           Draft
	guild, user string
	at          time.Time
}

// Defaults of NewDrafts.
const (
	DefaultDrafts   = 200
	DefaultDraftTTL = 15 * time.Minute // an interaction's token lasts 15 minutes too
)

// NewDrafts holds at most max drafts (the oldest go first), each for ttl;
// zero takes the defaults.
func NewDrafts(max int, ttl time.Duration) *Drafts {
	if max <= 0 {
		max = DefaultDrafts
	}
	if ttl <= 0 {
		ttl = DefaultDraftTTL
	}
	return &Drafts{max: max, ttl: ttl, now: time.Now, m: map[string]heldDraft{}}
}

// Put holds d for user in guild and returns its id: 16 characters of hex,
// unguessable, for a button's custom_id.
func (ds *Drafts) Put(guild, user string, d Draft) string {
	b := make([]byte, 8)
	rand.Read(b) // never fails (crypto/rand)
	id := hex.EncodeToString(b)
	ds.mu.Lock()
	defer ds.mu.Unlock()
	ds.expire()
	for len(ds.m) >= ds.max {
		ds.dropOldest()
	}
	ds.m[id] = heldDraft{d: d, guild: guild, user: user, at: ds.now()}
	return id
}

// Take returns draft id and forgets it, if it exists, has not expired,
// and belongs to user in guild; anyone else's press leaves it be.
func (ds *Drafts) Take(id, guild, user string) (Draft, bool) {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	ds.expire()
	h, ok := ds.m[id]
	if !ok || h.guild != guild || h.user != user {
		return Draft{}, false
	}
	delete(ds.m, id)
	return h.d, true
}

// Len is how many drafts are held.
func (ds *Drafts) Len() int {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	ds.expire()
	return len(ds.m)
}

func (ds *Drafts) expire() {
	for id, h := range ds.m {
		if ds.now().Sub(h.at) >= ds.ttl {
			delete(ds.m, id)
		}
	}
}

func (ds *Drafts) dropOldest() {
	oldest := ""
	for id, h := range ds.m {
		if oldest == "" || h.at.Before(ds.m[oldest].at) {
			oldest = id
		}
	}
	delete(ds.m, oldest)
}
