package discordtest

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var specSource = flag.String("spec", "", "regenerate testdata/discord-openapi.json from this copy of Discord's specs/openapi.json")

// specRoutes are the routes the bot sends bodies to, by the names the
// vendored subset keys them with.
var specRoutes = map[string][2]string{
	routeCallback:      {"post", "/interactions/{interaction_id}/{interaction_token}/callback"},
	routeWebhookPost:   {"post", "/webhooks/{webhook_id}/{webhook_token}"},
	routeWebhookEdit:   {"patch", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"},
	routeMessageCreate: {"post", "/channels/{channel_id}/messages"},
	routeThreadStart:   {"post", "/channels/{channel_id}/messages/{message_id}/threads"},
	routeCommandsGuild: {"put", "/applications/{application_id}/guilds/{guild_id}/commands"},
	routeCommandsAll:   {"put", "/applications/{application_id}/commands"},
}

// TestVendoredSpec checks the vendored subset of Discord's OpenAPI
// description holds every route the fake validates; with -spec it is
// first cut anew from the full file: the request body schema of each
// route (its JSON form) and the component schemas they reach.
func TestVendoredSpec(t *testing.T) {
	out := filepath.Join("testdata", "discord-openapi.json")
	if *specSource != "" {
		b, err := subsetSpec(*specSource)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := loadConformance()
	if err != nil {
		t.Fatal(err)
	}
	for name := range specRoutes {
		if c.schemas[name] == nil {
			t.Errorf("route %s missing from %s", name, out)
		}
	}
}

func subsetSpec(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	all := obj(obj(doc["components"])["schemas"])
	routes := map[string]any{}
	need := map[string]bool{}
	for name, r := range specRoutes {
		op := obj(obj(obj(doc["paths"])[r[1]])[r[0]])
		schema := obj(obj(obj(obj(op["requestBody"])["content"])["application/json"])["schema"])
		routes[name] = map[string]any{"method": strings.ToUpper(r[0]), "path": r[1], "schema": schema}
		collectRefs(schema, all, need)
	}
	names := make([]string, 0, len(need))
	for n := range need {
		names = append(names, n)
	}
	sort.Strings(names)
	schemas := map[string]any{}
	for _, n := range names {
		schemas[n] = all[n]
	}
	info := obj(doc["info"])
	sub := map[string]any{
		"$comment": "A subset of Discord's OpenAPI description (github.com/discord/discord-api-spec, specs/openapi.json at commit 74fda0fad044407ea280043a03ffc9bc64c4e49e, " +
			"MIT licence: discord-api-spec.LICENSE): the request bodies of the routes the bot sends to, and the schemas they use. " +
			"Regenerate with: go test ./internal/discord/discordtest -run TestVendoredSpec -spec PATH/openapi.json",
		"info":       map[string]any{"title": info["title"], "version": info["version"]},
		"routes":     routes,
		"components": map[string]any{"schemas": schemas},
	}
	return json.MarshalIndent(sub, "", " ")
}

// collectRefs adds the component schemas v refers to, transitively.
func collectRefs(v any, all map[string]any, need map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			name := strings.TrimPrefix(ref, "#/components/schemas/")
			if !need[name] {
				need[name] = true
				collectRefs(all[name], all, need)
			}
		}
		for _, c := range x {
			collectRefs(c, all, need)
		}
	case []any:
		for _, c := range x {
			collectRefs(c, all, need)
		}
	}
}
