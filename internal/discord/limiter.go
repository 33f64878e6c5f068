package discord

import (
	"sync"
	"time"
)

// limiter is a per-user token bucket: rate questions per period, with a
// burst of the same size. Idle users are forgotten.
type limiter struct {
	mu     sync.Mutex
	rate   int
	period time.Duration
	now    func() time.Time
	users  map[string]*bucket
	swept  time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate int, period time.Duration, now func() time.Time) *limiter {
	return &limiter{rate: rate, period: period, now: now, users: map[string]*bucket{}, swept: now()}
}

// allow takes one token for user, reporting whether there was one.
func (l *limiter) allow(user string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > l.period {
		for id, b := range l.users {
			if now.Sub(b.last) > l.period {
				delete(l.users, id)
			}
		}
		l.swept = now
	}
	b, ok := l.users[user]
	if !ok {
		b = &bucket{tokens: float64(l.rate), last: now}
		l.users[user] = b
	}
	b.tokens = min(float64(l.rate), b.tokens+now.Sub(b.last).Seconds()*float64(l.rate)/l.period.Seconds())
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
