package discord

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/library"
	"github.com/sourcebot/newsbot/internal/store"
)

// Library is each server's own library of articles: the engine that
// answers in a server, and what /library changes. *library.Libraries is
// one; a nil Library answers every server from the default articles.
type Library interface {
	Engine(ctx context.Context, guildID string) (*answer.Engine, error)
	SetBase(b *library.Base)
	State(ctx context.Context, guildID string) (store.LibraryState, error)
	ReadAttachment(ctx context.Context, name, url string) (library.Draft, error)
	ReadLink(ctx context.Context, link string) (library.Draft, error)
	Add(ctx context.Context, guildID, userID string, d library.Draft) (store.LibraryArticle, error)
	List(ctx context.Context, guildID string) ([]store.LibraryArticle, error)
	Find(ctx context.Context, guildID, ref string) (store.LibraryArticle, error)
	Remove(ctx context.Context, guildID, id string) error
	SetDefaults(ctx context.Context, guildID string, on bool) error
	SetTeacherRole(ctx context.Context, guildID, roleID string) error
	// UserHash is the form of a user id the store keeps (AddedBy).
	UserHash(id string) string
}

// The /library command, its subcommands and options, and its buttons.
const (
	cmdLibrary     = "library"
	subAdd         = "add"
	subList        = "list"
	subRemove      = "remove"
	subDefault     = "default"
	subTeachers    = "teachers"
	optFile        = "file"
	optURL         = "url"
	optArticle     = "article"
	optState       = "state"
	optRole        = "role"
	actionLibAdd   = "libadd"    // Add on a preview: "libadd|<draft id>"
	actionLibDrop  = "libcancel" // Cancel on a preview
	actionLibRm    = "librm"     // Remove on a confirmation: "librm|<article id>"
	actionLibKeep  = "libkeep"   // Keep on a confirmation
	libraryHelp    = "**/library** — for teachers: add an article (a file or a link) to this server's library, list or remove them, and `/library default off` to answer from them alone."
	notTeacher     = "Only teachers can change this server's library: members who can manage the server, or who have the teacher role (`/library teachers`)."
	notManager     = "Only members who can manage the server can choose the teacher role."
	libraryOffText = "Server libraries are off: this bot keeps no store. Set BOT_DB (a file or a postgres:// URL) to turn them on."
)

// libraryDef is /library as Discord registers it.
func libraryDef() *discordgo.ApplicationCommand {
	sub := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Description: desc, Options: opts}
	}
	return &discordgo.ApplicationCommand{Name: cmdLibrary, Type: discordgo.ChatApplicationCommand,
		Description: "This server's own articles: add, list or remove them (teachers)",
		Options: []*discordgo.ApplicationCommandOption{
			sub(subAdd, "Add an article: attach a .txt, .md or .html file, or give a link to a web page",
				&discordgo.ApplicationCommandOption{Name: optFile, Type: discordgo.ApplicationCommandOptionAttachment,
					Description: "The article: a .txt or .md file (the bot's article format) or a saved .html page"},
				&discordgo.ApplicationCommandOption{Name: optURL, Type: discordgo.ApplicationCommandOptionString,
					Description: "Or a link to the article's web page", MaxLength: 2000}),
			sub(subList, "The articles of this server's library: who added them and when"),
			sub(subRemove, "Remove an article from this server's library",
				&discordgo.ApplicationCommandOption{Name: optArticle, Type: discordgo.ApplicationCommandOptionString,
					Description: "The article's headline", Required: true, Autocomplete: true, MaxLength: 300}),
			sub(subDefault, "Whether the bot's default articles are answered from here too (on by default)",
				&discordgo.ApplicationCommandOption{Name: optState, Type: discordgo.ApplicationCommandOptionString,
					Description: "on: this server's articles and the defaults; off: this server's alone", Required: true,
					Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "on", Value: "on"}, {Name: "off", Value: "off"}}}),
			sub(subTeachers, "Let members with a role add and remove articles (Manage Server)",
				&discordgo.ApplicationCommandOption{Name: optRole, Type: discordgo.ApplicationCommandOptionRole,
					Description: "The teachers' role; leave it out to let only those who manage the server"}),
		}}
}

// libraryOn refuses /library when there is no store to keep libraries in.
func libraryOn(h *Handler, r *req) string {
	if h.libs == nil {
		return libraryOffText
	}
	return ""
}

// teachersOnly lets members who can manage the server, or who have the
// server's teacher role, change its library.
func teachersOnly(h *Handler, r *req) string {
	m := r.i.Member
	if m == nil || r.i.GuildID == "" {
		return "Libraries belong to servers: use /library in a server."
	}
	if m.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0 {
		return ""
	}
	st, err := h.libs.State(r.ctx, r.i.GuildID)
	if err != nil {
		h.log.Error("library: read the teacher role", "guild", r.i.GuildID, "err", err.Error())
		return "Sorry, I couldn't read this server's library just now. Please try again."
	}
	if st.TeacherRole != "" && slices.Contains(m.Roles, st.TeacherRole) {
		return ""
	}
	return notTeacher
}

// engineFor is the engine that answers in guild: that server's library's,
// or ref's (the default articles) in DMs and without libraries.
func (h *Handler) engineFor(ctx context.Context, guild string, ref *engineRef) (Answerer, error) {
	if h.libs == nil || guild == "" {
		return ref.eng, nil
	}
	e, err := h.libs.Engine(ctx, guild)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errLibrary, err)
	}
	return e, nil
}

// subcommand is /library's subcommand and its options by name.
func subcommand(i *discordgo.Interaction) (name string, opts map[string]*discordgo.ApplicationCommandInteractionDataOption) {
	opts = map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	d := commandData(i)
	if len(d.Options) == 0 || d.Options[0] == nil {
		return "", opts
	}
	for _, o := range d.Options[0].Options {
		if o != nil {
			opts[o.Name] = o
		}
	}
	return d.Options[0].Name, opts
}

func optString(opts map[string]*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	if o := opts[name]; o != nil {
		s, _ := o.Value.(string)
		return strings.TrimSpace(s)
	}
	return ""
}

// library runs a /library subcommand.
func (h *Handler) library(r *req) (*discordgo.InteractionResponse, error) {
	name, opts := subcommand(r.i)
	switch name {
	case subAdd:
		return h.libraryAdd(r, opts)
	case subList:
		return h.libraryList(r)
	case subRemove:
		return h.libraryRemove(r, optString(opts, optArticle))
	case subDefault:
		return h.libraryDefault(r, optString(opts, optState) != "off")
	case subTeachers:
		return h.libraryTeachers(r, optString(opts, optRole))
	}
	return ephemeral("Use /library add, list, remove, default or teachers."), nil
}
