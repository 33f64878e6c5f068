// Package discordtest is a fake Discord for end-to-end tests: a gateway
// websocket and the slice of the REST API a bot answering interactions uses,
// both served by one httptest server. Tests point a real *discordgo.Session
// at it (REST through an http.Client whose Transport rebases
// "https://discord.com/api/v10/..." onto APIBase; the gateway URL is handed
// out by GET /gateway) and then drive the session from the Discord side:
// dispatch events, drop or recycle the connection, inject REST faults, and
// inspect every REST call the bot made.
//
// What the fake checks, as Discord does: the bot token on REST and on
// IDENTIFY/RESUME, the interaction token and the three-second deadline on
// interaction callbacks, single acknowledgement, message and embed limits,
// component and command shape. Errors come back with Discord's JSON error
// bodies and codes, so discordgo turns them into *discordgo.RESTError.
//
// It applies messages as Discord does: an update (type 7) or an edit
// (PATCH) replaces each key present, null, "" or [] clearing it, and keeps
// each key absent, on the message as it now is (wherever the fake keeps
// it); whether a message is ephemeral never changes after it is sent; and
// no webhook exists before the acknowledgement, so an edit of @original
// that comes first gets 10015 Unknown Webhook. DeliverHTTP delivers an
// interaction to an HTTP endpoint, acknowledging it when the reply has been
// written and flushed.
//
// A file a test attaches to a command (AttachmentArg) is served, as
// Discord's CDN serves it, from an attachment host of the fake's own under
// a signed, expiring URL; see attachments.go.
//
// Every body is also checked against Discord's OpenAPI description of its
// route and the rules its documentation adds (see conform.go); a body that
// does not conform fails the test, unless WithoutConformance is set.
//
// Notes on discordgo v0.29.0, which this fake was written against:
//   - it speaks API v9 (discordgo.APIVersion) unless told otherwise; package
//     discord sets v10, so REST goes to https://discord.com/api/v10/ and the
//     gateway is dialled with ?v=10. The fake serves any /api/vN/ prefix;
//     APIBase returns the v10 form.
//   - it asks GET /gateway (not /gateway/bot) once per Session and caches
//     the URL (with a "/" appended) for every reconnect; resume_gateway_url in
//     READY is ignored.
//   - every reconnect (dropped socket, op 7) sleeps one second inside
//     Session.CloseWithCode before dialling again, and tries RESUME; op 9 is
//     answered with a fresh IDENTIFY on the same socket, whatever its "d".
//   - on 429 it sleeps retry_after and repeats the request, and on 502 it
//     repeats up to MaxRestRetries times; any other status is an error.
//   - any non-empty X-RateLimit-Global header (even "false") is taken as a
//     global limit, so the fake never sends one for per-route limits.
package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fixed identities of the fake. As for any bot created since 2020 the
// application ID and the bot's user ID are the same.
const (
	AppID       = "1100000000000000001"
	BotUserID   = AppID
	BotUsername = "newsbot"
	// Token is the bot token; REST calls must carry "Authorization: Bot
	// <Token>" and IDENTIFY/RESUME must carry Token or "Bot <Token>" (what
	// discordgo sends). Anything else gets 401 or gateway close 4004.
	Token = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.discordtest.fake-bot-token-not-a-secret"

	// Defaults used by the interaction builders.
	GuildID   = "1200000000000000001"
	ChannelID = "1300000000000000001"
	UserID    = "1400000000000000001"
	Username  = "alice"
)

// Option configures a Server.
type Option func(*config)

type config struct {
	heartbeat  time.Duration
	deadline   time.Duration
	retryAfter time.Duration
	shards     int
	privileged bool
	// httpLatency holds each Write of an HTTP endpoint's reply (DeliverHTTP).
	httpLatency time.Duration
	// lenient turns the conformance check off.
	lenient bool
	// withholdReady is how many IDENTIFYs get no READY; -1 is all.
	withholdReady int
}

// WithoutConformance turns off the check of each body against Discord's
// spec (by default a body that does not conform is a test error, and is
// listed by Violations). For tests that send discordgo's own bodies, or
// bad ones on purpose.
func WithoutConformance() Option {
	return func(c *config) { c.lenient = true }
}

// WithHeartbeatInterval sets the heartbeat_interval sent in HELLO (default
// 41.25s, what Discord sends). discordgo heartbeats at once and then on
// this period, and reconnects when no ACK came for five periods. A short
// period is not harmless: discordgo v0.29's heartbeat goroutine for a
// connection it is closing (op 7) may tick during the close and then close
// the new connection with 1000, which ends the session.
func WithHeartbeatInterval(d time.Duration) Option {
	return func(c *config) { c.heartbeat = d }
}

// WithInteractionDeadline sets how long after Dispatch an interaction may be
// acknowledged (default 3s, Discord's); later callbacks get 404 "Unknown
// interaction" (10062). Zero or less disables the deadline.
func WithInteractionDeadline(d time.Duration) Option {
	return func(c *config) { c.deadline = d }
}

// WithRetryAfter sets retry_after of injected 429s (default 50ms).
func WithRetryAfter(d time.Duration) Option {
	return func(c *config) { c.retryAfter = d }
}

// WithReadyWithheld makes the gateway answer the first n IDENTIFYs with
// no READY (n < 0: every one), leaving the connection open and its
// heartbeats acknowledged, as a stalled gateway does. Withheld counts them.
func WithReadyWithheld(n int) Option {
	return func(c *config) { c.withholdReady = n }
}

// WithShards sets the "shards" GET /gateway/bot recommends (default 1).
func WithShards(n int) Option {
	return func(c *config) { c.shards = n }
}

// WithPrivilegedIntents lets IDENTIFY ask for the privileged intents
// (members, presences, message content); by default the fake closes such
// connections with 4014 "Disallowed intent(s)", as Discord does for an app
// that has not enabled them.
func WithPrivilegedIntents() Option {
	return func(c *config) { c.privileged = true }
}

// Server is a fake Discord. It is safe for concurrent use.
type Server struct {
	tb  testing.TB
	cfg config
	srv *httptest.Server
	api *http.ServeMux // the REST routes

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change
	shut    bool

	calls      []*callRec
	faults     []*fault
	violations []Violation

	nconns     int
	conns      []*gwConn
	sessions   map[string]*gwSession
	identifies []Identify
	idTaken    int
	withheld   int // IDENTIFYs answered with no READY
	resumes    []Resume
	resTaken   int

	commands     map[string][]map[string]any // by guild ID, "" for global
	interactions map[string]*interaction     // by interaction ID
	byToken      map[string]*interaction

	cdn attachmentHost // started on the first AttachmentArg
}

// New starts a fake Discord; tb.Cleanup drops its gateway connections and
// shuts it down. Close your discordgo sessions before that (register their
// Close with tb.Cleanup after calling New), or they keep trying to reconnect.
func New(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := &Server{
		tb: tb,
		cfg: config{
			heartbeat:  41250 * time.Millisecond,
			deadline:   3 * time.Second,
			retryAfter: 50 * time.Millisecond,
			shards:     1,
		},
		changed:      make(chan struct{}),
		sessions:     map[string]*gwSession{},
		commands:     map[string][]map[string]any{},
		interactions: map[string]*interaction{},
		byToken:      map[string]*interaction{},
	}
	for _, o := range opts {
		o(&s.cfg)
	}
	s.api = s.routes()
	// Assigned before it starts: handlers read s.srv (for the gateway URL).
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.srv.Start()
	tb.Cleanup(s.close)
	return s
}

func (s *Server) close() {
	s.mu.Lock()
	s.shut = true
	conns := append([]*gwConn(nil), s.conns...)
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	s.srv.Close()
}

// URL is the server's root, e.g. "http://127.0.0.1:PORT".
func (s *Server) URL() string { return s.srv.URL }

// APIBase is the REST base to rebase "https://discord.com/api/vN" onto, e.g.
// "http://127.0.0.1:PORT/api/v10". Any /api/vN prefix is served the same.
func (s *Server) APIBase() string { return s.srv.URL + "/api/v10" }

// GatewayURL is the websocket URL GET /gateway hands out.
func (s *Server) GatewayURL() string {
	return "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway"
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// wait calls cond under s.mu until it returns true or ctx is done.
func (s *Server) wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (s *Server) logf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.shut {
		s.tb.Logf("discordtest: "+format, args...)
	}
}

// ---- REST recording ----

// Call is one REST request the fake received.
type Call struct {
	Method string
	// Path is relative to the API base and has no query, e.g.
	// "/interactions/123/tok/callback". Requests outside /api/vN/ keep
	// their full path.
	Path   string
	Query  url.Values
	Header http.Header
	// Body is the request body as sent; for multipart requests see Payload.
	Body []byte
	At   time.Time
	// Status is the status the fake answered with, 0 if the client went
	// away during an injected delay. Response is the body it sent.
	Status   int
	Response []byte
}

// Payload returns the JSON part of the body: payload_json for multipart
// requests (discordgo sends those when files are attached), else Body.
func (c Call) Payload() []byte {
	mt, params, err := mime.ParseMediaType(c.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		return c.Body
	}
	r := multipart.NewReader(bytes.NewReader(c.Body), params["boundary"])
	for {
		p, err := r.NextPart()
		if err != nil {
			return nil
		}
		if p.FormName() == "payload_json" {
			b, _ := io.ReadAll(p)
			return b
		}
	}
}

// Decode unmarshals Payload into v.
func (c Call) Decode(v any) error { return json.Unmarshal(c.Payload(), v) }

func (c Call) String() string { return fmt.Sprintf("%s %s -> %d", c.Method, c.Path, c.Status) }

type callRec struct {
	Call
	taken bool
}

// Calls returns every REST call recorded so far, in arrival order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		out[i] = c.Call
	}
	return out
}

// CallsTo returns the recorded calls matching method and pattern (see
// WaitCall), without taking them.
func (s *Server) CallsTo(method, pattern string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if matchCall(method, pattern, c.Method, c.Path) {
			out = append(out, c.Call)
		}
	}
	return out
}

// ResetCalls forgets the recorded calls.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

// WaitCall returns the earliest recorded call matching method and pattern
// that no WaitCall has returned yet, waiting for one if there is none; so
// calling it twice yields the first and the second match. A call is recorded
// once its response has been decided, so e.g. stored commands are already
// updated. method "" matches any method. pattern is matched against
// Call.Path: as a path.Match glob if it holds any of "*?[" (a "*" spans one
// path segment), else as a prefix; a leading "/api/vN" is ignored.
func (s *Server) WaitCall(ctx context.Context, method, pattern string) (Call, error) {
	var got Call
	err := s.wait(ctx, func() bool {
		for _, c := range s.calls {
			if !c.taken && matchCall(method, pattern, c.Method, c.Path) {
				c.taken = true
				got = c.Call
				return true
			}
		}
		return false
	})
	if err != nil {
		return Call{}, fmt.Errorf("discordtest: no %s %s call (calls: %v): %w", orAny(method), pattern, s.Calls(), err)
	}
	return got, nil
}

func orAny(method string) string {
	if method == "" {
		return "*"
	}
	return method
}

var apiPrefix = regexp.MustCompile(`^/api/v[0-9]+`)

func matchCall(method, pattern, gotMethod, gotPath string) bool {
	if method != "" && !strings.EqualFold(method, gotMethod) {
		return false
	}
	pattern = apiPrefix.ReplaceAllString(pattern, "")
	if strings.ContainsAny(pattern, "*?[") {
		ok, _ := path.Match(pattern, gotPath)
		return ok
	}
	return strings.HasPrefix(gotPath, pattern)
}

// ---- fault injection ----

type fault struct {
	method, pattern string
	status          int
	delay           time.Duration
	n               int
}

// FailNext makes the next n calls matching method and pattern (as in
// WaitCall) fail with status instead of being served. A 429 carries
// Discord's rate-limit body and headers (retry_after from WithRetryAfter),
// so discordgo waits and retries; a 502 is retried by discordgo too, up to
// Session.MaxRestRetries; other statuses come back as *discordgo.RESTError.
func (s *Server) FailNext(method, pattern string, status, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{method: method, pattern: pattern, status: status, n: n})
}

// DelayNext holds the next n calls matching method and pattern for d before
// serving them (or failing them, if a FailNext also matches).
func (s *Server) DelayNext(method, pattern string, d time.Duration, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{method: method, pattern: pattern, delay: d, n: n})
}

// takeFaults consumes the first matching delay and the first matching
// failure.
func (s *Server) takeFaults(method, p string) (delay time.Duration, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var gotDelay, gotFail bool
	for _, f := range s.faults {
		if f.n <= 0 || !matchCall(f.method, f.pattern, method, p) {
			continue
		}
		if f.status == 0 && !gotDelay {
			gotDelay, delay = true, f.delay
			f.n--
		} else if f.status != 0 && !gotFail {
			gotFail, status = true, f.status
			f.n--
		}
	}
	return delay, status
}
