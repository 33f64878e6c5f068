package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/discord"
	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

const (
	fakeToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.fake-token-for-tests-only_abcdefghij"
	fakeKey   = "5e0a4bd34bdc4f36a1b5b7e33f3d4a2a0d9e18b43a0d4a44b0a8f1e2c3d4e5f6"
)

// TestSecretsNeverLogged drives error paths at debug level and checks that
// neither the token nor the public key appears in the logs or the errors.
func TestSecretsNeverLogged(t *testing.T) {
	env := map[string]string{
		"DISCORD_TOKEN":      fakeToken,
		"DISCORD_PUBLIC_KEY": fakeKey,
		"LOG_LEVEL":          "debug",
		// Nothing listens here: every REST call fails.
		"DISCORD_API_BASE": "http://127.0.0.1:1/api/v10",
	}
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"serve cannot reach Discord", []string{"serve"}, env},
		{"register cannot reach Discord", []string{"register"}, env},
		{"http cannot listen", []string{"http", "--addr", "256.0.0.1:99999"}, env},
		{"bad API base", []string{"serve"}, map[string]string{"DISCORD_TOKEN": fakeToken, "LOG_LEVEL": "debug", "DISCORD_API_BASE": "ftp://" + fakeToken}},
		{"bad shard settings", []string{"serve"}, map[string]string{"DISCORD_TOKEN": fakeToken, "LOG_LEVEL": "debug", "SHARD_ID": "3", "SHARD_COUNT": "2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := runBot(t, tt.env, tt.args...)
			if err == nil {
				t.Fatal("want an error")
			}
			for _, s := range []string{stdout, stderr, err.Error()} {
				if strings.Contains(s, fakeToken) || strings.Contains(s, fakeKey) {
					t.Errorf("a secret leaked:\n%s", s)
				}
			}
		})
	}
}

func TestMissingSecretsSayWhereToSetThem(t *testing.T) {
	for _, tt := range []struct {
		cmd, want string
	}{
		{"serve", "DISCORD_TOKEN is not set"},
		{"register", "DISCORD_TOKEN is not set"},
		{"http", "DISCORD_PUBLIC_KEY is not set"},
	} {
		_, _, err := runBot(t, nil, tt.cmd)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), ".env") || !strings.Contains(err.Error(), "developer portal") {
			t.Errorf("bot %s without secrets: %v", tt.cmd, err)
		}
	}
}

// discordFailing is a Discord that fails every REST call: it holds the
// request until the client gives up (hang), or answers 500 with a page
// that echoes the path, as some proxies do.
func discordFailing(t *testing.T, hang bool) string {
	t.Helper()
	gone := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hang {
			select {
			case <-r.Context().Done():
			case <-gone:
			}
			return
		}
		http.Error(w, "upstream failed for "+r.URL.Path, http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(gone) }) // first: a held request must not hold up Close
	return srv.URL + "/api/v10"
}

// TestInteractionTokensNeverLogged: a reply that cannot be sent, by every
// route a reply takes (the callback; the webhook edit, follow-up and delete
// of a deferred reply), against a Discord that hangs or fails with 500, is
// logged with the interaction's id but never its token, however the error
// is logged.
func TestInteractionTokensNeverLogged(t *testing.T) {
	const token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldC10b2tlbg"
	i := &discordgo.Interaction{ID: "123456789012345678", AppID: "200", Token: token, Type: discordgo.InteractionApplicationCommand}
	sends := map[string]func(s *discordgo.Session, ctx context.Context) error{
		"callback": func(s *discordgo.Session, ctx context.Context) error {
			return s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "hi"}}, discordgo.WithContext(ctx))
		},
		"edit": func(s *discordgo.Session, ctx context.Context) error {
			content := "hi"
			_, err := s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content}, discordgo.WithContext(ctx))
			return err
		},
		"follow-up": func(s *discordgo.Session, ctx context.Context) error {
			_, err := s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "hi"}, discordgo.WithContext(ctx))
			return err
		},
		"delete": func(s *discordgo.Session, ctx context.Context) error {
			return s.InteractionResponseDelete(i, discordgo.WithContext(ctx))
		},
	}
	for _, hang := range []bool{true, false} {
		base := discordFailing(t, hang)
		for name, send := range sends {
			t.Run(fmt.Sprintf("%s hang=%v", name, hang), func(t *testing.T) {
				s, err := discord.NewSession(discord.SessionConfig{Token: fakeToken, APIBase: base})
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
				defer cancel()
				err = send(s, ctx)
				if err == nil {
					t.Fatal("the send succeeded against a failing Discord")
				}
				if !strings.Contains(err.Error(), token) {
					t.Fatalf("the error does not carry the token, so this test proves nothing: %v", err)
				}
				var buf bytes.Buffer
				log := slog.New(redactor{next: slog.NewTextHandler(&buf, nil), secrets: &secrets{}})
				log.Error("send reply", "err", err)                        // as the gateway logs it
				log.Error("interaction", "err", err.Error())               // as the handler does
				log.With("err", err).Error("send: " + err.Error())         // in the message, and with With
				log.Error("send", slog.Group("reply", "err", err.Error())) // in a group
				out := buf.String()
				if strings.Contains(out, token) || strings.Contains(out, fakeToken) {
					t.Errorf("a token reached the log:\n%s", out)
				}
				if !strings.Contains(out, "/"+i.ID+"/[redacted]") && !strings.Contains(out, "/"+i.AppID+"/[redacted]") {
					t.Errorf("the log should keep the path's id and mark the redaction:\n%s", out)
				}
			})
		}
	}
}

// TestInteractionJSONTokenNeverLogged: a dumped interaction (as
// discordgo's debug line for a gateway event shows it) loses its token.
func TestInteractionJSONTokenNeverLogged(t *testing.T) {
	const token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldC10b2tlbg"
	var buf bytes.Buffer
	log := slog.New(redactor{next: slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}), secrets: &secrets{}})
	log.Debug(`Op: 0, Seq: 4, Type: INTERACTION_CREATE, Data: {"id":"1","token": "` + token + `","type":2}`)
	log.Error("payload", "body", `{"application_id":"2","token":"`+token+`"}`)
	if out := buf.String(); strings.Contains(out, token) || strings.Count(out, "[redacted]") != 2 {
		t.Errorf("an interaction token reached the log:\n%s", out)
	}
}

// TestLongUserFieldsCapped: a string a user controls (a 58,000-character
// command name, a question) gives a log line of bounded size that says how
// much was cut; errors keep more, but are bounded too.
func TestLongUserFieldsCapped(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(redactor{next: slog.NewTextHandler(&buf, nil), secrets: &secrets{}})
	name := strings.Repeat("é", 58000)
	log.Info("interaction", "command", name, "custom_id", []string{name})
	log.Error("interaction", "err", fmt.Errorf("unknown command %q", name))
	log.With("question", name).Warn(name)
	for i, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if len(line) > 12<<10 {
			t.Errorf("line %d is %d bytes", i+1, len(line))
		}
		if !strings.Contains(line, "…(+") {
			t.Errorf("line %d does not say it was cut: %.200s", i+1, line)
		}
	}
	if got := capRunes("ééé", 2); got != "éé…(+1)" {
		t.Errorf("capRunes = %q, want éé…(+1)", got)
	}
	if got := capRunes("short", 256); got != "short" {
		t.Errorf("capRunes(short) = %q", got)
	}
}

// TestE2EFailedReplyLogs: through `bot serve`, a reply whose callback
// Discord holds past the bot's deadline is logged without the
// interaction's token, and a 58,000-character command name gives no
// 58 KB log line.
func TestE2EFailedReplyLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the bot's 10 s reply deadline")
	}
	fake := discordtest.New(t)
	logs := startBot(t, fake, nil)

	huge := fake.SlashCommand(strings.Repeat("x", 58000))
	ask(t, fake, huge) // answered before the next callback is held
	fake.DelayNext("POST", "/interactions/*/*/callback", 15*time.Second, 1)
	held := fake.SlashCommand("ask", discordtest.StringArg("question", "Who is Hua Chunying?"))
	if err := fake.Dispatch("INTERACTION_CREATE", held); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(logs.String(), `msg="send reply"`) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	out := logs.String()
	if !strings.Contains(out, `msg="send reply"`) {
		t.Fatalf("the held reply was never logged as failed:\n%.4000s", out)
	}
	if strings.Contains(out, held.Token()) || strings.Contains(out, huge.Token()) {
		t.Errorf("an interaction token reached the log:\n%.4000s", out)
	}
	if !strings.Contains(out, "/"+held.ID()+"/[redacted]") {
		t.Errorf("the failed reply's log line should name the interaction, token redacted:\n%.4000s", out)
	}
	for i, line := range strings.Split(out, "\n") {
		if len(line) > 12<<10 {
			t.Errorf("log line %d is %d bytes: %.300s", i+1, len(line), line)
		}
	}
}
