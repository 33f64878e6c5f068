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
		base, err := url.Parse(strings.TrimSuffix(cfg.APIBase, "/"))
		if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
			return nil, fmt.Errorf("DISCORD_API_BASE %q is not an http(s) URL", cfg.APIBase)
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

// Register replaces the application's commands with the bot's in one bulk
// overwrite, so registering twice changes nothing: in guildID when set
// (instant), globally otherwise. appID "" is read from the token's user.
func Register(ctx context.Context, s *discordgo.Session, appID, guildID string) ([]*discordgo.ApplicationCommand, error) {
	if appID == "" {
		u, err := s.User("@me", discordgo.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("read the bot's application id: %w", err)
		}
		appID = u.ID
	}
	cmds, err := s.ApplicationCommandBulkOverwrite(appID, guildID, Commands(), discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("register commands: %w", err)
	}
	return cmds, nil
}

// GatewayConfig tunes the gateway runner.
type GatewayConfig struct {
	AppID   string // "" reads it from READY
	GuildID string // register commands here; "" registers them globally
	// DeferAfter is how long an answer may take before a holding reply is
	// sent; Discord allows three seconds in all.
	DeferAfter time.Duration
	// Grace is how long in-flight interactions may run on shutdown.
	Grace time.Duration
	// AskChannels are channels where every message is a question; each
	// answer there opens a thread for follow-ups.
	AskChannels []string
}

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

	askChannels map[string]bool
	threads     sync.Map // IDs of the threads the bot opened from answers
}

// NewGateway returns a runner that serves h on s.
func NewGateway(log *slog.Logger, h *Handler, s *discordgo.Session, cfg GatewayConfig) *Gateway {
	if cfg.DeferAfter <= 0 {
		cfg.DeferAfter = 2 * time.Second
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 5 * time.Second
	}
	ask := map[string]bool{}
	for _, id := range cfg.AskChannels {
		ask[id] = true
	}
	s.Identify.Intents = cfg.Intents()
	return &Gateway{log: log, h: h, s: s, cfg: cfg, ready: make(chan struct{}), askChannels: ask}
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
			g.serve(work, ic.Interaction)
		}()
	})
	removeMessages := g.s.AddHandler(func(s *discordgo.Session, mc *discordgo.MessageCreate) {
		g.inflight.Add(1)
		go func() {
			defer g.inflight.Done()
			g.answerMessage(work, mc.Message)
		}()
	})
	if err := g.s.Open(); err != nil {
		return fmt.Errorf("connect to the Discord gateway: %w", err)
	}
	appID := g.cfg.AppID
	if appID == "" && g.s.State != nil && g.s.State.User != nil {
		appID = g.s.State.User.ID
	}
	if _, err := Register(ctx, g.s, appID, g.cfg.GuildID); err != nil {
		g.s.Close()
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
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	r := g.h.Message(ctx, m, botID, where)
	if r == nil {
		return
	}
	sent, err := g.s.ChannelMessageSendComplex(m.ChannelID, r.Send, discordgo.WithContext(ctx))
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
	if _, err := g.s.MessageThreadStartComplex(m.ChannelID, sent.ID, &discordgo.ThreadStart{
		Name: r.Thread, AutoArchiveDuration: 1440, Type: discordgo.ChannelTypeGuildPublicThread,
	}, discordgo.WithContext(ctx)); err != nil {
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
// the answer is slow.
func (g *Gateway) serve(ctx context.Context, i *discordgo.Interaction) {
	type handled struct {
		resp *discordgo.InteractionResponse
		err  error
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	done := make(chan handled, 1)
	go func() {
		resp, err := g.h.Handle(ctx, i)
		done <- handled{resp, err}
	}()

	var res handled
	timer := time.NewTimer(g.cfg.DeferAfter)
	defer timer.Stop()
	select {
	case res = <-done:
	case <-timer.C:
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			res = <-done // autocomplete cannot be deferred
			break
		}
		deferred := Deferred(i)
		if err := g.s.InteractionRespond(i, deferred, discordgo.WithContext(ctx)); err != nil {
			g.log.Error("send deferred reply", "err", err)
			return
		}
		res = <-done
		if err := sendLate(ctx, g.s, i, deferred, res.resp); err != nil {
			g.log.Error("send reply after deferring", "err", err)
		}
		return
	}
	if err := g.s.InteractionRespond(i, res.resp, discordgo.WithContext(ctx)); err != nil {
		g.log.Error("send reply", "err", err)
	}
}
