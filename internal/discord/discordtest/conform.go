package discordtest

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Conformance: every body the bot sends is checked against the request
// schema of its route in Discord's OpenAPI description (a vendored subset,
// testdata/discord-openapi.json), and against what Discord's documentation
// says that the schema does not:
//   - no explicit null, "" or [] (bar allowed_mentions.parse and
//     autocomplete choices, where [] means something): Discord applies a
//     present key, so a null or empty value clears what it names;
//   - no key the schema does not define for that route and that "type";
//   - a PONG (1) and a DEFERRED_UPDATE_MESSAGE (6) carry no data, and a
//     DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE (5) at most its flags;
//   - commands registered in a guild carry no contexts (they apply to
//     global commands only);
//   - default_member_permissions is a string of decimal digits, as the
//     documentation and discord-api-types define it. The OpenAPI file says
//     integer; Discord takes both, and the string is checked as the
//     integer it holds.
// Discord's limits that the schema does not state (embed totals, fields,
// rows of buttons, thread names...) are checked by the routes themselves,
// which refuse what Discord refuses.

// Route names in the vendored subset.
const (
	routeCallback      = "interaction_callback"
	routeWebhookPost   = "webhook_execute"
	routeWebhookEdit   = "webhook_message_edit"
	routeMessageCreate = "message_create"
	routeThreadStart   = "thread_from_message"
	routeCommandsGuild = "commands_guild_bulk_overwrite"
	routeCommandsAll   = "commands_global_bulk_overwrite"
)

//go:embed testdata/discord-openapi.json
var specFS embed.FS

type conformance struct {
	doc     map[string]any
	schemas map[string]*jsonschema.Schema
}

var (
	conformOnce sync.Once
	conformC    *conformance
	conformErr  error
)

func sharedConformance() (*conformance, error) {
	conformOnce.Do(func() { conformC, conformErr = loadConformance() })
	return conformC, conformErr
}

func loadConformance() (*conformance, error) {
	const name = "discord-openapi.json"
	b, err := specFS.ReadFile("testdata/" + name)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("discordtest: %s: %w", name, err)
	}
	comp := jsonschema.NewCompiler()
	comp.DefaultDraft(jsonschema.Draft2020)
	if err := comp.AddResource(name, doc); err != nil {
		return nil, err
	}
	c := &conformance{doc: doc.(map[string]any), schemas: map[string]*jsonschema.Schema{}}
	for route := range obj(c.doc["routes"]) {
		sch, err := comp.Compile(name + "#/routes/" + route + "/schema")
		if err != nil {
			return nil, fmt.Errorf("discordtest: compile %s: %w", route, err)
		}
		c.schemas[route] = sch
	}
	return c, nil
}

// check returns what is wrong with body as a request to route.
func (c *conformance) check(route string, body []byte) []string {
	sch := c.schemas[route]
	if sch == nil {
		return nil
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	var problems []string
	problems = append(problems, documented(route, v)...)
	permissionsAsInteger(v)
	if err := sch.Validate(v); err != nil {
		problems = append(problems, "schema: "+err.Error())
	}
	root := obj(obj(c.doc["routes"])[route])["schema"]
	problems = append(problems, c.hygiene("", v, []any{root})...)
	return problems
}

var decimal = regexp.MustCompile(`^[0-9]{1,20}$`)

// documented checks the rules of Discord's documentation that the schema
// does not state.
func documented(route string, v any) []string {
	switch route {
	case routeCallback:
		return callbackRules(obj(v))
	case routeCommandsGuild, routeCommandsAll:
		return commandRules(list(v), route == routeCommandsGuild)
	}
	return nil
}

// callbackRules: a PONG and a deferred update carry no data, a deferred
// reply at most its flags.
func callbackRules(m map[string]any) []string {
	var out []string
	data, hasData := m["data"]
	switch toInt(m["type"], 0) {
	case 1, 6:
		if hasData {
			out = append(out, fmt.Sprintf("a type %v callback carries data", m["type"]))
		}
	case 5:
		for k := range obj(data) {
			if k != "flags" {
				out = append(out, "a deferred reply (type 5) carries data."+k)
			}
		}
	}
	return out
}

// commandRules: no contexts in a guild, permissions as a string.
func commandRules(cmds []any, guild bool) []string {
	var out []string
	for i, c := range cmds {
		if _, ok := obj(c)["contexts"]; ok && guild {
			out = append(out, fmt.Sprintf("/%d: contexts on a guild command (they apply to global commands only)", i))
		}
		if p, ok := obj(c)["default_member_permissions"]; ok {
			if s, isStr := p.(string); !isStr || !decimal.MatchString(s) {
				out = append(out, fmt.Sprintf("/%d/default_member_permissions: %v, want a string of digits", i, p))
			}
		}
	}
	return out
}

// permissionsAsInteger turns the string default_member_permissions into
// the integer the OpenAPI file expects (see the notes above).
func permissionsAsInteger(v any) {
	for _, c := range list(v) {
		if s, ok := obj(c)["default_member_permissions"].(string); ok && decimal.MatchString(s) {
			obj(c)["default_member_permissions"] = json.Number(s)
		}
	}
}

// hygiene reports explicit nulls and empties, and keys that none of the
// schemas v may match defines.
func (c *conformance) hygiene(path string, v any, schemas []any) []string {
	cands := c.candidates(schemas, v)
	switch x := v.(type) {
	case nil:
		return []string{orRoot(path) + ": explicit null"}
	case string:
		if x == "" {
			return []string{orRoot(path) + `: explicit ""`}
		}
	case []any:
		return c.hygieneList(path, x, cands)
	case map[string]any:
		return c.hygieneObject(path, x, cands)
	}
	return nil
}

// emptyListOK are the lists where [] means something: mention nobody,
// suggest nothing.
func emptyListOK(path string) bool {
	return strings.HasSuffix(path, "/parse") || strings.HasSuffix(path, "/choices")
}

func (c *conformance) hygieneList(path string, x []any, cands []any) []string {
	var out []string
	if len(x) == 0 && !emptyListOK(path) {
		out = append(out, orRoot(path)+": explicit []")
	}
	var items []any
	for _, s := range cands {
		if it, ok := obj(s)["items"]; ok {
			items = append(items, it)
		}
	}
	for i, e := range x {
		out = append(out, c.hygiene(fmt.Sprintf("%s/%d", path, i), e, items)...)
	}
	return out
}

func (c *conformance) hygieneObject(path string, x map[string]any, cands []any) []string {
	props, open := map[string][]any{}, false
	for _, s := range cands {
		for k, p := range obj(obj(s)["properties"]) {
			props[k] = append(props[k], p)
		}
		if ap, ok := obj(s)["additionalProperties"]; ok && ap != false {
			open = true
		}
	}
	keys := make([]string, 0, len(x))
	for k := range x {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		if props[k] == nil && !open && len(cands) > 0 {
			out = append(out, path+"/"+k+": not defined for this route")
			continue
		}
		out = append(out, c.hygiene(path+"/"+k, x[k], props[k])...)
	}
	return out
}

func orRoot(path string) string {
	if path == "" {
		return "/"
	}
	return path
}

// candidates flattens schemas ($ref, allOf, anyOf, oneOf) into the object
// and array schemas v may match; a member whose "type" property lists the
// values it allows is kept only when v's "type" is one of them.
func (c *conformance) candidates(schemas []any, v any) []any {
	var out []any
	var walk func(s any, depth int)
	walk = func(s any, depth int) {
		m := obj(s)
		if m == nil || depth > 32 {
			return
		}
		if ref, ok := m["$ref"].(string); ok {
			walk(c.resolve(ref), depth+1)
		}
		for _, k := range []string{"allOf", "anyOf", "oneOf"} {
			for _, sub := range list(m[k]) {
				walk(sub, depth+1)
			}
		}
		if !typeMatches(m, v) {
			return
		}
		if m["properties"] != nil || m["items"] != nil || m["additionalProperties"] != nil {
			out = append(out, m)
		}
	}
	for _, s := range schemas {
		walk(s, 0)
	}
	return out
}

func typeMatches(schema map[string]any, v any) bool {
	t := obj(obj(schema["properties"])["type"])
	enum := list(t["enum"])
	vt, ok := obj(v)["type"]
	if len(enum) == 0 || !ok {
		return true
	}
	for _, e := range enum {
		if fmt.Sprint(e) == fmt.Sprint(vt) {
			return true
		}
	}
	return false
}

func (c *conformance) resolve(ref string) any {
	name, ok := strings.CutPrefix(ref, "#/components/schemas/")
	if !ok {
		return nil
	}
	return obj(obj(c.doc["components"])["schemas"])[name]
}
