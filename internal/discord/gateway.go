package discord

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// SessionConfig says how to reach Discord.
type SessionConfig struct {
	Token string // the bot token, without "Bot "
	// APIBase is the REST base URL, e.g. "http://127.0.0.1:8080/api/v10"
	// for a rate-limit proxy or a test server; "" is Discord's. The gateway
	// URL is asked of it, as discordgo does.
	APIBase string
	// ShardID and ShardCount split the gateway across processes; a
	// ShardCount of 0 or 1 means no sharding.
	ShardID, ShardCount int
}

// NewSession returns a discordgo session for cfg, not yet connected. With
// no token it can still answer interactions by REST (their webhooks carry
// their own token), but not connect to the gateway.
func NewSession(cfg SessionConfig) (*discordgo.Session, error) {
	auth := ""
	if t := strings.TrimSpace(cfg.Token); t != "" {
		auth = "Bot " + t
	}
	s, err := discordgo.New(auth)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	transport := http.DefaultTransport
	if cfg.APIBase != "" {
		base, err := ParseAPIBase(cfg.APIBase)
		if err != nil {
			return nil, fmt.Errorf("DISCORD_API_BASE: %w", err)
		}
		transport = rebase{base: base, next: transport}
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: transport}
	// Interactions arrive whatever the intents; guilds is the least the
	// gateway accepts and needs no privileged intent.
	s.Identify.Intents = discordgo.IntentsGuilds
	if cfg.ShardCount > 1 {
		s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	}
	return s, nil
}

// rebase sends requests for Discord's REST API to another base URL.
type rebase struct {
	base *url.URL
	next http.RoundTripper
}

func (t rebase) RoundTrip(r *http.Request) (*http.Response, error) {
	rest, ok := strings.CutPrefix(r.URL.String(), discordgo.EndpointAPI)
	if !ok {
		return t.next.RoundTrip(r)
	}
	u, err := url.Parse(t.base.String() + "/" + rest)
	if err != nil {
		return nil, err
	}
	r = r.Clone(r.Context())
	r.URL, r.Host = u, u.Host
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		// The client's error names discordgo's URL; say where it really went.
		return nil, fmt.Errorf("DISCORD_API_BASE: %s %s: %w", r.Method, u.Redacted(), err)
	}
	return resp, nil
}

// register replaces the application's commands with the bot's in one bulk
// overwrite, so registering twice changes nothing: in guildID when set
// (instant), globally otherwise. appID "" is read from the token's user.
func register(ctx context.Context, s *discordgo.Session, appID, guildID string) ([]*discordgo.ApplicationCommand, error) {
	if appID == "" {
		u, err := s.User("@me", discordgo.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("read the bot's application id: %w", err)
		}
		appID = u.ID
	}
	url := discordgo.EndpointApplicationGlobalCommands(appID)
	if guildID != "" {
		url = discordgo.EndpointApplicationGuildCommands(appID, guildID)
	}
	b, err := request(ctx, s, http.MethodPut, url, toCommands(Commands(), guildID == ""))
	if err != nil {
		return nil, fmt.Errorf("register commands: %w", err)
	}
	var cmds []*discordgo.ApplicationCommand
	if err := discordgo.Unmarshal(b, &cmds); err != nil {
		return nil, fmt.Errorf("register commands: read Discord's reply: %w", err)
	}
	return cmds, nil
}

// GatewayConfig tunes the gateway runner.
type GatewayConfig struct {
	AppID   string // "" reads it from READY
	GuildID string // register commands here; "" registers them globally
	// DeferAfter is how long an answer may take before a holding reply is
	// sent; 0 means DefaultDeferAfter. Discord allows three seconds in all,
	// and commands known to be slow defer at once.
	DeferAfter time.Duration
	// Grace is how long in-flight interactions may run on shutdown.
	Grace time.Duration
	// AskChannels are channels where every message is a question; each
	// answer there opens a thread for follow-ups.
	AskChannels []string
	// Budgets bound each answer and, separately, each reply sent.
	Budgets Budgets
	// ConnectTimeout bounds one attempt to connect, up to READY; 0 means
	// DefaultConnectTimeout. A failed attempt is retried with backoff.
	ConnectTimeout time.Duration
}

// DefaultConnectTimeout is how long one attempt to connect to the gateway
// may wait for Discord's HELLO and READY before it is retried.
const DefaultConnectTimeout = 20 * time.Second

// Intents are what the gateway asks Discord for: guild events, for the
// channels and threads; guild messages, to see mentions of the bot (their
// content comes without the privileged intent); and, only with ask
// channels, message content, which is privileged: it must be switched on
// in the developer portal (Bot → Privileged Gateway Intents).
func (cfg GatewayConfig) Intents() discordgo.Intent {
	in := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages
	if len(cfg.AskChannels) > 0 {
		in |= discordgo.IntentMessageContent
	}
	return in
}

// Gateway serves interactions that arrive over Discord's gateway.
type Gateway struct {
	log      *slog.Logger
	h        *Handler
	s        *discordgo.Session
	cfg      GatewayConfig
	inflight sync.WaitGroup
	ready    chan struct{}
	once     sync.Once
	dial     socketDialer

	askChannels map[string]bool
	threads     sync.Map // IDs of the threads the bot opened from answers
}

// NewGateway returns a runner that serves h on s.
func NewGateway(log *slog.Logger, h *Handler, s *discordgo.Session, cfg GatewayConfig) *Gateway {
	if cfg.DeferAfter <= 0 {
		cfg.DeferAfter = DefaultDeferAfter
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 5 * time.Second
	}
	cfg.Budgets = cfg.Budgets.withDefaults()
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	ask := map[string]bool{}
	for _, id := range cfg.AskChannels {
		ask[id] = true
	}
	s.Identify.Intents = cfg.Intents()
	g := &Gateway{log: log, h: h, s: s, cfg: cfg, ready: make(chan struct{}), askChannels: ask}
	// discordgo's Open waits for READY with no deadline, holding the
	// session's lock: only closing the socket under it ends the wait.
	s.Dialer = &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 10 * time.Second, NetDialContext: g.dial.dial}
	return g
}

// Ready is closed once the bot is connected and its commands registered.
func (g *Gateway) Ready() <-chan struct{} { return g.ready }

// Run connects, registers the commands and serves until ctx is done; then
// it stops taking interactions, lets those in flight finish within the
// grace period, and disconnects.
func (g *Gateway) Run(ctx context.Context) error {
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	g.s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		g.log.Info("gateway connected", "user", r.User.Username, "shard", g.s.ShardID, "shards", g.s.ShardCount)
	})
	removeHandler := g.s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		g.inflight.Add(1)
		go func() {
			defer g.inflight.Done()
			defer g.h.recoverPanic("gateway interaction")
			g.serve(work, ic.Interaction)
		}()
	})
	removeMessages := g.s.AddHandler(func(s *discordgo.Session, mc *discordgo.MessageCreate) {
		g.inflight.Add(1)
		go func() {
			defer g.inflight.Done()
			defer g.h.recoverPanic("gateway message")
			g.answerMessage(work, mc.Message)
		}()
	})
	if err := g.connect(ctx); err != nil {
		removeHandler()
		removeMessages()
		if ctx.Err() != nil {
			g.log.Info("stopped before the gateway connected")
			return nil
		}
		return err
	}
	appID := g.cfg.AppID
	if appID == "" && g.s.State != nil && g.s.State.User != nil {
		appID = g.s.State.User.ID
	}
	if _, err := register(ctx, g.s, appID, g.cfg.GuildID); err != nil {
		g.s.Close()
		if ctx.Err() != nil {
			g.log.Info("stopped before the commands were registered")
			return nil
		}
		return err
	}
	g.once.Do(func() { close(g.ready) })
	g.log.Info("serving", "guild", g.cfg.GuildID, "commands", len(Commands()))

	<-ctx.Done()
	removeHandler()
	removeMessages()
	done := make(chan struct{})
	go func() { g.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(g.cfg.Grace):
		g.log.Warn("shutdown: interactions still in flight after the grace period", "grace", g.cfg.Grace)
		stopWork()
	}
	if err := g.s.Close(); err != nil {
		return fmt.Errorf("disconnect: %w", err)
	}
	g.log.Info("stopped")
	return nil
}

// answerMessage answers a chat message that mentions the bot or is posted
// in an ask channel or one of the bot's threads there, and opens a thread
// from an answer in an ask channel.
func (g *Gateway) answerMessage(ctx context.Context, m *discordgo.Message) {
	botID := ""
	if g.s.State != nil && g.s.State.User != nil {
		botID = g.s.State.User.ID
	}
	where := g.where(m.ChannelID)
	actx, cancel := context.WithTimeout(ctx, g.cfg.Budgets.Answer)
	r := g.h.Message(actx, m, botID, where)
	cancel()
	if r == nil {
		return
	}
	ctx, cancel = context.WithTimeout(ctx, g.cfg.Budgets.Send)
	defer cancel()
	sent, err := sendMessage(ctx, g.s, m.ChannelID, r.Send)
	if err != nil {
		g.log.Error("send message reply", "err", err)
		return
	}
	if r.Thread == "" {
		return
	}
	// A thread started from a message takes the message's ID: known now,
	// so a follow-up posted the moment the thread appears is recognised.
	g.threads.Store(sent.ID, true)
	if err := startThread(ctx, g.s, m.ChannelID, sent.ID, r.Thread); err != nil {
		g.threads.Delete(sent.ID)
		g.log.Error("open thread", "err", err)
	}
}

// where tells an ask channel, a thread of one (the bot's own, or one the
// state cache knows the parent of), or elsewhere.
func (g *Gateway) where(channelID string) int {
	if g.askChannels[channelID] {
		return AskChannel
	}
	if _, ok := g.threads.Load(channelID); ok {
		return AskThread
	}
	if g.s.State != nil {
		if ch, err := g.s.State.Channel(channelID); err == nil && ch.IsThread() && g.askChannels[ch.ParentID] {
			return AskThread
		}
	}
	return Elsewhere
}

// serve handles one interaction and sends its reply, deferring first when
// the answer is slow (at once for commands known to be slow).
func (g *Gateway) serve(ctx context.Context, i *discordgo.Interaction) {
	if i == nil {
		return
	}
	// Discord's window runs from the interaction's creation; its arrival
	// is the bot's best view of that, whatever the clocks say.
	window := time.Now().Add(InteractionWindow)
	actx, cancel := context.WithTimeout(ctx, g.cfg.Budgets.Answer)
	defer cancel()
	if f := g.h.respond(actx, i, deferAfter(i, g.cfg.DeferAfter), &gatewayReplier{g: g, ctx: ctx, window: window, i: i}); f != nil {
		g.log.Error(f.reply, "err", f.err)
	}
}

// gatewayReplier sends an interaction's replies by REST.
type gatewayReplier struct {
	g      *Gateway
	ctx    context.Context
	window time.Time
	i      *discordgo.Interaction
}

func (r *gatewayReplier) callback(resp *discordgo.InteractionResponse) error {
	return r.g.respond(r.ctx, r.window, r.i, resp)
}

func (r *gatewayReplier) late(deferred, resp *discordgo.InteractionResponse) error {
	ctx, cancel := context.WithTimeout(r.ctx, r.g.cfg.Budgets.Send)
	defer cancel()
	return sendLate(ctx, r.g.s, r.i, deferred, resp)
}

// respond sends i's callback within the send budget and Discord's window,
// whichever ends first: no retry outlives the window.
func (g *Gateway) respond(ctx context.Context, window time.Time, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	ctx, cancel := context.WithTimeout(ctx, g.cfg.Budgets.Send)
	defer cancel()
	ctx, cancelWindow := context.WithDeadline(ctx, window)
	defer cancelWindow()
	return respond(ctx, g.s, i, resp)
}
