package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/discord"
)

// errNoToken says exactly what is missing and where to set it.
var errNoToken = errors.New("DISCORD_TOKEN is not set: copy the bot token from the Discord developer portal " +
	"(your application → Bot → Reset Token) into the environment or into .env (see .env.example)")

// discordConfig is what serve and register need to reach Discord.
type discordConfig struct {
	session discord.SessionConfig
	appID   string
	guildID string
}

func readDiscordConfig(e *env) (discordConfig, error) {
	c := discordConfig{
		session: discord.SessionConfig{Token: e.get("DISCORD_TOKEN"), APIBase: e.get("DISCORD_API_BASE")},
		appID:   e.get("DISCORD_APP_ID"),
		guildID: e.get("DISCORD_GUILD_ID"),
	}
	e.secrets.add(c.session.Token)
	if c.session.Token == "" {
		return c, errNoToken
	}
	var err error
	if c.session.ShardID, err = envInt(e, "SHARD_ID", 0); err != nil {
		return c, err
	}
	if c.session.ShardCount, err = envInt(e, "SHARD_COUNT", 1); err != nil {
		return c, err
	}
	if c.session.ShardCount < 1 || c.session.ShardID < 0 || c.session.ShardID >= c.session.ShardCount {
		return c, usagef("SHARD_ID %d must be at least 0 and below SHARD_COUNT %d", c.session.ShardID, c.session.ShardCount)
	}
	return c, nil
}

// envIDs reads a comma-separated list of Discord ids (snowflakes).
func envIDs(e *env, key string) ([]string, error) {
	var ids []string
	for _, f := range strings.Split(e.get(key), ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if _, err := strconv.ParseUint(f, 10, 64); err != nil {
			return nil, usagef("%s: %q is not a Discord id (a number)", key, f)
		}
		ids = append(ids, f)
	}
	return ids, nil
}

func envInt(e *env, key string, def int) (int, error) {
	v := e.get(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, usagef("%s=%q is not a whole number", key, v)
	}
	return n, nil
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve")
	libOpts := libraryFlags(e, fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("serve: unexpected argument %q", rest[0])
	}
	cfg, err := readDiscordConfig(e)
	if err != nil {
		return err
	}
	hcfg, err := handlerConfig(e)
	if err != nil {
		return err
	}
	hcfg.Mentions = true
	lib, err := open(ctx, e, libOpts)
	if err != nil {
		return err
	}
	defer lib.Close()
	s, err := discord.NewSession(cfg.session)
	if err != nil {
		return err
	}
	askChannels, err := envIDs(e, "ASK_CHANNEL_IDS")
	if err != nil {
		return err
	}
	h, closeHandler, err := newHandler(ctx, e, lib, libOpts, hcfg)
	if err != nil {
		return err
	}
	defer closeHandler()
	g := discord.NewGateway(e.log, h, s, discord.GatewayConfig{AppID: cfg.appID, GuildID: cfg.guildID, AskChannels: askChannels})
	e.log.Info("starting gateway bot", "articles", len(lib.Engine.Articles()), "passages", lib.Engine.Passages())
	return g.Run(ctx)
}

func runRegister(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "register")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("register: unexpected argument %q", rest[0])
	}
	cfg, err := readDiscordConfig(e)
	if err != nil {
		return err
	}
	s, err := discord.NewSession(cfg.session)
	if err != nil {
		return err
	}
	cmds, err := discord.RegisterCommands(ctx, s, cfg.appID, cfg.guildID)
	if err != nil {
		return err
	}
	where := "globally (may take up to an hour to appear)"
	if cfg.guildID != "" {
		where = "in guild " + cfg.guildID
	}
	fmt.Fprintf(e.stdout, "registered %d commands %s:\n", len(cmds), where)
	for _, c := range cmds {
		kind := "/"
		if c.Menu {
			kind = "message menu: "
		}
		fmt.Fprintf(e.stdout, "  %s%s\n", kind, c.Name)
	}
	return nil
}

// handlerConfig reads what both serving modes set the same way: the
// per-user rate, the moderators' role and the operators who may /reload.
func handlerConfig(e *env) (discord.Config, error) {
	rate, err := envInt(e, "RATE_LIMIT_PER_MINUTE", discord.DefaultRatePerMinute)
	if err != nil {
		return discord.Config{}, err
	}
	modRole, err := envIDs(e, "MOD_ROLE_ID")
	if err != nil || len(modRole) > 1 {
		return discord.Config{}, usagef("MOD_ROLE_ID=%q: want one role id", e.get("MOD_ROLE_ID"))
	}
	owners, err := envIDs(e, "BOT_OWNER_IDS")
	if err != nil {
		return discord.Config{}, err
	}
	return discord.Config{RatePerMinute: rate, ModRoleID: strings.Join(modRole, ""), Operators: owners}, nil
}

// newHandler serves lib: it warms the engine's timeline and quotations,
// opens the feedback store and wires /reload. closeStore releases the store.
func newHandler(ctx context.Context, e *env, lib *articles.Set, flags func() (articles.Options, error), cfg discord.Config) (h *discord.Handler, closeStore func(), err error) {
	lib.Engine.Warm()
	fb, err := openFeedback(ctx, e)
	if err != nil {
		return nil, nil, err
	}
	closeStore = func() {}
	if fb != nil {
		cfg.Feedback, closeStore = fb, func() { closeFeedback(e, fb) }
	}
	cfg.Examples, cfg.Load = lib.Examples, reloader(e, flags)
	return discord.NewHandler(e.log, lib.Engine, cfg), closeStore, nil
}

// reloader is /reload's loader: it re-reads the --data directory and
// indexes it in memory (an on-disk index stays locked by the engine still
// answering). It is nil, turning /reload off, without --data: the
// embedded articles cannot change.
func reloader(e *env, flags func() (articles.Options, error)) func(context.Context) (*discord.Loaded, error) {
	opt, err := flags()
	if err != nil || opt.Data == "" {
		return nil
	}
	opt.Index, opt.ReadOnly = "", false
	return func(ctx context.Context) (*discord.Loaded, error) {
		lib, err := articles.Open(ctx, opt)
		if err != nil {
			return nil, err
		}
		lib.Engine.Warm()
		l := &discord.Loaded{Engine: lib.Engine, Examples: lib.Examples, Articles: len(lib.Engine.Articles()),
			Passages: lib.Engine.Passages(), Close: lib.Close}
		for _, s := range lib.Skipped {
			l.Skipped = append(l.Skipped, s.String())
		}
		e.log.Info("reloaded the articles", "dir", opt.Data, "articles", l.Articles, "passages", l.Passages, "skipped", len(l.Skipped))
		return l, nil
	}
}
