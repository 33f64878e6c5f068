package discord

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// TestLibraryLogger: discordgo's own lines reach the logger set, at the
// matching level and without the interaction tokens they may dump; with
// none set they are dropped.
func TestLibraryLogger(t *testing.T) {
	const token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldC10b2tlbg"
	var buf bytes.Buffer
	SetLibraryLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { SetLibraryLogger(nil) })

	discordgo.Logger(discordgo.LogError, 0, "error sending %s", "POST https://discord.com/api/v10/interactions/123/"+token+"/callback")
	discordgo.Logger(discordgo.LogDebug, 0, `Op: 0, Type: INTERACTION_CREATE, Data: {"id":"1","token": "%s"}`, token)
	discordgo.Logger(discordgo.LogWarning, 0, "reconnecting")
	out := buf.String()
	if strings.Contains(out, token) {
		t.Errorf("an interaction token reached the log:\n%s", out)
	}
	for _, want := range []string{"level=ERROR", "/interactions/123/[redacted]/callback", "level=DEBUG", `\"token\": \"[redacted]\"`, "level=WARN", "component=discordgo"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}

	SetLibraryLogger(nil)
	buf.Reset()
	discordgo.Logger(discordgo.LogError, 0, "dropped")
	if buf.Len() != 0 {
		t.Errorf("with no logger set, discordgo logged %q", buf.String())
	}
}

func TestRedactTokens(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"/webhooks/200/abc-DEF_1/messages/@original", "/webhooks/200/[redacted]/messages/@original"},
		{`{"token":"x.y"}`, `{"token":"[redacted]"}`},
		{"/interactions/abc/def", "/interactions/abc/def"}, // not an id: no token path
		{"nothing to hide", "nothing to hide"},
	} {
		if got := RedactTokens(tt.in); got != tt.want {
			t.Errorf("RedactTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
