package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Command and option names.
const (
	cmdAsk        = "ask"
	cmdSources    = "sources"
	cmdHelp       = "help"
	cmdFindSource = "Find source"
	cmdCompare    = "compare"
	cmdTimeline   = "timeline"
	cmdQuote      = "quote"
	cmdReload     = "reload"
	cmdGaps       = "gaps"
	cmdStats      = "stats"
	optText       = "text"
	optQuestion   = "question"
	optPrivate    = "private"
	// MaxQuestionLength is the longest /ask question Discord will accept.
	MaxQuestionLength = 300
)

// Button actions, the first part of a custom_id: "cite|<passage id>".
const (
	actionMore = "more" // alternatives to the answer, ephemeral
	actionCite = "cite" // citation ready to paste, ephemeral
	actionPost = "post" // citation posted in the channel, from "Find source"
	actionUp   = "up"   // 👍 on an answer: "up|<record id>"
	actionDown = "down" // 👎
)

// command is one entry of the command table: a slash or message command
// (def is set), or a button (action is set). The table drives
// registration, dispatch, deferral and /help; adding a command is one entry
// here and one file with its handler.
type command struct {
	// def is what Discord registers, without the permissions and contexts
	// that access adds; nil for a button.
	def *discordgo.ApplicationCommand
	// action is a button's custom_id prefix ("cite" in "cite|<id>").
	action string
	// run answers the interaction.
	run func(h *Handler, r *req) (*discordgo.InteractionResponse, error)
	// complete offers choices as an option is typed; nil for none.
	complete func(h *Handler, r *req) *discordgo.InteractionResponse
	// question counts against the user's rate limit.
	question bool
	// shown says who sees the reply, which the holding reply must match.
	shown visibility
	// deferAtOnce sends the holding reply at once: the command reads the
	// store or the whole corpus, or re-reads the articles, and may take
	// longer than Discord's window on a busy machine.
	deferAtOnce bool
	// access is who may run it: the permission registered with Discord,
	// and whether the bot checks it again.
	access access
	// gates refuse the command, in order, before it runs: each returns the
	// reply that says why, or "".
	gates []gate
	// help is its line in /help; "" when another entry's line covers it.
	help string
}

// visibility is who sees a reply.
type visibility int

const (
	// public: everyone in the channel, unless the private option is true.
	public visibility = iota
	// private: only the user (an ephemeral reply).
	private
	// update: the message the button is on is updated in place.
	update
)

// access is who may run a command.
type access int

const (
	// everyone, in servers and in DMs with the bot.
	everyone access = iota
	// moderators: registered for Manage Messages in servers only; a server
	// can still grant it to others under Integrations.
	moderators
	// moderatorsChecked: as moderators, and the bot checks the member's
	// permissions as Discord sends them, so the record stays with
	// moderators whoever a server lets run it.
	moderatorsChecked
	// operators: listed for Manage Server, in servers only, and run only by
	// the bot's operators (Config.Operators): it acts on every server.
	operators
	// teachers: listed for every member, in servers only (a teacher role
	// has no permission Discord could check), and checked by a gate.
	teachers
)

// permission is the default member permission access registers; nil for
// everyone.
func (a access) permission() *int64 {
	var p int64
	switch a {
	case moderators, moderatorsChecked:
		p = discordgo.PermissionManageMessages
	case operators:
		p = discordgo.PermissionManageGuild
	default:
		return nil
	}
	return &p
}

// contexts are where a command with access a can be used.
func (a access) contexts() *[]discordgo.InteractionContextType {
	if a == everyone {
		return &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	}
	return &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
}

// A gate refuses a command before it runs: it returns the reply saying
// why, or "" to let it run.
type gate func(h *Handler, r *req) string

// table is the bot's commands and buttons, in the order Discord lists the
// commands and /help names them.
var table = newTable(
	command{def: &discordgo.ApplicationCommand{Name: cmdAsk, Type: discordgo.ChatApplicationCommand,
		Description: "Ask a question; get the passage from the articles that answers it, with its source",
		Options:     questionOptionDefs("what did China say about proof?")},
		run: (*Handler).ask, complete: (*Handler).autocomplete, question: true,
		help: "**/ask** `question` — the best passage; add `private:true` to see it alone."},
	command{def: &discordgo.ApplicationCommand{Name: cmdCompare, Type: discordgo.ChatApplicationCommand,
		Description: "How each source reports it: the best passage from each, side by side",
		Options:     questionOptionDefs("what did China say about cyber terrorism?")},
		run: (*Handler).compare, complete: (*Handler).autocomplete, question: true,
		help: "**/compare** `question` — how each source reports it, side by side."},
	command{def: &discordgo.ApplicationCommand{Name: cmdTimeline, Type: discordgo.ChatApplicationCommand,
		Description: "What happened when: the dated events across the articles, in order, with sources",
		Options:     []*discordgo.ApplicationCommandOption{privateOptionDef()}},
		run: (*Handler).timeline, deferAtOnce: true,
		help: "**/timeline** — what happened when: the dated events across the articles, in order."},
	command{def: &discordgo.ApplicationCommand{Name: cmdQuote, Type: discordgo.ChatApplicationCommand,
		Description: "Who said this? Find a quotation in the articles and its speaker",
		Options: []*discordgo.ApplicationCommandOption{{Name: optText, Type: discordgo.ApplicationCommandOptionString,
			Description: "The words you remember, even partly, e.g. senseless cultural arrogance",
			Required:    true, MinLength: minLength(), MaxLength: MaxQuestionLength},
			privateOptionDef()}},
		run: (*Handler).quote, question: true,
		help: "**/quote** `text` — who said this? The quotation, its speaker and where it was reported; partial or misremembered words work."},
	command{def: &discordgo.ApplicationCommand{Name: cmdSources, Type: discordgo.ChatApplicationCommand,
		Description: "List the articles the bot answers from"},
		run: (*Handler).sources, help: "**/sources** — the articles I answer from."},
	// /help needs no line of its own: it is the list.
	command{def: &discordgo.ApplicationCommand{Name: cmdHelp, Type: discordgo.ChatApplicationCommand,
		Description: "What the bot does, with example questions"},
		run: (*Handler).help, shown: private},
	command{def: &discordgo.ApplicationCommand{Name: cmdReload, Type: discordgo.ChatApplicationCommand,
		Description: "Re-read the articles without a restart (bot operators)"},
		run: (*Handler).reload, shown: private, deferAtOnce: true, access: operators, gates: []gate{reloadOn, operatorsOnly},
		help: "**/reload** — for the bot's operators: re-read the articles without a restart."},
	command{def: &discordgo.ApplicationCommand{Name: cmdGaps, Type: discordgo.ChatApplicationCommand,
		Description: "Questions the articles could not answer, or answered unhelpfully, grouped (moderators)"},
		run: (*Handler).gaps, shown: private, deferAtOnce: true, access: moderatorsChecked, gates: []gate{moderatorsOnly, feedbackOn},
		help: "**/gaps**, **/stats** — for moderators: the questions my articles could not answer, and how answers were rated."},
	command{def: &discordgo.ApplicationCommand{Name: cmdStats, Type: discordgo.ChatApplicationCommand,
		Description: "Questions a day, answer rate, helpful rate and top passages (moderators)"},
		run: (*Handler).stats, shown: private, deferAtOnce: true, access: moderatorsChecked, gates: []gate{moderatorsOnly, feedbackOn}},
	// question: each /library counts against the rate limit, as a link
	// sends the bot to fetch it.
	command{def: libraryDef(), run: (*Handler).library, complete: (*Handler).libraryComplete, question: true, shown: private, deferAtOnce: true,
		access: teachers, gates: []gate{libraryOn, teachersOnly}, help: libraryHelp},
	// For moderators, as the README says: it posts citations in the
	// channel.
	command{def: &discordgo.ApplicationCommand{Name: cmdFindSource, Type: discordgo.MessageApplicationCommand},
		run: (*Handler).findSource, question: true, shown: private, access: moderators,
		help: "**Find source** — for moderators: right-click a message → Apps → Find source, to find the passage behind a claim."},

	command{action: actionMore, run: (*Handler).more, shown: private,
		help: "Under an answer: **More passages** for other passages, **Cite** for a citation to paste, 👍 or 👎 to say whether it helped."},
	command{action: actionCite, run: (*Handler).cite, shown: private},
	command{action: actionPost, run: (*Handler).cite},
	command{action: actionUp, run: (*Handler).vote, shown: update, gates: []gate{feedbackOn}},
	command{action: actionDown, run: (*Handler).vote, shown: update, gates: []gate{feedbackOn}},
	command{action: actionLibAdd, run: (*Handler).libraryAddPressed, shown: update, gates: []gate{libraryOn, teachersOnly}},
	command{action: actionLibDrop, run: (*Handler).libraryCancelPressed, shown: update, gates: []gate{libraryOn}},
	command{action: actionLibRm, run: (*Handler).libraryRemovePressed, shown: update, gates: []gate{libraryOn, teachersOnly}},
	command{action: actionLibKeep, run: (*Handler).libraryKeepPressed, shown: update, gates: []gate{libraryOn}},
)

// commandTable indexes the entries by command name and by button action.
type commandTable struct {
	all      []*command
	commands map[string]*command
	buttons  map[string]*command
}

func newTable(entries ...command) *commandTable {
	t := &commandTable{commands: map[string]*command{}, buttons: map[string]*command{}}
	for i := range entries {
		c := &entries[i]
		t.all = append(t.all, c)
		if c.def != nil {
			t.commands[c.def.Name] = c
		} else {
			t.buttons[c.action] = c
		}
	}
	return t
}

// forInteraction is the entry that serves i, or nil.
func (t *commandTable) forInteraction(i *discordgo.Interaction) *command {
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		return t.commands[commandName(i)]
	case discordgo.InteractionMessageComponent:
		action, _ := componentAction(i)
		return t.buttons[action]
	}
	return nil
}

// componentAction splits a button's custom_id into its action and what it
// acts on (a passage or record id).
func componentAction(i *discordgo.Interaction) (action, id string) {
	d, _ := i.Data.(discordgo.MessageComponentInteractionData)
	action, id, _ = strings.Cut(d.CustomID, "|")
	return action, id
}

// Commands is the bot's command set, registered with one bulk overwrite.
func Commands() []*discordgo.ApplicationCommand {
	var out []*discordgo.ApplicationCommand
	for _, c := range table.all {
		if c.def == nil {
			continue
		}
		def := *c.def
		def.DefaultMemberPermissions = c.access.permission()
		def.Contexts = c.access.contexts()
		out = append(out, &def)
	}
	return out
}

func minLength() *int {
	n := 1
	return &n
}

func privateOptionDef() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Name:        optPrivate,
		Type:        discordgo.ApplicationCommandOptionBoolean,
		Description: "Show the answer only to you (default: everyone in the channel sees it)",
	}
}

// questionOptionDefs are a question, offered from the examples as it is
// typed, and the private flag.
func questionOptionDefs(example string) []*discordgo.ApplicationCommandOption {
	return []*discordgo.ApplicationCommandOption{
		{
			Name:         optQuestion,
			Type:         discordgo.ApplicationCommandOptionString,
			Description:  "What do you want to know? e.g. " + example,
			Required:     true,
			MinLength:    minLength(),
			MaxLength:    MaxQuestionLength,
			Autocomplete: true,
		},
		privateOptionDef(),
	}
}

// CommandNames are the table's entries as the log line names them: a
// command by its name, a button as "button:" and its action. The e2e
// tests check that each is exercised.
func CommandNames() []string {
	var names []string
	for _, c := range table.all {
		if c.def != nil {
			names = append(names, c.def.Name)
		} else {
			names = append(names, "button:"+c.action)
		}
	}
	return names
}
