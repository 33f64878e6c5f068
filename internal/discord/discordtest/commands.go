package discordtest

// The application commands routes: list, bulk overwrite, create, get, edit
// and delete, globally and in a guild, with Discord's checks of a command's
// shape.

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

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

// optionsSeen is what Discord's checks of an options list carry from one
// option to the next.
type optionsSeen struct {
	names                 map[string]bool
	optional, sub, values bool
}

func validateOptions(v any, prefix string, top bool) []fieldErr {
	var errs []fieldErr
	opts := list(v)
	if len(opts) > 25 {
		errs = append(errs, fieldErr{prefix, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."})
	}
	seen := optionsSeen{names: map[string]bool{}}
	for i, raw := range opts {
		errs = append(errs, validateOption(raw, join(prefix, strconv.Itoa(i)), top, &seen)...)
	}
	if seen.sub && seen.values {
		errs = append(errs, fieldErr{prefix, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-commands and sub-command groups cannot be mixed with other option types"})
	}
	return errs
}

// validateOption checks one option at path p: its name (unique among its
// siblings), description and type, then what its type allows.
func validateOption(raw any, p string, top bool, seen *optionsSeen) []fieldErr {
	o := obj(raw)
	if o == nil {
		return []fieldErr{{p, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}}
	}
	var errs []fieldErr
	name := str(o["name"])
	validName(&errs, join(p, "name"), name)
	if seen.names[name] {
		errs = append(errs, fieldErr{join(p, "name"), "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option names must be unique"})
	}
	seen.names[name] = true
	between(&errs, join(p, "description"), o["description"], 1, 100)
	switch t := toInt(o["type"], 0); {
	case t < 1 || t > 11:
		errs = append(errs, fieldErr{join(p, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}."})
	case t == int(discordgo.ApplicationCommandOptionSubCommandGroup):
		seen.sub = true
		errs = append(errs, validateSubCommandGroup(o, p, top)...)
	case t == int(discordgo.ApplicationCommandOptionSubCommand):
		seen.sub = true
		errs = append(errs, validateSubCommand(o, p)...)
	default:
		seen.values = true
		errs = append(errs, validateValueOption(o, p, t, seen)...)
	}
	return errs
}

// validateSubCommandGroup: only at the top level, and holding only
// sub-commands.
func validateSubCommandGroup(o map[string]any, p string, top bool) []fieldErr {
	var errs []fieldErr
	if !top {
		errs = append(errs, fieldErr{join(p, "type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command groups can only be nested at the top level"})
	}
	for j, child := range list(o["options"]) {
		if toInt(obj(child)["type"], 0) != int(discordgo.ApplicationCommandOptionSubCommand) {
			errs = append(errs, fieldErr{join(p, "options."+strconv.Itoa(j)+".type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command groups may only contain sub-commands"})
		}
	}
	return append(errs, validateOptions(o["options"], join(p, "options"), false)...)
}

// validateSubCommand: a sub-command holds neither sub-commands nor groups.
func validateSubCommand(o map[string]any, p string) []fieldErr {
	var errs []fieldErr
	for j, child := range list(o["options"]) {
		if ct := toInt(obj(child)["type"], 0); ct == 1 || ct == 2 {
			errs = append(errs, fieldErr{join(p, "options."+strconv.Itoa(j)+".type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-commands cannot contain sub-commands"})
		}
	}
	return append(errs, validateOptions(o["options"], join(p, "options"), false)...)
}

// validateValueOption checks an option that takes a value, of type t:
// required ones first, its choices, its length bounds.
func validateValueOption(o map[string]any, p string, t int, seen *optionsSeen) []fieldErr {
	var errs []fieldErr
	required, _ := o["required"].(bool)
	if required && seen.optional {
		errs = append(errs, fieldErr{join(p, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options"})
	}
	seen.optional = seen.optional || !required
	errs = append(errs, validateChoices(o, p, t)...)
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
	return errs
}

// validateChoices: at most 25, none with autocomplete, each named, a
// string option's values at most 100 long.
func validateChoices(o map[string]any, p string, t int) []fieldErr {
	var errs []fieldErr
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

// scope is the commands of one scope, a guild or "" for the global ones,
// read while s.mu is held.
type scope struct {
	guild string
	cur   []map[string]any
}

// commandsRoute serves a route of a scope's commands: it checks the
// application in the path and holds s.mu while f runs.
func (s *Server) commandsRoute(f func(sc scope, c Call) reply) api {
	return func(r *http.Request, c Call) reply {
		if r.PathValue("app") != AppID {
			return apiError(http.StatusForbidden, 50001, "Missing Access")
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		guild := r.PathValue("guild")
		return f(scope{guild, s.commands[guild]}, c)
	}
}

// commandRoute serves a route of one command, cur[idx] of its scope.
func (s *Server) commandRoute(f func(sc scope, idx int, c Call) reply) api {
	return func(r *http.Request, c Call) reply {
		return s.commandsRoute(func(sc scope, c Call) reply {
			idx := -1
			for i, cmd := range sc.cur {
				if cmd["id"] == r.PathValue("cmd") {
					idx = i
				}
			}
			if idx < 0 {
				return apiError(http.StatusNotFound, 10063, "Unknown application command")
			}
			return f(sc, idx, c)
		})(r, c)
	}
}

func (s *Server) listCommands(sc scope, _ Call) reply {
	if sc.cur == nil {
		return jsonReply(http.StatusOK, []any{})
	}
	return jsonReply(http.StatusOK, sc.cur)
}

// overwriteCommands replaces the scope's commands (bulk overwrite).
func (s *Server) overwriteCommands(sc scope, c Call) reply {
	var in []any
	if err := decodeJSON(c.Payload(), &in); err != nil {
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
		out[i] = storedCommand(sc.cur, obj(c), sc.guild)
	}
	s.commands[sc.guild] = out
	return jsonReply(http.StatusOK, out)
}

// createCommand adds a command, or replaces the one of its type and name.
func (s *Server) createCommand(sc scope, c Call) reply {
	var in map[string]any
	if err := decodeJSON(c.Payload(), &in); err != nil || in == nil {
		return formError([]fieldErr{{"", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}})
	}
	if errs := validateCommand(in, ""); len(errs) > 0 {
		return formError(errs)
	}
	cmd := storedCommand(sc.cur, in, sc.guild)
	for i, old := range sc.cur {
		if old["id"] == cmd["id"] {
			sc.cur[i] = cmd
			return jsonReply(http.StatusOK, cmd)
		}
	}
	s.commands[sc.guild] = append(sc.cur, cmd)
	return jsonReply(http.StatusCreated, cmd)
}

func (s *Server) getCommand(sc scope, idx int, _ Call) reply {
	return jsonReply(http.StatusOK, sc.cur[idx])
}

func (s *Server) deleteCommand(sc scope, idx int, _ Call) reply {
	s.commands[sc.guild] = append(sc.cur[:idx:idx], sc.cur[idx+1:]...)
	return noContent()
}

// editCommand changes the keys given of one command; its version changes
// when the command does.
func (s *Server) editCommand(sc scope, idx int, c Call) reply {
	var in map[string]any
	if err := decodeJSON(c.Payload(), &in); err != nil || in == nil {
		return formError([]fieldErr{{"", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}})
	}
	old := sc.cur[idx]
	merged := make(map[string]any, len(old))
	for k, v := range old {
		merged[k] = v
	}
	for k, v := range in {
		merged[k] = v
	}
	if errs := validateCommand(merged, ""); len(errs) > 0 {
		return formError(errs)
	}
	merged["id"], merged["type"], merged["application_id"] = old["id"], old["type"], AppID
	if canonical(merged) != canonical(old) {
		merged["version"] = snowflake()
	}
	next := append([]map[string]any(nil), sc.cur...)
	next[idx] = merged
	s.commands[sc.guild] = next
	return jsonReply(http.StatusOK, merged)
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
