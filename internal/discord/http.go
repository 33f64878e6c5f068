package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Limits of the HTTP interactions endpoint.
const (
	// MaxBody is the largest interaction body accepted; Discord's are a
	// few kilobytes.
	MaxBody = 64 << 10
	// ReplayWindow is how far a signed timestamp may be from now, either way.
	ReplayWindow = 5 * time.Minute
)

// HTTPConfig tunes the HTTP endpoint.
type HTTPConfig struct {
	PublicKey ed25519.PublicKey // the application's public key
	// Ready says why the endpoint should take no traffic though loaded (a
	// damaged index), for /readyz; nil means it always can.
	Ready func() error
	// Responder sends answers after a deferred reply.
	Responder Responder
	// DeferAfter is how long an answer may take before a deferred reply is
	// returned and the answer is sent by REST; 0 means DefaultDeferAfter.
	// Commands known to be slow defer at once.
	DeferAfter time.Duration
	// Budgets bound the answer and, separately, its late reply.
	Budgets Budgets
	// MaxAnswering is how many interactions are answered at once; others
	// wait their turn, oldest first. 0 means DefaultMaxAnswering().
	MaxAnswering int
	// MaxWait is how long an interaction may wait for its turn before it
	// is answered that the bot is busy; 0 means DefaultMaxWait.
	MaxWait time.Duration
	Now     func() time.Time // for tests; nil is time.Now
}

// Endpoint serves Discord's HTTP interactions: POST /interactions, signed
// by Discord, answered by the same Handler as the gateway; and GET /healthz
// and /readyz.
type Endpoint struct {
	log *slog.Logger
	h   atomic.Pointer[Handler]
	cfg HTTPConfig
	// late are the interactions being answered, those deferred included,
	// whose answers go out by REST after the response.
	late sync.WaitGroup
	// lateCtx bounds them; cancelled when a shutdown runs out of time.
	lateCtx  context.Context
	stopLate context.CancelFunc
	panics   atomic.Int64 // recovered outside the handler
	seen     *replays     // interactions answered, against replays
	admitted *admission   // bounds the interactions answered at once
	busy     atomic.Int64 // interactions answered "busy"
	sigs     *sigVerifier // cfg.PublicKey, decoded once
}

// NewEndpoint returns an endpoint that answers once SetHandler is called,
// so that it can listen while the articles load.
func NewEndpoint(log *slog.Logger, cfg HTTPConfig) *Endpoint {
	if cfg.DeferAfter <= 0 {
		cfg.DeferAfter = DefaultDeferAfter
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Budgets = cfg.Budgets.withDefaults()
	if cfg.MaxAnswering <= 0 {
		cfg.MaxAnswering = DefaultMaxAnswering()
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = DefaultMaxWait
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Endpoint{log: log, cfg: cfg, lateCtx: ctx, stopLate: cancel, seen: newReplays(maxRemembered), admitted: newAdmission(cfg.MaxAnswering), sigs: newSigVerifier(cfg.PublicKey)}
}

// SetHandler installs the handler, once the index is loaded, and marks the
// endpoint ready.
func (e *Endpoint) SetHandler(h *Handler) { e.h.Store(h) }

// Routes returns the endpoint's HTTP handler, with one log line a request.
func (e *Endpoint) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/interactions", e.interactions)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if e.h.Load() == nil {
			http.Error(w, "loading articles", http.StatusServiceUnavailable)
			return
		}
		if e.cfg.Ready != nil {
			if err := e.cfg.Ready(); err != nil {
				http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
				return
			}
		}
		io.WriteString(w, "ready\n")
	})
	return e.logRequests(mux)
}

// Panics is how many panics the endpoint and its handler have recovered
// from; a test can require it to stay 0.
func (e *Endpoint) Panics() int64 {
	n := e.panics.Load()
	if h := e.h.Load(); h != nil {
		n += h.Panics()
	}
	return n
}

// Drain waits for the interactions still being answered, and the answers
// still being sent after deferred replies, until ctx is done; then it
// cancels them.
func (e *Endpoint) Drain(ctx context.Context) error {
	done := make(chan struct{})
	go func() { e.late.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		e.stopLate()
		return ctx.Err()
	}
}

func (e *Endpoint) interactions(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		httpError(w, http.StatusMethodNotAllowed, "use POST")
		return
	}
	// Read the body after the timestamp, into a pooled buffer: the two
	// together are the message Discord signs.
	ts := r.Header.Get("X-Signature-Timestamp")
	buf := getBuf()
	defer putBuf(buf)
	buf.WriteString(ts)
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, MaxBody)); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpError(w, http.StatusRequestEntityTooLarge, "body too large")
			return
		}
		httpError(w, http.StatusBadRequest, "unreadable body")
		return
	}
	signed := buf.Bytes()
	body := signed[len(ts):]
	signedAt, ok := e.verify(r.Header.Get("X-Signature-Ed25519"), ts, signed)
	if !ok {
		httpError(w, http.StatusUnauthorized, "invalid request signature")
		return
	}
	var i discordgo.Interaction
	if err := decodeInteraction(body, &i); err != nil {
		httpError(w, http.StatusBadRequest, "malformed interaction")
		return
	}
	switch i.Type {
	case discordgo.InteractionPing:
		writeReply(w, nil, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	case discordgo.InteractionApplicationCommand, discordgo.InteractionMessageComponent, discordgo.InteractionApplicationCommandAutocomplete:
	default:
		httpError(w, http.StatusBadRequest, "unknown interaction type")
		return
	}
	h := e.h.Load()
	if h == nil {
		w.Header().Set("Retry-After", "1")
		httpError(w, http.StatusServiceUnavailable, "loading articles")
		return
	}
	if e.replayed(&i, signedAt) {
		writeReply(w, h, replayReply(&i))
		return
	}
	if !e.admitted.admit(r.Context(), e.cfg.MaxWait) {
		if n := e.busy.Add(1); n == 1 || n%1000 == 0 {
			e.log.Warn("busy: interactions answered that the bot is busy, after waiting their turn too long", "count", n, "max_wait", e.cfg.MaxWait, "max_answering", e.cfg.MaxAnswering)
		}
		writeReply(w, h, busyReply(&i))
		return
	}
	// The place is left once the answer is made: sending it by REST after
	// a deferral is network time, not the answer path's.
	left := false
	leave := func() {
		if !left {
			left = true
			e.admitted.done()
		}
	}
	defer leave()
	e.answer(w, h, &i, leave)
}

// answer runs the handler on the connection's goroutine and writes its
// answer, unless it takes longer than DeferAfter (or the command is known
// to be slow): then the deferred reply is written and flushed, and the
// answer follows by REST once ready.
// It calls answered once the answer is made, before any REST send.
func (e *Endpoint) answer(w http.ResponseWriter, h *Handler, i *discordgo.Interaction, answered func()) {
	e.late.Add(1)
	defer e.late.Done()
	ctx, cancel := context.WithTimeout(e.lateCtx, e.cfg.Budgets.Answer)
	defer cancel()
	after := deferAfter(i, e.cfg.DeferAfter)
	if e.cfg.Responder == nil {
		after = -1 // without REST nothing can follow a deferral
	}
	if f := h.respond(ctx, i, after, &httpReplier{e: e, h: h, w: w, i: i, answered: answered}); f != nil {
		e.log.Error(f.reply, "err", f.err)
	}
}

// httpReplier answers in the HTTP response, and after a deferral by REST.
type httpReplier struct {
	e        *Endpoint
	h        *Handler
	w        http.ResponseWriter
	i        *discordgo.Interaction
	answered func() // called before a late answer is sent
}

func (r *httpReplier) callback(resp *discordgo.InteractionResponse) error {
	if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource && resp.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		writeReply(r.w, r.h, resp)
		return nil
	}
	// The holding reply is read by Discord while the answer is still being
	// made on this connection: its length says it is complete. The answer
	// may follow only once Discord has it: before that, an edit of
	// @original is refused (10015 Unknown Webhook).
	b, err := json.Marshal(toWire(resp))
	if err != nil {
		return fmt.Errorf("encode the deferred reply: %w", err)
	}
	r.w.Header().Set("Content-Type", "application/json")
	r.w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	r.w.Write(b)
	if err := http.NewResponseController(r.w).Flush(); err != nil {
		r.e.log.Warn("flush the deferred reply", "err", err)
	}
	return nil
}

func (r *httpReplier) late(deferred, resp *discordgo.InteractionResponse) error {
	r.answered()
	ctx, cancel := context.WithTimeout(r.e.lateCtx, r.e.cfg.Budgets.Send)
	defer cancel()
	return sendLate(ctx, r.e.cfg.Responder, r.i, deferred, resp)
}

const alreadyAnswered = "This interaction was already answered."

// replayReply answers a replay with no effect, in a form valid for its
// type: autocomplete gets no choices, anything else a private notice.
func replayReply(i *discordgo.Interaction) *discordgo.InteractionResponse {
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{}}
	}
	return ephemeral(alreadyAnswered)
}

// replayed reports whether i was answered before, within its signature's
// life: a replay is answered without its effects (no second record, no
// second message), and logged.
func (e *Endpoint) replayed(i *discordgo.Interaction, signedAt time.Time) bool {
	if i.ID == "" {
		return false // Discord always sends one; nothing to remember it by
	}
	first, evicted := e.seen.first(i.ID, e.cfg.Now(), signedAt.Add(ReplayWindow))
	if evicted == 1 || evicted%10_000 == 0 && evicted > 0 {
		e.log.Warn("replay guard full: forgetting the oldest interaction ids early", "forgotten", evicted, "max", maxRemembered)
	}
	if !first {
		e.log.Warn("replayed interaction refused", "interaction", truncate(i.ID, 32))
	}
	return !first
}

// verify checks Discord's Ed25519 signature (hex) over signed, which is
// the timestamp ts and then the body, and that the timestamp is within the
// replay window; it returns the timestamp.
func (e *Endpoint) verify(sigHex, ts string, signed []byte) (time.Time, bool) {
	var sig [ed25519.SignatureSize]byte
	if hex.DecodedLen(len(sigHex)) != len(sig) { // a bad key: e.sigs refuses every signature
		return time.Time{}, false
	}
	if _, err := hex.Decode(sig[:], []byte(sigHex)); err != nil {
		return time.Time{}, false
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	at := time.Unix(sec, 0)
	if d := e.cfg.Now().Sub(at); d > ReplayWindow || d < -ReplayWindow {
		return time.Time{}, false
	}
	return at, e.sigs.Verify(signed, sig[:])
}

// writeReply writes resp as the response, encoded by h (nil for a ping).
func writeReply(w http.ResponseWriter, h *Handler, resp *discordgo.InteractionResponse) {
	buf := getBuf()
	defer putBuf(buf)
	if err := h.encodeReply(buf, resp); err != nil {
		httpError(w, http.StatusInternalServerError, "could not encode the reply")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(buf.Bytes())
}

// bufs are the buffers requests are read into and replies encoded in,
// which would otherwise be allocated anew for each request.
var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuf() *bytes.Buffer { return bufs.Get().(*bytes.Buffer) }

// putBuf returns b to the pool, unless an unusually large request or reply
// grew it: the pool should not keep that much memory.
func putBuf(b *bytes.Buffer) {
	if b.Cap() > 2*MaxBody {
		return
	}
	b.Reset()
	bufs.Put(b)
}

func httpError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]string{"error": msg})
	w.Write(b)
}

// statusWriter records the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

// Unwrap lets http.ResponseController reach the writer's Flush.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// logRequests logs one line a request, and turns a panic into a 500 that
// names nothing internal. It logs no headers: they carry signatures.
func (e *Endpoint) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				e.panics.Add(1)
				e.log.Error("panic serving request", "path", r.URL.Path, "panic", p)
				if sw.status == 0 {
					httpError(sw, http.StatusInternalServerError, "internal error")
				}
			}
			if e.log.Enabled(r.Context(), slog.LevelInfo) { // its attributes allocate even when dropped
				e.log.Info("http", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.bytes,
					"latency_ms", float64(time.Since(start).Microseconds())/1000)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}
