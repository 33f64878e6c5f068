package discordtest

import (
	"strings"
	"testing"
)

// TestConformanceCatches: bodies Discord would mishandle or that break its
// spec are caught, and what the bot sends passes.
func TestConformanceCatches(t *testing.T) {
	c, err := sharedConformance()
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", 2001)
	url := "https://example.com/" + strings.Repeat("a", 2100)
	tests := []struct {
		name, route, body, want string // want "" is a body that passes
	}{
		{"a vote as discordgo sends it", routeCallback,
			`{"type":7,"data":{"tts":false,"content":"","components":[{"type":1,"components":[{"type":2,"style":2,"label":"👍 1","custom_id":"up|1"}]}],"embeds":null}}`, "explicit null"},
		{"a vote as the bot sends it", routeCallback,
			`{"type":7,"data":{"components":[{"type":1,"components":[{"type":2,"style":2,"label":"👍 1","custom_id":"up|1"}]}]}}`, ""},
		{"a deferral with message fields", routeCallback, `{"type":5,"data":{"tts":false,"flags":64}}`, "type 5"},
		{"a deferral", routeCallback, `{"type":5,"data":{"flags":64}}`, ""},
		{"a deferred update with data", routeCallback, `{"type":6,"data":{"flags":64}}`, "type 6"},
		{"autocomplete with message fields", routeCallback, `{"type":8,"data":{"choices":[],"content":"x"}}`, "/data/content"},
		{"autocomplete", routeCallback, `{"type":8,"data":{"choices":[{"name":"a","value":"a"}]}}`, ""},
		{"content over 2,000", routeCallback, `{"type":4,"data":{"content":"` + long + `"}}`, "schema"},
		{"an embed url over 2,048", routeCallback, `{"type":4,"data":{"embeds":[{"title":"t","url":"` + url + `"}]}}`, "schema"},
		{"an embed element null", routeCallback, `{"type":4,"data":{"embeds":[null]}}`, "null"},
		{"a thread as discordgo starts it", routeThreadStart, `{"name":"q","auto_archive_duration":1440,"type":11,"invitable":false}`, "/type: not defined"},
		{"a thread", routeThreadStart, `{"name":"q","auto_archive_duration":1440}`, ""},
		{"a message with sticker_ids null", routeMessageCreate, `{"content":"a","sticker_ids":null}`, "null"},
		{"options of another type's keys", routeCommandsGuild,
			`[{"name":"ask","type":1,"description":"d","options":[{"type":5,"name":"private","description":"d","autocomplete":false}]}]`, "autocomplete: not defined"},
		{"contexts on a guild command", routeCommandsGuild, `[{"name":"ask","type":1,"description":"d","contexts":[0]}]`, "contexts on a guild command"},
		{"contexts on a global command", routeCommandsAll, `[{"name":"ask","type":1,"description":"d","contexts":[0]}]`, ""},
		// default_member_permissions: a string, as Discord's documentation and
		// discord-api-types say (the OpenAPI file says integer).
		{"permissions as a string", routeCommandsGuild, `[{"name":"gaps","type":1,"description":"d","default_member_permissions":"8192"}]`, ""},
		{"permissions as an integer", routeCommandsGuild, `[{"name":"gaps","type":1,"description":"d","default_member_permissions":8192}]`, "want a string of digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := strings.Join(c.check(tt.route, []byte(tt.body)), "\n")
			if tt.want == "" && problems != "" {
				t.Errorf("check = %s, want none", problems)
			}
			if tt.want != "" && !strings.Contains(problems, tt.want) {
				t.Errorf("check = %q, want a problem naming %q", problems, tt.want)
			}
		})
	}
}
