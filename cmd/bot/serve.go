package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/discord"
	"github.com/sourcebot/newsbot/internal/library"
	"github.com/sourcebot/newsbot/internal/store"
)

// errNoToken says exactly what is missing and where to set it.
var errNoToken = errors.New("DISCORD_TOKEN is not set: copy the bot token from the Discord developer portal " +
	"(your application → Bot → Reset Token) into the environment or into .env (see .env.example)")

// needToken is the check of the commands that connect to Discord.
func needToken(c *config) error {
	if c.Token == "" {
		return errNoToken
	}
	return nil
}

// session is how the configuration reaches Discord.
func (c *config) session() discord.SessionConfig {
	return discord.SessionConfig{Token: c.Token, APIBase: c.APIBase, ShardID: c.ShardID, ShardCount: c.ShardCount}
}

func runServe(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("serve: unexpected argument %q", args[0])
	}
	defer applyServerGC(e)()
	s, err := discord.NewSession(e.cfg.session())
	if err != nil {
		return err
	}
	// The store first: a wrong BOT_DB fails before the articles load.
	fb, err := openFeedback(ctx, e)
	if err != nil {
		return err
	}
	if fb != nil {
		defer closeFeedback(e, fb)
	}
	lib, err := open(ctx, e)
	if err != nil {
		return err
	}
	defer lib.Close()
	hcfg := e.cfg.handler()
	hcfg.Mentions = true
	h, closeHandler, err := newHandler(e, lib, fb, hcfg)
	if err != nil {
		return err
	}
	defer closeHandler()
	g := discord.NewGateway(e.log, h, s, discord.GatewayConfig{AppID: e.cfg.AppID, GuildID: e.cfg.GuildID, AskChannels: e.cfg.AskChannels})
	e.log.Info("starting gateway bot", "articles", len(lib.Engine.Articles()), "passages", lib.Engine.Passages())
	return g.Run(ctx)
}

func runRegister(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("register: unexpected argument %q", args[0])
	}
	s, err := discord.NewSession(e.cfg.session())
	if err != nil {
		return err
	}
	cmds, err := discord.RegisterCommands(ctx, s, e.cfg.AppID, e.cfg.GuildID)
	if err != nil {
		return err
	}
	where := "globally (may take up to an hour to appear)"
	if e.cfg.GuildID != "" {
		where = "in guild " + e.cfg.GuildID
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

// handler is what both serving modes set the same way: the per-user rate,
// the moderators' role and the operators who may /reload.
func (c *config) handler() discord.Config {
	return discord.Config{RatePerMinute: c.RatePerMinute, ModRoleID: c.ModRoleID, Operators: c.Owners}
}

// newHandler serves lib: it warms the engine's timeline and quotations,
// opens the servers' libraries in the feedback store fb (nil when
// feedback is off) and wires /reload. closeLibraries releases the
// libraries; the caller closes fb after it.
func newHandler(e *env, lib *articles.Set, fb *store.Store, cfg discord.Config) (h *discord.Handler, closeLibraries func(), err error) {
	lib.Engine.Warm()
	closeLibraries = func() {}
	if fb != nil {
		// The servers' libraries live in the same store.
		libs, err := openLibraries(e, fb, lib)
		if err != nil {
			return nil, nil, err
		}
		cfg.Feedback, cfg.Library = fb, libs
		closeLibraries = func() { libs.Close() }
	}
	cfg.Examples, cfg.Load = lib.Examples, reloader(e)
	return discord.NewHandler(e.log, lib.Engine, cfg), closeLibraries, nil
}

// reloader is /reload's loader: it re-reads the --data directory and
// indexes it in memory (an on-disk index stays locked by the engine still
// answering). It is nil, turning /reload off, without --data: the
// embedded articles cannot change.
func reloader(e *env) func(context.Context) (*discord.Loaded, error) {
	opt := e.cfg.articles(e.log)
	if opt.Data == "" {
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
			Passages: lib.Engine.Passages(), Close: lib.Close, Base: library.BaseOf(lib)}
		for _, s := range lib.Skipped {
			l.Skipped = append(l.Skipped, s.String())
		}
		e.log.Info("reloaded the articles", "dir", opt.Data, "articles", l.Articles, "passages", l.Passages, "skipped", len(l.Skipped))
		return l, nil
	}
}
