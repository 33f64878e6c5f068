package discordtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// route serves one REST call (the path relative to the API base).
func (s *Server) route(c Call) reply {
	seg := strings.Split(strings.Trim(c.Path, "/"), "/")
	m := c.Method
	open := is(seg, "gateway") // needs no token
	tokenAuth := len(seg) > 0 && (seg[0] == "webhooks" || seg[0] == "interactions")
	if auth := c.Header.Get("Authorization"); !open && auth != "Bot "+Token && !(tokenAuth && auth == "") {
		return statusError(http.StatusUnauthorized)
	}
	switch {
	case is(seg, "gateway"):
		if m != http.MethodGet {
			return statusError(http.StatusMethodNotAllowed)
		}
		return jsonReply(http.StatusOK, map[string]any{"url": s.GatewayURL()})
	case is(seg, "gateway", "bot"):
		if m != http.MethodGet {
			return statusError(http.StatusMethodNotAllowed)
		}
		return jsonReply(http.StatusOK, map[string]any{
			"url":    s.GatewayURL(),
			"shards": s.cfg.shards,
			"session_start_limit": map[string]any{
				"total": 1000, "remaining": 999, "reset_after": 86400000, "max_concurrency": 1,
			},
		})
	case is(seg, "users", "*"):
		if m != http.MethodGet {
			return statusError(http.StatusMethodNotAllowed)
		}
		if seg[1] != "@me" && seg[1] != BotUserID {
			return apiError(http.StatusNotFound, 10013, "Unknown User")
		}
		return jsonReply(http.StatusOK, botUser())
	case is(seg, "oauth2", "applications", "@me"), is(seg, "applications", "@me"):
		if m != http.MethodGet {
			return statusError(http.StatusMethodNotAllowed)
		}
		return jsonReply(http.StatusOK, map[string]any{
			"id": AppID, "name": BotUsername, "description": "", "icon": nil,
			"bot_public": false, "bot_require_code_grant": false, "flags": 0,
			"bot": botUser(), "verify_key": strings.Repeat("0", 64),
		})
	case is(seg, "applications", "*", "commands"):
		return s.commandsRoute(m, seg[1], "", "", c.Payload())
	case is(seg, "applications", "*", "commands", "*"):
		return s.commandsRoute(m, seg[1], "", seg[3], c.Payload())
	case is(seg, "applications", "*", "guilds", "*", "commands"):
		return s.commandsRoute(m, seg[1], seg[3], "", c.Payload())
	case is(seg, "applications", "*", "guilds", "*", "commands", "*"):
		return s.commandsRoute(m, seg[1], seg[3], seg[5], c.Payload())
	case is(seg, "interactions", "*", "*", "callback"):
		if m != http.MethodPost {
			return statusError(http.StatusMethodNotAllowed)
		}
		return s.callback(seg[1], seg[2], c.Payload(), attachmentsOf(c))
	case is(seg, "webhooks", "*", "*"):
		if m != http.MethodPost {
			return statusError(http.StatusMethodNotAllowed)
		}
		return s.webhook(m, seg[1], seg[2], "", c.Query, c.Payload(), attachmentsOf(c))
	case is(seg, "channels", "*", "messages"):
		if m != http.MethodPost {
			return statusError(http.StatusMethodNotAllowed)
		}
		return s.createMessage(seg[1], c.Payload())
	case is(seg, "channels", "*", "messages", "*", "threads"):
		if m != http.MethodPost {
			return statusError(http.StatusMethodNotAllowed)
		}
		return s.startThread(seg[1], seg[3], c.Payload())
	case is(seg, "webhooks", "*", "*", "messages", "*"):
		switch m {
		case http.MethodGet, http.MethodPatch, http.MethodDelete:
			return s.webhook(m, seg[1], seg[2], seg[4], c.Query, c.Payload(), attachmentsOf(c))
		}
		return statusError(http.StatusMethodNotAllowed)
	}
	return statusError(http.StatusNotFound)
}

// is reports whether seg matches pattern; "*" matches any one non-empty
// segment.
func is(seg []string, pattern ...string) bool {
	if len(seg) != len(pattern) {
		return false
	}
	for i, p := range pattern {
		if seg[i] == "" || (p != "*" && p != seg[i]) {
			return false
		}
	}
	return true
}

// decodeJSON decodes keeping numbers exact (snowflakes, permissions).
func decodeJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}

// ---- Invalid Form Body errors ----

type fieldErr struct{ path, code, msg string }

// formError builds Discord's 50035 body, errors nested by path.
func formError(errs []fieldErr) reply {
	root := map[string]any{}
	for _, e := range errs {
		m := root
		if e.path != "" {
			for _, p := range strings.Split(e.path, ".") {
				child, _ := m[p].(map[string]any)
				if child == nil {
					child = map[string]any{}
					m[p] = child
				}
				m = child
			}
		}
		list, _ := m["_errors"].([]any)
		m["_errors"] = append(list, map[string]any{"code": e.code, "message": e.msg})
	}
	return jsonReply(http.StatusBadRequest, map[string]any{"code": 50035, "errors": root, "message": "Invalid Form Body"})
}

func join(prefix, p string) string {
	if prefix == "" {
		return p
	}
	return prefix + "." + p
}

func str(v any) string { s, _ := v.(string); return s }

func runes(v any) int { return utf8.RuneCountInString(str(v)) }

func toInt(v any, def int) int {
	switch n := v.(type) {
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return int(i)
		}
	case float64:
		return int(n)
	case int:
		return n
	}
	return def
}

func list(v any) []any { l, _ := v.([]any); return l }

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

func maxLen(errs *[]fieldErr, p string, v any, max int) {
	if runes(v) > max {
		*errs = append(*errs, fieldErr{p, "BASE_TYPE_MAX_LENGTH", "Must be " + strconv.Itoa(max) + " or fewer in length."})
	}
}

func between(errs *[]fieldErr, p string, v any, min, max int) {
	if n := runes(v); n < min || n > max {
		*errs = append(*errs, fieldErr{p, "BASE_TYPE_BAD_LENGTH", "Must be between " + strconv.Itoa(min) + " and " + strconv.Itoa(max) + " in length."})
	}
}

// ---- application commands ----

var commandName = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

func validName(errs *[]fieldErr, p, name string) {
	if !commandName.MatchString(name) || strings.ToLower(name) != name {
		*errs = append(*errs, fieldErr{p, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"})
	}
}

func validateCommand(c map[string]any, prefix string) []fieldErr {
	var errs []fieldErr
	if c == nil {
		return []fieldErr{{prefix, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}}
	}
	name := str(c["name"])
	switch toInt(c["type"], 1) {
	case int(discordgo.ChatApplicationCommand):
		validName(&errs, join(prefix, "name"), name)
		between(&errs, join(prefix, "description"), c["description"], 1, 100)
		errs = append(errs, validateOptions(c["options"], join(prefix, "options"), true)...)
	case int(discordgo.UserApplicationCommand), int(discordgo.MessageApplicationCommand):
		between(&errs, join(prefix, "name"), name, 1, 32)
		if len(list(c["options"])) > 0 {
			errs = append(errs, fieldErr{join(prefix, "options"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Context menu commands cannot have options"})
		}
	case 4: // PRIMARY_ENTRY_POINT
	default:
		errs = append(errs, fieldErr{join(prefix, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}."})
	}
	return errs
}

func validateOptions(v any, prefix string, top bool) []fieldErr {
	var errs []fieldErr
	opts := list(v)
	if len(opts) > 25 {
		errs = append(errs, fieldErr{prefix, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."})
	}
	names := map[string]bool{}
	var sawOptional, sawSub, sawValue bool
	for i, raw := range opts {
		p := join(prefix, strconv.Itoa(i))
		o := obj(raw)
		if o == nil {
			errs = append(errs, fieldErr{p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"})
			continue
		}
		name := str(o["name"])
		validName(&errs, join(p, "name"), name)
		if names[name] {
			errs = append(errs, fieldErr{join(p, "name"), "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option names must be unique"})
		}
		names[name] = true
		between(&errs, join(p, "description"), o["description"], 1, 100)
		t := toInt(o["type"], 0)
		switch {
		case t < 1 || t > 11:
			errs = append(errs, fieldErr{join(p, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}."})
		case t == int(discordgo.ApplicationCommandOptionSubCommandGroup):
			sawSub = true
			if !top {
				errs = append(errs, fieldErr{join(p, "type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command groups can only be nested at the top level"})
			}
			for j, child := range list(o["options"]) {
				if toInt(obj(child)["type"], 0) != int(discordgo.ApplicationCommandOptionSubCommand) {
					errs = append(errs, fieldErr{join(p, "options."+strconv.Itoa(j)+".type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command groups may only contain sub-commands"})
				}
			}
			errs = append(errs, validateOptions(o["options"], join(p, "options"), false)...)
		case t == int(discordgo.ApplicationCommandOptionSubCommand):
			sawSub = true
			for j, child := range list(o["options"]) {
				if ct := toInt(obj(child)["type"], 0); ct == 1 || ct == 2 {
					errs = append(errs, fieldErr{join(p, "options."+strconv.Itoa(j)+".type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-commands cannot contain sub-commands"})
				}
			}
			errs = append(errs, validateOptions(o["options"], join(p, "options"), false)...)
		default:
			sawValue = true
			required, _ := o["required"].(bool)
			if required && sawOptional {
				errs = append(errs, fieldErr{join(p, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options"})
			}
			sawOptional = sawOptional || !required
			choices := list(o["choices"])
			if len(choices) > 25 {
				errs = append(errs, fieldErr{join(p, "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."})
			}
			if auto, _ := o["autocomplete"].(bool); auto && len(choices) > 0 {
				errs = append(errs, fieldErr{join(p, "autocomplete"), "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", "Autocomplete cannot be set on options with choices"})
			}
			for j, ch := range choices {
				cp := join(p, "choices."+strconv.Itoa(j))
				between(&errs, join(cp, "name"), obj(ch)["name"], 1, 100)
				if t == int(discordgo.ApplicationCommandOptionString) {
					maxLen(&errs, join(cp, "value"), obj(ch)["value"], 100)
				}
			}
			if v, ok := o["min_length"]; ok && v != nil {
				if n := toInt(v, -1); n < 0 || n > 6000 {
					errs = append(errs, fieldErr{join(p, "min_length"), "NUMBER_TYPE_MAX", "int value should be between 0 and 6000."})
				}
			}
			if v, ok := o["max_length"]; ok && v != nil {
				if n := toInt(v, -1); n < 1 || n > 6000 {
					errs = append(errs, fieldErr{join(p, "max_length"), "NUMBER_TYPE_MAX", "int value should be between 1 and 6000."})
				}
			}
		}
	}
	if sawSub && sawValue {
		errs = append(errs, fieldErr{prefix, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-commands and sub-command groups cannot be mixed with other option types"})
	}
	return errs
}

func canonical(m map[string]any) string {
	c := make(map[string]any, len(m))
	for k, v := range m {
		switch k {
		case "id", "application_id", "version", "guild_id":
		default:
			c[k] = v
		}
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// storedCommand returns what Discord keeps for in: its ID and version are
// kept when a command of that type and name existed and did not change.
func storedCommand(prev []map[string]any, in map[string]any, guild string) map[string]any {
	out := make(map[string]any, len(in)+4)
	for k, v := range in {
		out[k] = v
	}
	typ := toInt(in["type"], 1)
	out["type"] = typ
	if _, ok := out["description"]; !ok {
		out["description"] = ""
	}
	if _, ok := out["default_member_permissions"]; !ok {
		out["default_member_permissions"] = nil
	}
	out["application_id"] = AppID
	if guild != "" {
		out["guild_id"] = guild
	} else {
		delete(out, "guild_id")
	}
	for _, old := range prev {
		if toInt(old["type"], 1) == typ && str(old["name"]) == str(in["name"]) {
			out["id"] = old["id"]
			out["version"] = old["version"]
			if canonical(old) != canonical(out) {
				out["version"] = snowflake()
			}
			return out
		}
	}
	out["id"] = snowflake()
	out["version"] = snowflake()
	return out
}

func (s *Server) commandsRoute(method, app, guild, cmdID string, payload []byte) reply {
	if app != AppID {
		return apiError(http.StatusForbidden, 50001, "Missing Access")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.commands[guild]
	if cmdID == "" {
		switch method {
		case http.MethodGet:
			if cur == nil {
				return jsonReply(http.StatusOK, []any{})
			}
			return jsonReply(http.StatusOK, cur)
		case http.MethodPut:
			var in []any
			if err := decodeJSON(payload, &in); err != nil {
				return formError([]fieldErr{{"", "BASE_TYPE_LIST", "Must be an array."}})
			}
			var errs []fieldErr
			seen := map[string]bool{}
			for i, c := range in {
				errs = append(errs, validateCommand(obj(c), strconv.Itoa(i))...)
				key := strconv.Itoa(toInt(obj(c)["type"], 1)) + "/" + str(obj(c)["name"])
				if seen[key] {
					errs = append(errs, fieldErr{strconv.Itoa(i) + ".name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"})
				}
				seen[key] = true
			}
			if len(errs) > 0 {
				return formError(errs)
			}
			out := make([]map[string]any, len(in))
			for i, c := range in {
				out[i] = storedCommand(cur, obj(c), guild)
			}
			s.commands[guild] = out
			return jsonReply(http.StatusOK, out)
		case http.MethodPost:
			var in map[string]any
			if err := decodeJSON(payload, &in); err != nil || in == nil {
				return formError([]fieldErr{{"", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}})
			}
			if errs := validateCommand(in, ""); len(errs) > 0 {
				return formError(errs)
			}
			c := storedCommand(cur, in, guild)
			for i, old := range cur {
				if old["id"] == c["id"] {
					cur[i] = c
					return jsonReply(http.StatusOK, c)
				}
			}
			s.commands[guild] = append(cur, c)
			return jsonReply(http.StatusCreated, c)
		}
		return statusError(http.StatusMethodNotAllowed)
	}
	idx := -1
	for i, c := range cur {
		if c["id"] == cmdID {
			idx = i
		}
	}
	if idx < 0 {
		return apiError(http.StatusNotFound, 10063, "Unknown application command")
	}
	switch method {
	case http.MethodGet:
		return jsonReply(http.StatusOK, cur[idx])
	case http.MethodDelete:
		s.commands[guild] = append(cur[:idx:idx], cur[idx+1:]...)
		return noContent()
	case http.MethodPatch:
		var in map[string]any
		if err := decodeJSON(payload, &in); err != nil || in == nil {
			return formError([]fieldErr{{"", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}})
		}
		merged := make(map[string]any, len(cur[idx]))
		for k, v := range cur[idx] {
			merged[k] = v
		}
		for k, v := range in {
			merged[k] = v
		}
		if errs := validateCommand(merged, ""); len(errs) > 0 {
			return formError(errs)
		}
		merged["id"], merged["type"], merged["application_id"] = cur[idx]["id"], cur[idx]["type"], AppID
		if canonical(merged) != canonical(cur[idx]) {
			merged["version"] = snowflake()
		}
		next := append([]map[string]any(nil), cur...)
		next[idx] = merged
		s.commands[guild] = next
		return jsonReply(http.StatusOK, merged)
	}
	return statusError(http.StatusMethodNotAllowed)
}

// Commands returns the application commands registered in guildID, or the
// global ones for "". The slice is the fake's copy: changing it changes
// nothing.
func (s *Server) Commands(guildID string) []discordgo.ApplicationCommand {
	s.mu.Lock()
	b, _ := json.Marshal(s.commands[guildID])
	s.mu.Unlock()
	var out []discordgo.ApplicationCommand
	json.Unmarshal(b, &out)
	return out
}

// commandID is the ID of the registered command of that type and name
// (guild first, then global), "" if none.
func (s *Server) commandID(guildID, name string, typ int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, scope := range []string{guildID, ""} {
		for _, c := range s.commands[scope] {
			if str(c["name"]) == name && toInt(c["type"], 1) == typ {
				return str(c["id"])
			}
		}
	}
	return ""
}

// ---- messages ----

// validateMessage checks Discord's limits on message create/edit bodies.
func validateMessage(m map[string]any, prefix string) []fieldErr {
	var errs []fieldErr
	maxLen(&errs, join(prefix, "content"), m["content"], 2000)
	embeds := list(m["embeds"])
	if len(embeds) > 10 {
		errs = append(errs, fieldErr{join(prefix, "embeds"), "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."})
	}
	total := 0
	for i, raw := range embeds {
		p := join(prefix, "embeds."+strconv.Itoa(i))
		e := obj(raw)
		maxLen(&errs, join(p, "title"), e["title"], 256)
		maxLen(&errs, join(p, "description"), e["description"], 4096)
		total += runes(e["title"]) + runes(e["description"])
		if u := str(e["url"]); u != "" && !wellFormedURL(u) {
			errs = append(errs, fieldErr{join(p, "url"), "URL_TYPE_INVALID_URL", "Not a well formed URL."})
		}
		if c := e["color"]; c != nil && (toInt(c, -1) < 0 || toInt(c, -1) > 0xFFFFFF) {
			errs = append(errs, fieldErr{join(p, "color"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215."})
		}
		fields := list(e["fields"])
		if len(fields) > 25 {
			errs = append(errs, fieldErr{join(p, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."})
		}
		for j, f := range fields {
			fp := join(p, "fields."+strconv.Itoa(j))
			between(&errs, join(fp, "name"), obj(f)["name"], 1, 256)
			between(&errs, join(fp, "value"), obj(f)["value"], 1, 1024)
			total += runes(obj(f)["name"]) + runes(obj(f)["value"])
		}
		if f := obj(e["footer"]); f != nil {
			maxLen(&errs, join(p, "footer.text"), f["text"], 2048)
			total += runes(f["text"])
		}
		if a := obj(e["author"]); a != nil {
			maxLen(&errs, join(p, "author.name"), a["name"], 256)
			total += runes(a["name"])
		}
	}
	if total > 6000 {
		errs = append(errs, fieldErr{join(prefix, "embeds"), "MESSAGE_EMBED_TOO_LARGE", "Embed size exceeds maximum size of 6000"})
	}
	if toInt(m["flags"], 0)&(1<<15) == 0 { // not IS_COMPONENTS_V2
		errs = append(errs, validateComponents(m["components"], join(prefix, "components"))...)
	}
	return errs
}

func wellFormedURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https" || p.Scheme == "attachment") && (p.Host != "" || p.Scheme == "attachment")
}

func validateComponents(v any, prefix string) []fieldErr {
	var errs []fieldErr
	rows := list(v)
	if len(rows) > 5 {
		errs = append(errs, fieldErr{prefix, "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."})
	}
	ids := map[string]bool{}
	for i, raw := range rows {
		p := join(prefix, strconv.Itoa(i))
		row := obj(raw)
		if toInt(row["type"], 0) != int(discordgo.ActionsRowComponent) {
			errs = append(errs, fieldErr{join(p, "type"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "Top-level components must be action rows"})
			continue
		}
		children := list(row["components"])
		if len(children) < 1 || len(children) > 5 {
			errs = append(errs, fieldErr{join(p, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."})
		}
		for j, craw := range children {
			cp := join(p, "components."+strconv.Itoa(j))
			c := obj(craw)
			t := toInt(c["type"], 0)
			switch {
			case t == int(discordgo.ButtonComponent):
				style := toInt(c["style"], 0)
				maxLen(&errs, join(cp, "label"), c["label"], 80)
				switch style {
				case int(discordgo.LinkButton):
					if !wellFormedURL(str(c["url"])) {
						errs = append(errs, fieldErr{join(cp, "url"), "URL_TYPE_INVALID_URL", "Not a well formed URL."})
					}
					if str(c["custom_id"]) != "" {
						errs = append(errs, fieldErr{join(cp, "custom_id"), "COMPONENT_CUSTOM_ID_INVALID", "Link buttons cannot have a custom_id"})
					}
					continue
				case 1, 2, 3, 4:
				case 6: // premium
					continue
				default:
					errs = append(errs, fieldErr{join(cp, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}."})
				}
			case t >= int(discordgo.SelectMenuComponent) && t <= int(discordgo.ChannelSelectMenuComponent) && t != int(discordgo.TextInputComponent):
				if len(children) > 1 {
					errs = append(errs, fieldErr{join(p, "components"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width"})
				}
				if t == int(discordgo.SelectMenuComponent) {
					if n := len(list(c["options"])); n < 1 || n > 25 {
						errs = append(errs, fieldErr{join(cp, "options"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length."})
					}
				}
			default:
				errs = append(errs, fieldErr{join(cp, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (2, 3, 5, 6, 7, 8)."})
				continue
			}
			id := str(c["custom_id"])
			between(&errs, join(cp, "custom_id"), id, 1, 100)
			if id != "" && ids[id] {
				errs = append(errs, fieldErr{join(cp, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"})
			}
			ids[id] = true
		}
	}
	return errs
}

func emptyMessage(m map[string]any) bool {
	return str(m["content"]) == "" && len(list(m["embeds"])) == 0 && len(list(m["components"])) == 0 &&
		len(list(m["attachments"])) == 0 && m["poll"] == nil && len(list(m["sticker_ids"])) == 0
}

func errEmptyMessage() reply {
	return apiError(http.StatusBadRequest, 50006, "Cannot send an empty message")
}

// attachmentsOf lists the files of a multipart request as attachments.
func attachmentsOf(c Call) []any {
	var out []any
	for _, f := range multipartFiles(c) {
		out = append(out, map[string]any{
			"id": snowflake(), "filename": f.name, "size": f.size, "content_type": f.contentType,
			"url":       "https://cdn.discordapp.com/attachments/" + ChannelID + "/" + snowflake() + "/" + f.name,
			"proxy_url": "https://media.discordapp.net/attachments/" + ChannelID + "/" + snowflake() + "/" + f.name,
		})
	}
	return out
}
