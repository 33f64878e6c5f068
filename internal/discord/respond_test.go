package discord

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// TestRespondFastInlineSlowDeferred: on both transports, an answer ready
// before the deferral deadline is the initial response itself, with no
// REST call after it; a slower one gets the holding reply (type 5) first,
// which is then edited into the answer.
func TestRespondFastInlineSlowDeferred(t *testing.T) {
	base := mustHandler(t).engines.cur.eng
	const deadline = 300 * time.Millisecond
	for _, mode := range modes {
		for _, tt := range []struct {
			name  string
			delay time.Duration
			want  discordgo.InteractionResponseType
		}{
			{"fast", 0, discordgo.InteractionResponseChannelMessageWithSource},
			{"slow", 2 * deadline, discordgo.InteractionResponseDeferredChannelMessageWithSource},
		} {
			t.Run(mode+"/"+tt.name, func(t *testing.T) {
				h := NewHandler(slog.New(slog.DiscardHandler), slowEngine{base, tt.delay}, Config{RatePerMinute: 1000})
				hs := newHarness(t, mode, h, deadline)
				st := hs.send(hs.fake.SlashCommand("ask", discordtest.StringArg("question", "what did China say about proof?")))
				if st.ResponseType != tt.want {
					t.Errorf("initial response type %d, want %d", st.ResponseType, tt.want)
				}
				m := shown(st)
				if m == nil || len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Description, "no **proof** yet") {
					t.Fatalf("the answer shown = %+v", m)
				}
				const edit = "/webhooks/*/*/messages/@original"
				if tt.delay > 0 {
					// The fake records a call just after applying it.
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					defer cancel()
					if _, err := hs.fake.WaitCall(ctx, "PATCH", edit); err != nil {
						t.Fatal(err)
					}
				}
				if edits := hs.fake.CallsTo("PATCH", edit); tt.delay == 0 && len(edits) != 0 || tt.delay > 0 && len(edits) != 1 {
					t.Errorf("%d edits of the original after a %s answer", len(edits), tt.name)
				}
			})
		}
	}
}

// nopResponder takes REST calls and sends nothing.
type nopResponder struct{}

func (nopResponder) RequestWithBucketID(string, string, any, string, ...discordgo.RequestOption) ([]byte, error) {
	return []byte(`{}`), nil
}

// BenchmarkEndpointInteraction is one signed /ask through the endpoint as
// `bot http` serves it, with REST to follow a deferral and the default
// deferral deadline: signature, decoding, the answer (a question a class
// repeats), the response. Each from another user, with its own id, so
// neither the rate limit nor the replay guard answers it.
func BenchmarkEndpointInteraction(b *testing.B) {
	ep := newTestEndpoint(b, mustHandler(b), HTTPConfig{Responder: nopResponder{}})
	benchAsks(b, ep.Routes(), askBodies(b, 4096, func(i int) string { return classQuestions[i%2] }), `"type":4`)
}

// classQuestions are the questions the endpoint benchmarks repeat, as a
// class does.
var classQuestions = []string{"what did China say about proof?", "Who is Hua Chunying?", "What did Obama say about the attack?", "Who won the Super Bowl?"}

// askBodies are n /ask bodies, question(i) the i-th's question. Each is
// from another user, as under real load (one user would soon be rate
// limited, and the benchmark would measure that), and its id is ID_SLOT,
// which benchAsks makes new for every request (the endpoint would answer
// a repeated id as a replay).
func askBodies(b *testing.B, n int, question func(i int) string) [][]byte {
	b.Helper()
	reqs := make([][]byte, 0, n)
	for i := range n {
		in := slash(cmdAsk, str(optQuestion, question(i)))
		in.ID = "ID_SLOT"
		in.Member = member(strconv.Itoa(i))
		reqs = append(reqs, mustJSON(b, in))
	}
	return reqs
}

// benchAsks serves the bodies in turn, each with an id of its own, and
// fails unless each gets 200 and, if want is not empty, a reply that holds
// want. Requests are signed in batches with the timer stopped: signing is
// the client's work, a quarter of the loop's CPU if timed.
func benchAsks(b *testing.B, routes http.Handler, reqs [][]byte, want string) {
	b.ReportAllocs()
	var pending []*http.Request
	n := 0
	for b.Loop() {
		if len(pending) == 0 {
			b.StopTimer()
			pending = signedBatch(b, reqs, n, 1024)
			b.StartTimer()
		}
		w := httptest.NewRecorder()
		routes.ServeHTTP(w, pending[0])
		pending = pending[1:]
		if w.Code != 200 || want != "" && !bytes.Contains(w.Body.Bytes(), []byte(want)) {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
		n++
	}
}

// signedBatch signs the next k requests from the n-th on, each with its
// own id, now (an old timestamp would be refused).
func signedBatch(b *testing.B, reqs [][]byte, n, k int) []*http.Request {
	out := make([]*http.Request, k)
	now := time.Now()
	for j := range out {
		i := n + j
		body := bytes.Replace(reqs[i%len(reqs)], []byte("ID_SLOT"), []byte(strconv.Itoa(i)), 1)
		out[j] = signed(b, body, now)
	}
	return out
}

// blockingEngine's Ask says it has started, then waits to be released.
type blockingEngine struct {
	Answerer
	started, release chan struct{}
}

func (e blockingEngine) Ask(ctx context.Context, q string) (*answer.Answer, error) {
	e.started <- struct{}{}
	<-e.release
	return e.Answerer.Ask(ctx, q)
}

// TestEndpointAnswersOnItsGoroutine: while a quick answer is being made,
// the endpoint has started no goroutine of its own for it (under load, a
// goroutine per request let the newest run first and the oldest wait).
func TestEndpointAnswersOnItsGoroutine(t *testing.T) {
	eng := blockingEngine{mustHandler(t).engines.cur.eng, make(chan struct{}), make(chan struct{})}
	h := NewHandler(slog.New(slog.DiscardHandler), eng, Config{RatePerMinute: 1000})
	ep := newTestEndpoint(t, h, HTTPConfig{Responder: nopResponder{}, DeferAfter: time.Minute})
	r := signed(t, mustJSON(t, slash(cmdAsk, str(optQuestion, "what did China say about proof?"))), time.Now())
	before := settledGoroutines()
	done := make(chan *httptest.ResponseRecorder)
	go func() { done <- serve(ep, r) }() // the connection's goroutine
	<-eng.started
	during := runtime.NumGoroutine()
	close(eng.release)
	w := <-done
	if n := during - before; n != 1 {
		t.Errorf("%d goroutines running while the answer was made, want 1 (the connection's own)", n)
	}
	if !strings.Contains(w.Body.String(), `"type":4`) {
		t.Errorf("the answer = %s, want it in the response (type 4)", w.Body)
	}
}

// settledGoroutines is the number of goroutines once it has stopped
// changing: those of loading the articles have ended.
func settledGoroutines() int {
	n := runtime.NumGoroutine()
	for range 100 {
		time.Sleep(10 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m == n {
			return n
		}
		n = m
	}
	return n
}
