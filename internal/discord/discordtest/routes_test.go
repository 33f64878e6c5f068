package discordtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestRoutes checks how the fake answers a route, a method its route does
// not take, a path no route has, and the token each needs, with Discord's
// JSON error bodies.
func TestRoutes(t *testing.T) {
	t.Parallel()
	srv := New(t, WithoutConformance())
	bot := "Bot " + Token
	for _, tt := range []struct {
		method, path, auth string
		status, code       int
		message            string
	}{
		{"GET", "/gateway", "", 200, 0, ""},
		{"GET", "/gateway/bot", "", 401, 0, "401: Unauthorized"},
		{"GET", "/gateway/bot", bot, 200, 0, ""},
		{"POST", "/gateway", bot, 405, 0, "405: Method Not Allowed"},
		{"HEAD", "/gateway/bot", bot, 405, 0, ""}, // no body on HEAD
		{"GET", "/users/@me/", bot, 200, 0, ""},
		{"GET", "/users/42", bot, 404, 10013, "Unknown User"},
		{"GET", "/users//@me", bot, 404, 0, "404: Not Found"},
		{"GET", "/applications/@me", bot, 200, 0, ""},
		{"GET", "/channels/123", bot, 404, 0, "404: Not Found"},
		{"GET", "/channels/123/messages", bot, 405, 0, "405: Method Not Allowed"},
		{"DELETE", "/webhooks/" + AppID + "/tok", "", 405, 0, "405: Method Not Allowed"},
		{"PATCH", "/webhooks/" + AppID + "/tok/messages/@original", "Bot wrong", 401, 0, "401: Unauthorized"},
		{"PATCH", "/webhooks/" + AppID + "/tok/messages/@original", "", 401, 50027, "Invalid Webhook Token"},
		{"GET", "/applications/" + AppID + "/commands", bot, 200, 0, ""},
		{"GET", "/applications/" + AppID + "/commands", "", 401, 0, "401: Unauthorized"},
		{"GET", "/applications/999/guilds/" + GuildID + "/commands", bot, 403, 50001, "Missing Access"},
		{"GET", "/applications/" + AppID + "/commands/123", bot, 404, 10063, "Unknown application command"},
		{"PATCH", "/applications/" + AppID + "/guilds/" + GuildID + "/commands", bot, 405, 0, "405: Method Not Allowed"},
	} {
		req, err := http.NewRequest(tt.method, srv.APIBase()+tt.path, strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s: status %d, want %d (%s)", tt.method, tt.path, resp.StatusCode, tt.status, body)
			continue
		}
		if tt.message == "" {
			continue
		}
		var e struct {
			Message string `json:"message"`
			Code    int    `json:"code"`
		}
		if err := json.Unmarshal(body, &e); err != nil || e.Message != tt.message || e.Code != tt.code {
			t.Errorf("%s %s: body %s (%v), want message %q code %d", tt.method, tt.path, body, err, tt.message, tt.code)
		}
	}
}

// TestCheckedRoutesAreRoutes checks that every route whose bodies are
// checked against the spec is one the fake serves.
func TestCheckedRoutesAreRoutes(t *testing.T) {
	srv := New(t)
	for pattern, name := range checkedRoutes {
		method, p, _ := strings.Cut(pattern, " ")
		for _, w := range []string{"{id}", "{token}", "{app}", "{msg}", "{channel}", "{guild}"} {
			p = strings.ReplaceAll(p, w, "1")
		}
		if got := srv.specRoute(method, p); got != name {
			t.Errorf("specRoute(%s, %s) = %q, want %q", method, p, got, name)
		}
	}
}
