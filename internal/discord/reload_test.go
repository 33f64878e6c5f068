package discord

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/articles"
)

// gatedEngine holds each answer until its gate opens.
type gatedEngine struct {
	Answerer
	started chan struct{}
	gate    chan struct{}
}

func (g gatedEngine) Ask(ctx context.Context, q string) (*answer.Answer, error) {
	g.started <- struct{}{}
	<-g.gate
	return g.Answerer.Ask(ctx, q)
}

func moderator() *discordgo.Member {
	m := member("mod")
	m.Permissions = discordgo.PermissionManageGuild
	return m
}

// TestReloadDuringAnInFlightQuestion: /reload swaps in the new articles at
// once, the question in flight finishes on the old ones, and the old engine
// is closed only after it has.
func TestReloadDuringAnInFlightQuestion(t *testing.T) {
	old, err := articles.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	gated := gatedEngine{old.Engine, make(chan struct{}), make(chan struct{})}

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "001_tasman.txt"), []byte("Tasman Mobile says hackers stole data\n\n"+
		"Australian telecommunications company Tasman Mobile said on Tuesday that hackers had stolen the data of four million customers.\n\nReuters\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "002_broken.txt"), nil, 0o644)
	var oldClosed, newLoaded atomic.Bool
	load := func(ctx context.Context) (*Loaded, error) {
		lib, err := articles.Load(ctx, dir)
		if err != nil {
			return nil, err
		}
		newLoaded.Store(true)
		t.Cleanup(func() { lib.Close() })
		return &Loaded{Engine: lib.Engine, Articles: len(lib.Engine.Articles()), Passages: lib.Engine.Passages(),
			Skipped: []string{lib.Skipped[0].String()}}, nil
	}
	h := NewHandler(slog.New(slog.DiscardHandler), gated, Config{Load: load, RatePerMinute: 1000, Operators: []string{"mod"}})
	// The handler closes the engine it replaces through Loaded.Close; give
	// the first one a Close too, to see when it runs.
	h.engines.cur.close = func() error { oldClosed.Store(true); return nil }

	inflight := make(chan *discordgo.InteractionResponse)
	go func() {
		resp, _ := h.Handle(context.Background(), slash(cmdAsk, str(optQuestion, "what did China say about proof?")))
		inflight <- resp
	}()
	<-gated.started

	rl := slash(cmdReload)
	rl.Member = moderator()
	resp, err := h.Handle(context.Background(), rl)
	if err != nil || !newLoaded.Load() || !strings.Contains(resp.Data.Content, "Reloaded: 1 articles, 1 passages.") ||
		!strings.Contains(unescape(resp.Data.Content), "002_broken.txt: empty file") || resp.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Fatalf("reload = %+v, %v", resp.Data, err)
	}
	// New questions already see the new articles...
	now, _ := h.Handle(context.Background(), slash(cmdAsk, str(optQuestion, "What did Tasman Mobile say about hackers?")))
	if len(now.Data.Embeds) != 1 || !strings.Contains(now.Data.Embeds[0].Description, "Tasman") {
		t.Errorf("after reload: %+v", now.Data)
	}
	time.Sleep(50 * time.Millisecond)
	if oldClosed.Load() {
		t.Fatal("the old engine was closed under a question in flight")
	}
	// ...and the one in flight finishes on the old ones.
	close(gated.gate)
	got := <-inflight
	if len(got.Data.Embeds) != 1 || !strings.Contains(got.Data.Embeds[0].Description, "proof") {
		t.Errorf("the question in flight got %+v", got.Data)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !oldClosed.Load() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if !oldClosed.Load() {
		t.Error("the old engine was never closed")
	}
}

// TestReloadRefusals: /reload changes the articles for every server, so
// only a configured operator may run it; a moderator with Manage Server in
// their own server may not, and without operators it says how to enable it.
func TestReloadRefusals(t *testing.T) {
	loads := 0
	load := func(ctx context.Context) (*Loaded, error) { loads++; return nil, context.Canceled }
	stranger := slash(cmdReload)
	stranger.Member = moderator() // Manage Server in the server they invoke it from
	stranger.Member.User.ID = "someone"
	tests := []struct {
		name string
		cfg  Config
		i    *discordgo.Interaction
		want string
	}{
		{"without --data", Config{Operators: []string{"mod"}}, slash(cmdReload), "Reloading is off: this bot answers from the articles built into it"},
		{"no operators configured", Config{Load: load}, stranger, "set BOT_OWNER_IDS"},
		{"Manage Server but not an operator", Config{Load: load, Operators: []string{"mod"}}, stranger, reloadNotOperator},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHandler(slog.New(slog.DiscardHandler), mustHandler(t).engines.cur.eng, tt.cfg)
			resp, _ := h.Handle(context.Background(), tt.i)
			if !strings.Contains(resp.Data.Content, tt.want) || resp.Data.Flags != discordgo.MessageFlagsEphemeral {
				t.Errorf("reload = %q (flags %d), want a private %q", resp.Data.Content, resp.Data.Flags, tt.want)
			}
		})
	}
	if loads != 0 {
		t.Errorf("a refused /reload loaded the articles %d times", loads)
	}
}

// TestReloadSingleFlight: a /reload while another runs is refused with a
// clear message, and the articles are read once.
func TestReloadSingleFlight(t *testing.T) {
	var loads atomic.Int32
	started, gate := make(chan struct{}), make(chan struct{})
	load := func(ctx context.Context) (*Loaded, error) {
		loads.Add(1)
		close(started)
		<-gate
		return nil, context.Canceled
	}
	h := NewHandler(slog.New(slog.DiscardHandler), mustHandler(t).engines.cur.eng, Config{Load: load, Operators: []string{"mod"}})
	rl := slash(cmdReload)
	rl.Member = moderator()
	first := make(chan *discordgo.InteractionResponse)
	go func() {
		resp, _ := h.Handle(context.Background(), rl)
		first <- resp
	}()
	<-started
	second, _ := h.Handle(context.Background(), rl)
	if second.Data.Content != reloadBusy {
		t.Errorf("a second /reload while one runs = %q, want %q", second.Data.Content, reloadBusy)
	}
	close(gate)
	if resp := <-first; !strings.Contains(resp.Data.Content, "couldn't reload") {
		t.Errorf("the first /reload = %q", resp.Data.Content)
	}
	if n := loads.Load(); n != 1 {
		t.Errorf("articles read %d times, want once", n)
	}
	// Once it has finished, another may run.
	gate, started = make(chan struct{}), make(chan struct{})
	close(gate)
	if resp, _ := h.Handle(context.Background(), rl); resp.Data.Content == reloadBusy {
		t.Error("a /reload after the first finished was refused as busy")
	}
}
