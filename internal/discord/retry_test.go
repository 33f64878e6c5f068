package discord

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// TestCallbackRetriesBounded: when Discord answers every callback with
// 429, the bot tries a few times within the interaction's 3-second window
// and then gives up and logs it, instead of retrying until its 10 s
// deadline (a retry storm: 100 interactions made 2,000 calls).
func TestCallbackRetriesBounded(t *testing.T) {
	const callback = "/interactions/*/*/callback"
	for _, tt := range []struct {
		name       string
		retryAfter time.Duration
		maxCalls   int
	}{
		{"short retry_after", 50 * time.Millisecond, maxAttempts},
		{"retry_after past the window", 4 * time.Second, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fake := discordtest.New(t, discordtest.WithRetryAfter(tt.retryAfter))
			logs := &discordtest.LogBuffer{}
			h := NewHandler(slog.New(slog.DiscardHandler), mustHandler(t).engines.cur.eng, Config{RatePerMinute: 1000})
			s, err := NewSession(SessionConfig{Token: discordtest.Token, APIBase: fake.APIBase()})
			if err != nil {
				t.Fatal(err)
			}
			g := NewGateway(slog.New(slog.NewTextHandler(logs, nil)), h, s, GatewayConfig{GuildID: discordtest.GuildID})
			serveUntilDone(t, g)
			fake.FailNext("POST", callback, 429, 1000)
			p := fake.SlashCommand("sources")
			start := time.Now()
			if err := fake.Dispatch("INTERACTION_CREATE", p); err != nil {
				t.Fatal(err)
			}
			for !strings.Contains(logs.String(), `msg="send reply"`) && time.Since(start) < 10*time.Second {
				time.Sleep(10 * time.Millisecond)
			}
			gaveUp := time.Since(start)
			if !strings.Contains(logs.String(), `msg="send reply"`) {
				t.Fatalf("the bot never gave up on the callback:\n%s", logs)
			}
			if gaveUp > InteractionWindow {
				t.Errorf("gave up after %v, past Discord's %v window", gaveUp, InteractionWindow)
			}
			time.Sleep(200 * time.Millisecond) // any call still to come
			if calls := fake.CallsTo("POST", callback); len(calls) > tt.maxCalls || len(calls) == 0 {
				t.Errorf("%d callback calls under 429s, want 1 to %d", len(calls), tt.maxCalls)
			}
		})
	}
}
