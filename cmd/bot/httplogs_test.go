package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// TestE2EHTTPLateReplyLogs: in `bot http`, a vote that waits on a locked
// store is deferred, and its late reply, which Discord refuses with a page
// echoing the webhook path, is logged without the interaction's token.
func TestE2EHTTPLateReplyLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the 2 s deferral")
	}
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "bot.db")
	env := map[string]string{
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
		"DISCORD_API_BASE":   discordFailing(t, false),
		"LOG_LEVEL":          "info",
		"BOT_DB":             db,
	}
	stdout, logs := &discordtest.LogBuffer{}, &discordtest.LogBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"http", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, noDotenv, stdout, logs)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Error("bot http did not stop within 20 s")
		}
	})
	base := waitReady(t, stdout, logs)

	fake := discordtest.New(t) // only to build payloads
	answer := postInteraction(t, base, priv, fake.SlashCommand("ask", discordtest.StringArg("question", "what did China say about proof?")))
	var msg discordgo.Message
	if err := json.Unmarshal(answer.Data, &msg); err != nil {
		t.Fatalf("answer %s: %v", answer.Data, err)
	}
	up := ""
	for _, row := range msg.Components {
		for _, c := range row.(*discordgo.ActionsRow).Components {
			if b, ok := c.(*discordgo.Button); ok && b.Label == "👍" {
				up = b.CustomID
			}
		}
	}
	if up == "" {
		t.Fatalf("no 👍 under the answer: %s", answer.Data)
	}

	time.Sleep(500 * time.Millisecond) // the question is written
	release := holdWriteLock(t, db)
	time.AfterFunc(3*time.Second, release) // past the 2 s deferral
	vote := fake.Component(up, &msg)
	postInteraction(t, base, priv, vote)
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(logs.String(), `msg="send answer after deferring"`) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	out := logs.String()
	if !strings.Contains(out, `msg="send answer after deferring"`) {
		t.Fatalf("the late reply's failure was never logged:\n%s", out)
	}
	if strings.Contains(out, vote.Token()) {
		t.Errorf("the interaction token reached the log:\n%s", out)
	}
	if !strings.Contains(out, "/webhooks/"+discordtest.AppID+"/[redacted]") {
		t.Errorf("the failure should name the webhook path, token redacted:\n%s", out)
	}
}

// waitReady waits for `bot http` to listen and be ready, and returns its
// base URL.
func waitReady(t *testing.T, stdout, logs *discordtest.LogBuffer) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	base := ""
	for time.Now().Before(deadline) {
		if base == "" {
			if _, rest, ok := strings.Cut(stdout.String(), "listening on "); ok {
				base = strings.Fields(rest)[0]
			}
		}
		if base != "" {
			if resp, err := http.Get(base + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return base
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("bot http never became ready:\n%s\n%s", stdout, logs)
	return ""
}

// interactionReply is an interaction response with its data left raw.
type interactionReply struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data json.RawMessage                   `json:"data"`
}

// postInteraction signs p as Discord would and posts it to bot http.
func postInteraction(t *testing.T, base string, priv ed25519.PrivateKey, p discordtest.Payload) interactionReply {
	t.Helper()
	body, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	stamp := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, base+"/interactions", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(stamp), body...))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r interactionReply
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /interactions: %d, %v", resp.StatusCode, err)
	}
	return r
}
