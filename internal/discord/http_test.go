package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/discord/discordtest"
	"github.com/sourcebot/newsbot/internal/golden"
	"github.com/sourcebot/newsbot/internal/store"
)

// testKey signs requests as Discord would.
var testPub, testPriv, _ = ed25519.GenerateKey(bytes.NewReader(bytes.Repeat([]byte{7}, 64)))

// signed builds a request signed at ts.
func signed(tb testing.TB, body []byte, ts time.Time) *http.Request {
	tb.Helper()
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(testPriv, append([]byte(stamp), body...))))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func newTestEndpoint(tb testing.TB, h *Handler, cfg HTTPConfig) *Endpoint {
	cfg.PublicKey = testPub
	ep := NewEndpoint(slog.New(slog.DiscardHandler), cfg)
	if h != nil {
		ep.SetHandler(h)
	}
	return ep
}

func serve(ep *Endpoint, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	ep.Routes().ServeHTTP(w, r)
	return w
}

func TestEndpointPing(t *testing.T) {
	ep := newTestEndpoint(t, mustHandler(t), HTTPConfig{})
	w := serve(ep, signed(t, []byte(`{"type":1,"id":"1","application_id":"a","token":"t","version":1}`), time.Now()))
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{"type":1}` {
		t.Errorf("PING = %d %s, want 200 {\"type\":1}", w.Code, w.Body)
	}
}

func TestEndpointRejections(t *testing.T) {
	ep := newTestEndpoint(t, mustHandler(t), HTTPConfig{})
	ping := []byte(`{"type":1}`)
	now := time.Now()
	tests := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"no signature", func() *http.Request {
			r := signed(t, ping, now)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, 401},
		{"signature not hex", func() *http.Request {
			r := signed(t, ping, now)
			r.Header.Set("X-Signature-Ed25519", "zz")
			return r
		}, 401},
		{"signature by another key", func() *http.Request {
			_, other, _ := ed25519.GenerateKey(nil)
			r := signed(t, ping, now)
			r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(other, append([]byte(r.Header.Get("X-Signature-Timestamp")), ping...))))
			return r
		}, 401},
		{"body changed after signing", func() *http.Request {
			r := signed(t, ping, now)
			r.Body = http.NoBody
			return r
		}, 401},
		{"no timestamp", func() *http.Request {
			r := signed(t, ping, now)
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, 401},
		{"timestamp 6 minutes old", func() *http.Request { return signed(t, ping, now.Add(-6*time.Minute)) }, 401},
		{"timestamp 6 minutes ahead", func() *http.Request { return signed(t, ping, now.Add(6*time.Minute)) }, 401},
		{"body over 64 KiB", func() *http.Request {
			return signed(t, append([]byte(`{"type":1,"x":"`), append(bytes.Repeat([]byte("a"), MaxBody), '"', '}')...), now)
		}, 413},
		{"malformed JSON", func() *http.Request { return signed(t, []byte(`{"type":`), now) }, 400},
		{"unknown interaction type", func() *http.Request { return signed(t, []byte(`{"type":99}`), now) }, 400},
		{"GET", func() *http.Request { return httptest.NewRequest(http.MethodGet, "/interactions", nil) }, 405},
		{"PUT", func() *http.Request { return httptest.NewRequest(http.MethodPut, "/interactions", nil) }, 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(ep, tt.req())
			if w.Code != tt.want {
				t.Errorf("%s: status %d (%s), want %d", tt.name, w.Code, strings.TrimSpace(w.Body.String()), tt.want)
			}
		})
	}
}

func TestEndpointReadiness(t *testing.T) {
	ep := newTestEndpoint(t, nil, HTTPConfig{})
	if w := serve(ep, httptest.NewRequest("GET", "/healthz", nil)); w.Code != 200 {
		t.Errorf("/healthz while loading = %d, want 200", w.Code)
	}
	if w := serve(ep, httptest.NewRequest("GET", "/readyz", nil)); w.Code != 503 {
		t.Errorf("/readyz while loading = %d, want 503", w.Code)
	}
	ep.SetHandler(mustHandler(t))
	if w := serve(ep, httptest.NewRequest("GET", "/readyz", nil)); w.Code != 200 {
		t.Errorf("/readyz when loaded = %d, want 200", w.Code)
	}
}

// TestEndpointMatchesGateway sends the golden cases over HTTP: each body is
// the same response the gateway path sends for the same interaction.
func TestEndpointMatchesGateway(t *testing.T) {
	cases := map[string]*discordgo.Interaction{
		"ask":         slash(cmdAsk, str(optQuestion, "what did China say about proof?")),
		"sources":     slash(cmdSources),
		"button_cite": button("cite|"+proofID, nil),
		"find_source": findSource("China says there is no evidence North Korea hacked Sony"),
		"button_more": button("more|"+proofID, footerMessage("@everyone What did Wang Yi tell John Kerry?")),
	}
	ep := newTestEndpoint(t, mustHandler(t), HTTPConfig{})
	for name, i := range cases {
		i.ID = "http-" + name // each a new interaction, not a replay
		t.Run(name, func(t *testing.T) {
			w := serve(ep, signed(t, mustJSON(t, i), time.Now()))
			if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("status %d %q: %s", w.Code, w.Header().Get("Content-Type"), w.Body)
			}
			want, err := os.ReadFile(filepath.Join("testdata", name+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			var got, gold any
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("the HTTP body is not JSON: %v\n%s", err, w.Body)
			}
			if err := json.Unmarshal(want, &gold); err != nil {
				t.Fatalf("%s.golden is not JSON: %v", name, err)
			}
			if gold == nil || !reflect.DeepEqual(got, gold) {
				t.Errorf("HTTP body differs from the gateway's:\n%s", golden.Diff(string(want), w.Body.String()))
			}
		})
	}
}

// slowEngine answers after a delay, to force a deferred reply.
type slowEngine struct {
	Answerer
	delay time.Duration
}

func (s slowEngine) Ask(ctx context.Context, q string) (*answer.Answer, error) {
	time.Sleep(s.delay)
	return s.Answerer.Ask(ctx, q)
}

// recorder is a Responder that keeps what it was asked to send.
type recorder struct {
	mu       sync.Mutex
	requests []recorded
	done     chan struct{}
}

type recorded struct {
	method, url string
	body        map[string]any
}

func (r *recorder) RequestWithBucketID(method, url string, data any, _ string, _ ...discordgo.RequestOption) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := recorded{method: method, url: url}
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return nil, err
		}
		json.Unmarshal(b, &rec.body)
	}
	r.requests = append(r.requests, rec)
	if method != http.MethodDelete {
		close(r.done)
	}
	return []byte(`{}`), nil
}

// count is how many requests of that method went to URLs with that suffix.
func (r *recorder) count(method, suffix string) int {
	n := 0
	for _, q := range r.requests {
		if q.method == method && strings.HasSuffix(q.url, suffix) {
			n++
		}
	}
	return n
}

func TestEndpointDefersSlowAnswers(t *testing.T) {
	base := mustHandler(t)
	slow := NewHandler(slog.New(slog.DiscardHandler), slowEngine{base.engines.cur.eng, 300 * time.Millisecond}, Config{})
	tests := []struct {
		name     string
		question string
		private  bool // the answer is ephemeral, after a public holding reply
	}{
		{"answer edits the holding reply", "what did China say about proof?", false},
		{"no answer goes private as a follow-up", "Who won the Super Bowl?", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{done: make(chan struct{})}
			ep := newTestEndpoint(t, slow, HTTPConfig{Responder: rec, DeferAfter: 20 * time.Millisecond})
			w := serve(ep, signed(t, mustJSON(t, slash(cmdAsk, str(optQuestion, tt.question))), time.Now()))
			var resp discordgo.InteractionResponse
			json.Unmarshal(w.Body.Bytes(), &resp)
			if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
				t.Fatalf("reply type %d, want a deferred reply (5)", resp.Type)
			}
			select {
			case <-rec.done:
			case <-time.After(5 * time.Second):
				t.Fatal("the answer was never sent after deferring")
			}
			if err := ep.Drain(context.Background()); err != nil {
				t.Fatal(err)
			}
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if tt.private {
				last := rec.requests[len(rec.requests)-1]
				if rec.count("POST", "/tok?wait=true") != 1 || rec.count("DELETE", "/@original") != 1 || last.body["flags"] != float64(discordgo.MessageFlagsEphemeral) {
					t.Errorf("requests %+v; want one private follow-up replacing the holding reply", rec.requests)
				}
				return
			}
			if len(rec.requests) != 1 || rec.count("PATCH", "/@original") != 1 {
				t.Fatalf("requests = %+v, want one edit of @original", rec.requests)
			}
			edit := rec.requests[0].body
			embeds, _ := edit["embeds"].([]any)
			if len(embeds) != 1 || !strings.Contains(fmt.Sprint(embeds[0]), "no **proof** yet") {
				t.Errorf("edit = %+v, want the answer embed", edit)
			}
			if am, _ := edit["allowed_mentions"].(map[string]any); am == nil || len(am["parse"].([]any)) != 0 {
				t.Error("the edit does not set allowed_mentions to parse nothing")
			}
		})
	}
}

// FuzzEndpoint sends whole interaction bodies, signed or not, to the HTTP
// endpoint: it never answers 5xx, and never panics, even where a panic
// would be recovered (Endpoint.Panics counts those).
func FuzzEndpoint(f *testing.F) {
	base := mustHandler(f)
	fb := newMemFeedback()
	fb.Record(context.Background(), store.Interaction{}) // rec0001, for votes
	h := NewHandler(slog.New(slog.DiscardHandler), base.engines.cur.eng, Config{Examples: base.engines.cur.examples, Feedback: fb, RatePerMinute: 1 << 30})
	ep := newTestEndpoint(f, h, HTTPConfig{})
	routes := ep.Routes()
	f.Add([]byte(`{"type":1}`), true, "")
	f.Add(mustJSON(f, slash(cmdAsk, str(optQuestion, "what did China say about proof?"))), true, "")
	f.Add(mustJSON(f, button("more|x", nil)), true, "")
	f.Add([]byte(`{"type":2,"data":{"type":3,"target_id":"1","resolved":{"messages":{"1":{"content":"@everyone x"}}}}}`), true, "")
	f.Add([]byte(`{"type":3,"data":{"custom_id":"cite|`+proofID+`"}}`), false, "123")
	for _, body := range nullBodies {
		f.Add([]byte(body), true, "")
	}
	f.Fuzz(func(t *testing.T, body []byte, sign bool, stamp string) {
		r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
		if sign {
			r = signed(t, body, time.Now())
		} else if stamp != "" {
			r.Header.Set("X-Signature-Timestamp", stamp)
			r.Header.Set("X-Signature-Ed25519", stamp)
		}
		w := httptest.NewRecorder()
		routes.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("status %d for body %q: %s", w.Code, body, w.Body)
		}
		if n := ep.Panics(); n > 0 {
			t.Fatalf("%d panics recovered, the last for body %q", n, body)
		}
	})
}

// BenchmarkEndpointAsk is one signed /ask through the HTTP endpoint, in
// process: verification, the answer, and encoding. "cached" repeats four
// questions, as a class does; "uncached" makes every question text new.
func BenchmarkEndpointAsk(b *testing.B) {
	for _, unique := range []bool{false, true} {
		name := map[bool]string{false: "cached", true: "uncached"}[unique]
		b.Run(name, func(b *testing.B) {
			ep := newTestEndpoint(b, mustHandler(b), HTTPConfig{})
			reqs := askBodies(b, 8192, func(i int) string {
				q := classQuestions[i%4]
				if unique {
					q += strings.Repeat("?", i%97) + strings.Repeat("!", i/97)
				}
				return q
			})
			benchAsks(b, ep.Routes(), reqs, "")
		})
	}
}

// TestEndpointLateAnswerThroughFakeDiscord sends a slow answer's follow-up
// through REST to fake Discord, which checks it as Discord would.
func TestEndpointLateAnswerThroughFakeDiscord(t *testing.T) {
	fake := discordtest.New(t)
	rest, err := NewSession(SessionConfig{APIBase: fake.APIBase()}) // no token: webhooks carry their own
	if err != nil {
		t.Fatal(err)
	}
	slow := NewHandler(slog.New(slog.DiscardHandler), slowEngine{mustHandler(t).engines.cur.eng, 300 * time.Millisecond}, Config{})
	ep := newTestEndpoint(t, slow, HTTPConfig{Responder: rest, DeferAfter: 20 * time.Millisecond})

	p := fake.SlashCommand("ask", discordtest.StringArg("question", "What did the Global Times editorial say?"))
	// The fake takes the reply as the callback once it is flushed, as
	// Discord does: the answer is still being made on the connection.
	status, body, err := fake.DeliverHTTP(ep.Routes(), p, func(r *http.Request, body []byte) { *r = *signed(t, body, time.Now()) })
	if err != nil || status != http.StatusOK {
		t.Fatalf("HTTP delivery: %d %s: %v", status, body, err)
	}
	st := waitAnswered(t, fake, p.ID())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if st.ResponseType != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("HTTP reply type %d, want deferred (5)", st.ResponseType)
	}
	if e := st.Original.Embeds[0]; !strings.Contains(e.Description, "senseless cultural arrogance") || e.URL == "" {
		t.Errorf("late answer = %+v", e)
	}
	// The fake records a call just after it has applied it: wait for it.
	edit, err := fake.WaitCall(ctx, "PATCH", "/webhooks/*/*/messages/@original")
	if err != nil {
		t.Fatal(err)
	}
	if edit.Header.Get("Authorization") != "" {
		t.Errorf("the edit carried a bot token: %v", edit.Header)
	}
	if err := ep.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if calls := fake.CallsTo("PATCH", "/webhooks/*/*/messages/@original"); len(calls) != 1 {
		t.Errorf("edit calls = %v, want one", calls)
	}
}

// TestEndpointEditAfterAck: the answer to a deferred HTTP interaction (an
// edit of the holding reply, or a private follow-up replacing it) is sent
// only once the deferred reply has been written and flushed, so even on a
// slow network it never reaches Discord before the acknowledgement (which
// Discord would refuse: 10015 Unknown Webhook).
// The engine takes 20 times the deadline, so the holding reply goes first
// however late the timer runs on a busy machine.
func TestEndpointEditAfterAck(t *testing.T) {
	eng := slowEngine{mustHandler(t).engines.cur.eng, 400 * time.Millisecond}
	h := NewHandler(slog.New(slog.DiscardHandler), eng, Config{RatePerMinute: 1000})
	hs := newHarness(t, "http", h, 20*time.Millisecond, discordtest.WithHTTPLatency(150*time.Millisecond))
	for q, want := range map[string]string{
		"what did China say about proof?": "no **proof** yet",  // an edit of @original
		"Who won the Super Bowl?":         "I don't have that", // a private follow-up
	} {
		st := hs.send(hs.fake.SlashCommand("ask", discordtest.StringArg("question", q)))
		if st.ResponseType != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("reply type %d, want deferred (5)", st.ResponseType)
		}
		prefix := "/webhooks/" + discordtest.AppID + "/" + st.Token
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := hs.fake.WaitCall(ctx, "", prefix) // recorded just after it is applied
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range hs.fake.CallsTo("", prefix) {
			if c.Status >= 300 || c.At.Before(st.RespondedAt) {
				t.Errorf("%v at %v, acknowledged at %v: %s", c, c.At, st.RespondedAt, c.Response)
			}
		}
		m := shown(st)
		if m == nil || !strings.Contains(m.Content, want) && (len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Description, want)) {
			t.Errorf("%q: answer shown as %+v", q, m)
		}
	}
}
