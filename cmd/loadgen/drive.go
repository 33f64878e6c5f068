package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// seed is the test key's seed: not a secret, never a real application's.
var seed = bytes.Repeat([]byte("loadgen-test-key"), 2)

func testKey() ed25519.PrivateKey { return ed25519.NewKeyFromSeed(seed) }

var questions = []string{
	"what did China say about proof?",
	"Who is Hua Chunying?",
	"When did the FBI blame North Korea?",
	"What did Obama say about the attack?",
	"What did the Global Times editorial say?",
	"Which film did Sony withdraw?",
	"Who is North Korea's only major ally?",
	"What did Wang Yi tell John Kerry?",
	"How did North Korea respond to the accusations?",
	"What help did the US ask for?",
	"Did Beijing agree with Washington's assessment?",
	"What is the weather in Paris?",
	"What did Germany say about the hack?",
	"Who won the Super Bowl?",
}

// load is one run of the load generator.
type load struct {
	url    string
	conns  int
	dur    time.Duration // measured
	warm   time.Duration // run before measuring
	unique bool          // every question text new
	// n is how many requests to sign beforehand; 0 means enough for
	// maxRate requests a second over the whole run.
	n int
}

// maxRate sizes the pre-signed requests when load.n is 0: more than either
// server has reached on the development machine (the ceiling 21,400 a
// second on a quiet one). Signing them takes about 30 µs each, on every
// core, before the run; a run that uses them all up ends there, see drive.
const maxRate = 32000

// result is what a run measured. Latencies are those of answers only:
// notices (a busy or replay reply) are counted, not timed.
type result struct {
	answers, notices, errors int
	elapsed                  time.Duration
	p50, p99, p999, max      time.Duration
	notice                   string // the first notice's text
	failure                  string // what the first error was
	short                    bool   // the pre-signed requests ran out first
}

func (r result) rate() float64 { return float64(r.answers) / r.elapsed.Seconds() }

// errRanOut means the run used up its pre-signed requests while warming
// up: sending one twice would measure the replay guard, not the answer.
var errRanOut = errors.New("the pre-signed requests ran out before the measurement began; raise -n")

// tally gathers what the connections of a run saw while it was measured.
type tally struct {
	errs, notices             atomic.Int64
	mu                        sync.Mutex
	lat                       []time.Duration
	firstNotice, firstFailure string
}

// count files one reply that took d.
func (t *tally) count(kind int, text string, d time.Duration, mine *[]time.Duration) {
	switch kind {
	case replyAnswer:
		*mine = append(*mine, d)
	case replyNotice:
		if t.notices.Add(1) == 1 {
			t.mu.Lock()
			t.firstNotice = text
			t.mu.Unlock()
		}
	default:
		if t.errs.Add(1) == 1 {
			t.mu.Lock()
			t.firstFailure = text
			t.mu.Unlock()
		}
	}
}

// drive runs l: each connection sends one request after another, each a
// distinct interaction from a distinct user, signed before the run starts.
func drive(ctx context.Context, l load) (result, error) {
	n := l.n
	if n <= 0 {
		n = int(maxRate * (l.dur + l.warm).Seconds())
	}
	reqs, err := presign(testKey(), n, l.unique)
	if err != nil {
		return result{}, err
	}
	tr := &http.Transport{MaxIdleConnsPerHost: l.conns, MaxConnsPerHost: l.conns, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}

	var (
		t                  tally
		next               atomic.Int64
		ranOut, measured   atomic.Bool
		wg                 sync.WaitGroup
		start, end         time.Time
		startOnce, endOnce sync.Once
	)
	runCtx, cancel := context.WithTimeout(ctx, l.warm+l.dur)
	defer cancel()
	warmed := time.AfterFunc(l.warm, func() { startOnce.Do(func() { start = time.Now() }); measured.Store(true) })
	defer warmed.Stop()
	for range l.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for runCtx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(len(reqs)) {
					// The measurement ends here, shorter than asked:
					// the rate is over the time it lasted.
					ranOut.Store(true)
					endOnce.Do(func() { end = time.Now() })
					cancel()
					break
				}
				t0 := time.Now()
				kind, text := send(runCtx, client, l.url, reqs[i])
				if measured.Load() && runCtx.Err() == nil {
					t.count(kind, text, time.Since(t0), &mine)
				}
			}
			t.mu.Lock()
			t.lat = append(t.lat, mine...)
			t.mu.Unlock()
		}()
	}
	wg.Wait()
	endOnce.Do(func() { end = time.Now() })
	if ranOut.Load() && !measured.Load() {
		return result{}, errRanOut
	}
	if ctx.Err() != nil {
		return result{}, ctx.Err()
	}
	res := result{answers: len(t.lat), notices: int(t.notices.Load()), errors: int(t.errs.Load()), elapsed: end.Sub(start),
		notice: t.firstNotice, failure: t.firstFailure, short: ranOut.Load()}
	if len(t.lat) == 0 {
		return res, fmt.Errorf("no answer (%d errors, %d notices %q): is the server up, with the test public key?", res.errors, res.notices, res.notice)
	}
	lat := t.lat
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	res.p50, res.p99, res.p999, res.max = pct(0.50), pct(0.99), pct(0.999), lat[len(lat)-1]
	return res, nil
}

func question(i int, unique bool) string {
	q := questions[i%len(questions)]
	if unique {
		q += strings.Repeat("?", i%97) + strings.Repeat("!", i/97%1000) + strings.Repeat(".", i/97_000)
	}
	return q
}

type signedReq struct {
	body           []byte
	stamp, signHex string
}

// presign builds n /ask interactions, each with its own interaction id and
// user (ids start from the clock, so runs against one server never repeat
// one), signed now, on every core. With unique, each question's text
// differs by its trailing punctuation.
func presign(priv ed25519.PrivateKey, n int, unique bool) ([]signedReq, error) {
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	base := time.Now().UnixMicro() * 1000
	out := make([]signedReq, n)
	workers := runtime.GOMAXPROCS(0)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				body, err := askBody(strconv.FormatInt(base+int64(i), 10), i, question(i, unique))
				if err != nil {
					errs[w] = err
					return
				}
				sig := ed25519.Sign(priv, append([]byte(stamp), body...))
				out[i] = signedReq{body: body, stamp: stamp, signHex: hex.EncodeToString(sig)}
			}
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// askBody is one /ask interaction as Discord sends it, from user id.
func askBody(id string, i int, q string) ([]byte, error) {
	return json.Marshal(map[string]any{
		"id": id, "application_id": "1", "type": 2, "token": "tok" + strconv.Itoa(i), "version": 1,
		"guild_id": "2", "channel_id": "3",
		"member": map[string]any{"user": map[string]any{"id": id, "username": "student"}},
		"data": map[string]any{"id": "4", "name": "ask", "type": 1, "options": []any{
			map[string]any{"name": "question", "type": 3, "value": q},
		}},
	})
}

// What a reply came to.
const (
	replyFailed = iota // not 200, or not an interaction message
	replyAnswer        // an answer: an embed, or the bot's "I don't have that"
	replyNotice        // any other message: busy, already answered, rate limited
)

// noAnswerPrefix starts the bot's reply when its articles do not answer:
// an answer for this count, though it has no embed.
const noAnswerPrefix = "I don't have that in my articles"

// send posts one request and says what the reply was, with a notice's
// text or what failed.
func send(ctx context.Context, c *http.Client, url string, r signedReq) (kind int, notice string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(r.body))
	if err != nil {
		return replyFailed, err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", r.stamp)
	req.Header.Set("X-Signature-Ed25519", r.signHex)
	resp, err := c.Do(req)
	if err != nil {
		return replyFailed, err.Error()
	}
	defer resp.Body.Close()
	return classify(resp.StatusCode, resp.Body)
}

func classify(status int, body io.Reader) (kind int, notice string) {
	var reply struct {
		Type int `json:"type"`
		Data struct {
			Content string            `json:"content"`
			Embeds  []json.RawMessage `json:"embeds"`
		} `json:"data"`
	}
	if err := json.NewDecoder(body).Decode(&reply); err != nil || status != http.StatusOK || reply.Type != 4 {
		return replyFailed, fmt.Sprintf("status %d, type %d (decode: %v)", status, reply.Type, err)
	}
	if len(reply.Data.Embeds) > 0 || strings.HasPrefix(reply.Data.Content, noAnswerPrefix) {
		return replyAnswer, ""
	}
	return replyNotice, reply.Data.Content
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
