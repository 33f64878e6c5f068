package discord

import (
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// The bodies the bot sends to Discord. discordgo's request structs write
// keys that Discord's spec does not define for a route, and explicit nulls
// and empty strings that Discord applies: a type 7 update built from its
// InteractionResponseData carries "content":"" and "embeds":null, and
// Discord clears the answer's text and embeds. These types write only what
// the spec defines for each route and only what the bot means to set: an
// empty field is left out, so an update or an edit keeps it as it was.

// wireResponse is an interaction callback (POST .../callback, or the body
// of an HTTP interaction's reply).
type wireResponse struct {
	Type int `json:"type"`
	// Data is a *wireMessage (types 4, 5 and 7) or a *wireChoices (8).
	Data any `json:"data,omitempty"`
}

// wireMessage is a message to create or edit: an interaction reply or
// update, a follow-up, an edit of @original, or a channel message.
type wireMessage struct {
	Content          string         `json:"content,omitempty"`
	Embeds           []wireEmbed    `json:"embeds,omitempty"`
	Components       []wireRow      `json:"components,omitempty"`
	AllowedMentions  *wireMentions  `json:"allowed_mentions,omitempty"`
	Flags            int            `json:"flags,omitempty"`
	MessageReference *wireReference `json:"message_reference,omitempty"`
}

type wireMentions struct {
	Parse       []string `json:"parse"`
	RepliedUser *bool    `json:"replied_user,omitempty"`
}

type wireReference struct {
	MessageID string `json:"message_id"`
	ChannelID string `json:"channel_id,omitempty"`
	GuildID   string `json:"guild_id,omitempty"`
}

type wireEmbed struct {
	Title       string      `json:"title,omitempty"`
	Description string      `json:"description,omitempty"`
	URL         string      `json:"url,omitempty"`
	Color       int         `json:"color,omitempty"`
	Footer      *wireFooter `json:"footer,omitempty"`
	Author      *wireAuthor `json:"author,omitempty"`
	Fields      []wireField `json:"fields,omitempty"`
}

type wireFooter struct {
	Text string `json:"text"`
}

type wireAuthor struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type wireField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

type wireRow struct {
	Type       int          `json:"type"` // 1, an action row
	Components []wireButton `json:"components"`
}

type wireButton struct {
	Type     int    `json:"type"` // 2, a button
	Style    int    `json:"style"`
	Label    string `json:"label,omitempty"`
	CustomID string `json:"custom_id,omitempty"`
	URL      string `json:"url,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
}

type wireChoices struct {
	Choices []wireChoice `json:"choices"`
}

type wireChoice struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// wireThread starts a thread from a message.
type wireThread struct {
	Name                string `json:"name"`
	AutoArchiveDuration int    `json:"auto_archive_duration,omitempty"`
}

// wireCommand is an application command to register.
type wireCommand struct {
	Name                     string       `json:"name"`
	Type                     int          `json:"type"`
	Description              string       `json:"description,omitempty"`
	Options                  []wireOption `json:"options,omitempty"`
	DefaultMemberPermissions *string      `json:"default_member_permissions,omitempty"`
	Contexts                 []int        `json:"contexts,omitempty"`
}

type wireOption struct {
	Type         int          `json:"type"`
	Name         string       `json:"name"`
	Description  string       `json:"description"`
	Required     bool         `json:"required,omitempty"`
	Autocomplete bool         `json:"autocomplete,omitempty"`
	MinLength    *int         `json:"min_length,omitempty"`
	MaxLength    int          `json:"max_length,omitempty"`
	Choices      []wireChoice `json:"choices,omitempty"`
	// Options are a subcommand's (or a group's subcommands).
	Options []wireOption `json:"options,omitempty"`
}

// toWire is the callback to send for resp, with every limit enforced.
func toWire(resp *discordgo.InteractionResponse) wireResponse {
	out := wireResponse{Type: int(resp.Type)}
	d := resp.Data
	switch resp.Type {
	case discordgo.InteractionResponseChannelMessageWithSource:
		out.Data = toMessage(d, true)
	case discordgo.InteractionResponseUpdateMessage:
		out.Data = toMessage(d, false)
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		if d != nil && d.Flags&discordgo.MessageFlagsEphemeral != 0 {
			out.Data = &wireMessage{Flags: int(discordgo.MessageFlagsEphemeral)}
		}
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		out.Data = toChoices(d)
	}
	return out
}

// toMessage converts a reply's data; withFlags keeps its ephemeral flag
// (a new message), else it is dropped (an update or an edit cannot change
// it).
func toMessage(d *discordgo.InteractionResponseData, withFlags bool) *wireMessage {
	m := &wireMessage{}
	if d == nil {
		return m
	}
	m.Content = d.Content
	m.Embeds = toEmbeds(d.Embeds)
	m.Components = toRows(d.Components)
	m.AllowedMentions = toMentions(d.AllowedMentions)
	if withFlags {
		m.Flags = int(d.Flags & discordgo.MessageFlagsEphemeral)
	}
	fitMessage(m)
	return m
}

func toMentions(a *discordgo.MessageAllowedMentions) *wireMentions {
	if a == nil {
		return nil
	}
	w := &wireMentions{Parse: []string{}}
	for _, p := range a.Parse {
		w.Parse = append(w.Parse, string(p))
	}
	return w
}

func toEmbeds(es []*discordgo.MessageEmbed) []wireEmbed {
	if len(es) == 0 {
		return nil
	}
	out := make([]wireEmbed, 0, len(es))
	for _, e := range es {
		if e == nil {
			continue
		}
		w := wireEmbed{Title: e.Title, Description: e.Description, URL: e.URL, Color: e.Color}
		if e.Footer != nil && e.Footer.Text != "" {
			w.Footer = &wireFooter{Text: e.Footer.Text}
		}
		if e.Author != nil && e.Author.Name != "" {
			w.Author = &wireAuthor{Name: e.Author.Name, URL: e.Author.URL}
		}
		if len(e.Fields) > 0 {
			w.Fields = make([]wireField, 0, len(e.Fields))
		}
		for _, f := range e.Fields {
			if f != nil {
				w.Fields = append(w.Fields, wireField{Name: f.Name, Value: f.Value, Inline: f.Inline})
			}
		}
		out = append(out, w)
	}
	return out
}

// toRows converts action rows of buttons, values or pointers as discordgo
// builds or decodes them; anything else is left out.
func toRows(cs []discordgo.MessageComponent) []wireRow {
	if len(cs) == 0 {
		return nil
	}
	out := make([]wireRow, 0, len(cs))
	for _, c := range cs {
		var children []discordgo.MessageComponent
		switch r := c.(type) {
		case discordgo.ActionsRow:
			children = r.Components
		case *discordgo.ActionsRow:
			if r != nil {
				children = r.Components
			}
		}
		row := wireRow{Type: 1, Components: make([]wireButton, 0, len(children))}
		for _, child := range children {
			if b, ok := buttonOf(child); ok {
				row.Components = append(row.Components, wireButton{Type: 2, Style: int(b.Style), Label: b.Label, CustomID: b.CustomID, URL: b.URL, Disabled: b.Disabled})
			}
		}
		if len(row.Components) > 0 {
			out = append(out, row)
		}
	}
	return out
}

func toChoices(d *discordgo.InteractionResponseData) *wireChoices {
	var cs []wireChoice
	if d != nil {
		for _, c := range d.Choices {
			if c == nil {
				continue
			}
			v, ok := c.Value.(string)
			if !ok {
				continue
			}
			cs = append(cs, wireChoice{Name: c.Name, Value: v})
		}
	}
	return &wireChoices{Choices: fitChoices(cs)}
}

// toChannelMessage converts a chat reply.
func toChannelMessage(s *discordgo.MessageSend) *wireMessage {
	m := &wireMessage{
		Content:    s.Content,
		Embeds:     toEmbeds(s.Embeds),
		Components: toRows(s.Components),
	}
	if s.AllowedMentions != nil {
		replied := s.AllowedMentions.RepliedUser
		m.AllowedMentions = toMentions(s.AllowedMentions)
		m.AllowedMentions.RepliedUser = &replied
	}
	if r := s.Reference; r != nil && r.MessageID != "" {
		m.MessageReference = &wireReference{MessageID: r.MessageID, ChannelID: r.ChannelID, GuildID: r.GuildID}
	}
	fitMessage(m)
	return m
}

// toOptions are a command's options as registered, a subcommand's own
// options within it.
func toOptions(opts []*discordgo.ApplicationCommandOption) []wireOption {
	var out []wireOption
	for _, o := range opts {
		if o == nil {
			continue
		}
		out = append(out, wireOption{Type: int(o.Type), Name: o.Name, Description: o.Description,
			Required: o.Required, Autocomplete: o.Autocomplete, MinLength: o.MinLength, MaxLength: o.MaxLength,
			Choices: toChoices(&discordgo.InteractionResponseData{Choices: o.Choices}).Choices, Options: toOptions(o.Options)})
	}
	return out
}

// toCommands converts the command set for registration. Contexts apply
// only to global commands, so guild-scoped registration leaves them out.
func toCommands(cmds []*discordgo.ApplicationCommand, global bool) []wireCommand {
	out := make([]wireCommand, 0, len(cmds))
	for _, c := range cmds {
		w := wireCommand{Name: c.Name, Type: int(c.Type), Description: c.Description}
		if w.Type == 0 {
			w.Type = int(discordgo.ChatApplicationCommand)
		}
		if c.DefaultMemberPermissions != nil {
			// A string, as Discord's documentation and discord-api-types
			// define it (the OpenAPI file says integer; Discord takes both).
			p := strconv.FormatInt(*c.DefaultMemberPermissions, 10)
			w.DefaultMemberPermissions = &p
		}
		if global && c.Contexts != nil {
			for _, ctx := range *c.Contexts {
				w.Contexts = append(w.Contexts, int(ctx))
			}
		}
		w.Options = toOptions(c.Options)
		out = append(out, w)
	}
	return out
}
