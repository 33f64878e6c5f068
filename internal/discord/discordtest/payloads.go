package discordtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Payload is the JSON object of an INTERACTION_CREATE, as Discord sends it;
// pass it to Server.Dispatch. The builders fill every field a real
// interaction in GuildID/ChannelID by UserID carries; change them with the
// methods below, or set any key directly (Payload is a plain map).
type Payload map[string]any

// ID is the interaction's ID.
func (p Payload) ID() string { return str(p["id"]) }

// Token is the interaction's token.
func (p Payload) Token() string { return str(p["token"]) }

// Decode unmarshals p the way discordgo does for an INTERACTION_CREATE.
func (p Payload) Decode() (*discordgo.Interaction, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(b, &i); err != nil {
		return nil, err
	}
	return &i, nil
}

// With returns a copy of p with key set to v.
func (p Payload) With(key string, v any) Payload {
	out := make(Payload, len(p)+1)
	for k, x := range p {
		out[k] = x
	}
	out[key] = v
	return out
}

// ByUser returns a copy of p invoked by another user (as member.user in a
// guild, user in a DM).
func (p Payload) ByUser(id, username string) Payload {
	u := userJSON(id, username)
	if _, dm := p["user"]; dm {
		return p.With("user", u)
	}
	return p.With("member", memberJSON(u))
}

// InChannel returns a copy of p sent in guildID's channelID.
func (p Payload) InChannel(guildID, channelID string) Payload {
	out := p.With("channel_id", channelID).With("guild_id", guildID)
	out["channel"] = channelJSON(guildID, channelID)
	out["authorizing_integration_owners"] = map[string]any{"0": guildID}
	if u, dm := out["user"]; dm {
		delete(out, "user")
		out["member"] = memberJSON(obj(u))
	}
	out["context"] = int(discordgo.InteractionContextGuild)
	out["guild_locale"] = "en-US"
	return out
}

// InDM returns a copy of p sent in the user's DM with the bot: no guild_id
// or member, the user in "user".
func (p Payload) InDM() Payload {
	u := obj(obj(p["member"])["user"])
	if u == nil {
		u = obj(p["user"])
	}
	dm := "1500000000000000001"
	out := p.With("channel_id", dm).With("user", u)
	delete(out, "guild_id")
	delete(out, "member")
	delete(out, "guild_locale")
	out["channel"] = map[string]any{"id": dm, "type": int(discordgo.ChannelTypeDM), "recipients": []any{u}}
	out["context"] = int(discordgo.InteractionContextBotDM)
	out["authorizing_integration_owners"] = map[string]any{"0": AppID}
	return out
}

// Arg is one option of a command interaction (an element of data.options).
type Arg map[string]any

// StringArg is a string option.
func StringArg(name, v string) Arg {
	return Arg{"name": name, "type": int(discordgo.ApplicationCommandOptionString), "value": v}
}

// IntArg is an integer option.
func IntArg(name string, v int64) Arg {
	return Arg{"name": name, "type": int(discordgo.ApplicationCommandOptionInteger), "value": v}
}

// NumberArg is a number option.
func NumberArg(name string, v float64) Arg {
	return Arg{"name": name, "type": int(discordgo.ApplicationCommandOptionNumber), "value": v}
}

// BoolArg is a boolean option.
func BoolArg(name string, v bool) Arg {
	return Arg{"name": name, "type": int(discordgo.ApplicationCommandOptionBoolean), "value": v}
}

// FocusedArg is the string option being typed in an autocomplete
// interaction; partial is what was typed so far.
func FocusedArg(name, partial string) Arg {
	a := StringArg(name, partial)
	a["focused"] = true
	return a
}

// SubcommandArg is a subcommand holding its own options.
func SubcommandArg(name string, args ...Arg) Arg {
	a := Arg{"name": name, "type": int(discordgo.ApplicationCommandOptionSubCommand)}
	if len(args) > 0 {
		a["options"] = args
	}
	return a
}

// SlashCommand builds a chat-input command interaction (type 2, data.type
// 1) for /name with args. data.id is the ID of the registered command of
// that name, if any.
func (s *Server) SlashCommand(name string, args ...Arg) Payload {
	p := s.base(discordgo.InteractionApplicationCommand)
	p["data"] = s.commandData(name, discordgo.ChatApplicationCommand, args)
	return p
}

// Autocomplete builds an autocomplete interaction (type 4) for /name; one
// of args should be a FocusedArg.
func (s *Server) Autocomplete(name string, args ...Arg) Payload {
	p := s.base(discordgo.InteractionApplicationCommandAutocomplete)
	p["data"] = s.commandData(name, discordgo.ChatApplicationCommand, args)
	return p
}

// MessageCommand builds a message context-menu command interaction (type
// 2, data.type 3) named name, used on target (resolved.messages). Missing
// ID, ChannelID, Author and Timestamp of target are filled in; target
// itself is not changed.
func (s *Server) MessageCommand(name string, target *discordgo.Message) Payload {
	msg := messageJSON(target, userJSON(UserID, Username))
	p := s.base(discordgo.InteractionApplicationCommand)
	d := s.commandData(name, discordgo.MessageApplicationCommand, nil)
	d["target_id"] = msg["id"]
	d["resolved"] = map[string]any{"messages": map[string]any{str(msg["id"]): msg}}
	p["data"] = d
	return p
}

// Component builds a message component interaction (type 3): a click on
// the button customID, or, with values, a choice in the string select
// customID, on msg (typically a message the bot sent, e.g.
// InteractionState.Original). Missing ID, ChannelID, Author (the bot) and
// Timestamp of msg are filled in.
func (s *Server) Component(customID string, msg *discordgo.Message, values ...string) Payload {
	p := s.base(discordgo.InteractionMessageComponent)
	d := map[string]any{"custom_id": customID, "component_type": int(discordgo.ButtonComponent)}
	if len(values) > 0 {
		d["component_type"] = int(discordgo.SelectMenuComponent)
		d["values"] = values
	}
	p["data"] = d
	m := messageJSON(msg, botUser())
	if m["application_id"] == nil {
		m["application_id"] = AppID
	}
	p["message"] = m
	return p
}

func (s *Server) commandData(name string, typ discordgo.ApplicationCommandType, args []Arg) map[string]any {
	id := s.commandID(GuildID, name, int(typ))
	if id == "" {
		id = snowflake()
	}
	d := map[string]any{"id": id, "name": name, "type": int(typ)}
	if len(args) > 0 {
		d["options"] = resolveAttachments(d, args)
	}
	return d
}

// appPermissions is what a bot with the usual send/embed/read permissions
// gets in app_permissions.
const appPermissions = "2248473465835073"

func (s *Server) base(t discordgo.InteractionType) Payload {
	return Payload{
		"id":                             snowflake(),
		"application_id":                 AppID,
		"type":                           int(t),
		"token":                          interactionToken(),
		"version":                        1,
		"guild_id":                       GuildID,
		"channel_id":                     ChannelID,
		"channel":                        channelJSON(GuildID, ChannelID),
		"member":                         memberJSON(userJSON(UserID, Username)),
		"app_permissions":                appPermissions,
		"locale":                         "en-US",
		"guild_locale":                   "en-US",
		"entitlements":                   []any{},
		"authorizing_integration_owners": map[string]any{"0": GuildID},
		"context":                        int(discordgo.InteractionContextGuild),
	}
}

func interactionToken() string {
	b := make([]byte, 96)
	rand.Read(b)
	return "aW50ZXJhY3Rpb246" + base64.RawURLEncoding.EncodeToString(b)
}

func userJSON(id, username string) map[string]any {
	return map[string]any{
		"id": id, "username": username, "global_name": username, "discriminator": "0",
		"avatar": nil, "public_flags": 0,
	}
}

func memberJSON(user map[string]any) map[string]any {
	return map[string]any{
		"user": user, "roles": []any{}, "nick": nil, "avatar": nil,
		"joined_at": "2024-01-15T10:00:00.000000+00:00", "premium_since": nil,
		"deaf": false, "mute": false, "pending": false, "flags": 0,
		"permissions": "2251799813685247", "communication_disabled_until": nil,
	}
}

func channelJSON(guildID, channelID string) map[string]any {
	return map[string]any{
		"id": channelID, "guild_id": guildID, "type": int(discordgo.ChannelTypeGuildText),
		"name": "general", "nsfw": false, "position": 0, "permissions": appPermissions,
	}
}

// messageJSON marshals m (nil: an empty message) with defaults filled in.
func messageJSON(m *discordgo.Message, author map[string]any) map[string]any {
	var cp discordgo.Message
	if m != nil {
		cp = *m
	}
	if cp.ID == "" {
		cp.ID = snowflake()
	}
	if cp.ChannelID == "" {
		cp.ChannelID = ChannelID
	}
	if cp.Timestamp.IsZero() {
		cp.Timestamp = time.Now().Add(-time.Minute).UTC()
	}
	b, err := json.Marshal(&cp)
	if err != nil {
		panic("discordtest: marshal message: " + err.Error())
	}
	var out map[string]any
	decodeJSON(b, &out)
	if cp.Author == nil {
		out["author"] = author
	}
	// Message.Components is tagged json:"-"; Discord sends them.
	if len(cp.Components) > 0 {
		b, err := json.Marshal(cp.Components)
		if err != nil {
			panic("discordtest: marshal components: " + err.Error())
		}
		var comps []any
		decodeJSON(b, &comps)
		out["components"] = comps
	}
	for _, k := range []string{"interaction", "interaction_metadata", "webhook_id", "application"} {
		if out[k] == nil || out[k] == "" {
			delete(out, k)
		}
	}
	for _, k := range []string{"embeds", "components", "attachments", "mentions", "mention_roles"} {
		if out[k] == nil {
			out[k] = []any{}
		}
	}
	return out
}
