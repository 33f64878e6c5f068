package discord

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

const defaultAPIBase = "https://discord.com/api/v10/"

// TestREADMEAPIBaseDefault: the README documents the default the code uses.
func TestREADMEAPIBaseDefault(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?m)^\\| `DISCORD_API_BASE` \\| [^|`]*`([^`]+)`").FindSubmatch(raw)
	if m == nil {
		t.Fatal("README documents no DISCORD_API_BASE default")
	}
	if got := string(m[1]) + "/"; got != discordgo.EndpointAPI {
		t.Errorf("README's DISCORD_API_BASE default %q, the code's %q", got, discordgo.EndpointAPI)
	}
}

// TestEndpointsSpeakV10: every discordgo endpoint the bot may call is
// under https://discord.com/api/v10/, the README's DISCORD_API_BASE default.
func TestEndpointsSpeakV10(t *testing.T) {
	endpoints := map[string]string{
		"EndpointAPI":                       discordgo.EndpointAPI,
		"EndpointGateway":                   discordgo.EndpointGateway,
		"EndpointGatewayBot":                discordgo.EndpointGatewayBot,
		"EndpointUser":                      discordgo.EndpointUser("@me"),
		"EndpointChannelMessages":           discordgo.EndpointChannelMessages("1"),
		"EndpointChannelMessageThread":      discordgo.EndpointChannelMessageThread("1", "2"),
		"EndpointApplicationGlobalCommands": discordgo.EndpointApplicationGlobalCommands("1"),
		"EndpointApplicationGuildCommands":  discordgo.EndpointApplicationGuildCommands("1", "2"),
		"EndpointInteractionResponse":       discordgo.EndpointInteractionResponse("1", "tok"),
		"EndpointWebhookMessage":            discordgo.EndpointWebhookMessage("1", "tok", "@original"),
		"EndpointFollowupMessage":           discordgo.EndpointFollowupMessage("1", "tok"),
	}
	for name, u := range endpoints {
		if !strings.HasPrefix(u, defaultAPIBase) {
			t.Errorf("discordgo.%s = %q, want it under %s", name, u, defaultAPIBase)
		}
	}
	if discordgo.APIVersion != APIVersion {
		t.Errorf("discordgo.APIVersion = %q, want %q", discordgo.APIVersion, APIVersion)
	}
}

// urlRecorder answers every request with an error and keeps its URL.
type urlRecorder struct {
	mu   sync.Mutex
	urls []string
}

func (r *urlRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.urls = append(r.urls, req.URL.String())
	return nil, errors.New("recorded, not sent")
}

// TestDefaultAPIBaseIsV10: with no DISCORD_API_BASE the gateway URL is asked
// of https://discord.com/api/v10/gateway.
func TestDefaultAPIBaseIsV10(t *testing.T) {
	s, err := NewSession(SessionConfig{Token: "x"})
	if err != nil {
		t.Fatal(err)
	}
	rec := &urlRecorder{}
	s.Client.Transport = rec
	s.MaxRestRetries = 0
	if _, err := s.Gateway(); err == nil {
		t.Fatal("Gateway() through a failing transport succeeded")
	}
	if len(rec.urls) == 0 || rec.urls[0] != defaultAPIBase+"gateway" {
		t.Errorf("Gateway() asked %q, want %q", rec.urls, defaultAPIBase+"gateway")
	}
}

// TestAPIBaseRebasesV10: with DISCORD_API_BASE set, requests arrive under
// its path, and an error names the URL actually tried, not discord.com.
func TestAPIBaseRebasesV10(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"url": "wss://gateway.example"}`))
	}))
	defer srv.Close()
	s, err := NewSession(SessionConfig{Token: "x", APIBase: srv.URL + "/api/v10"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Gateway(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if len(paths) != 1 || paths[0] != "/api/v10/gateway" {
		t.Errorf("the server saw %q, want [/api/v10/gateway]", paths)
	}
	mu.Unlock()

	down, err := NewSession(SessionConfig{Token: "x", APIBase: "http://127.0.0.1:1/api/v10"})
	if err != nil {
		t.Fatal(err)
	}
	down.MaxRestRetries = 0
	_, err = down.Gateway()
	if err == nil || !strings.Contains(err.Error(), "http://127.0.0.1:1/api/v10/gateway") || strings.Contains(err.Error(), "/v9") {
		t.Errorf("Gateway() on a dead base = %v, want an error naming http://127.0.0.1:1/api/v10/gateway", err)
	}
}

// TestGatewayDialsV10: the websocket is opened with ?v=10.
func TestGatewayDialsV10(t *testing.T) {
	fake := discordtest.New(t)
	startGateway(t, fake, 0)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	id, err := fake.WaitIdentify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(id.URL, "v="+APIVersion+"&") {
		t.Errorf("gateway dialled at %q, want ?v=%s", id.URL, APIVersion)
	}
}

// TestAPIBaseChecked: NewSession refuses what is not an http(s) URL with a
// host, in the words cmd/bot uses for the setting, and takes the rest.
func TestAPIBaseChecked(t *testing.T) {
	for _, base := range []string{"discord.com/api", "ftp://example.com/api", "http://", "https:///api/v10", "http://a b/"} {
		_, err := NewSession(SessionConfig{Token: "x", APIBase: base})
		want := "DISCORD_API_BASE: " + strconv.Quote(base) + " is not an http(s) URL"
		if err == nil || err.Error() != want {
			t.Errorf("APIBase %q: %v, want %q", base, err, want)
		}
	}
	for _, base := range []string{"http://127.0.0.1:8080/api/v10", "https://proxy.example/api/v10/"} {
		if _, err := NewSession(SessionConfig{Token: "x", APIBase: base}); err != nil {
			t.Errorf("APIBase %q: %v, want it taken", base, err)
		}
	}
}
