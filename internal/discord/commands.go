package discord

import "github.com/bwmarrin/discordgo"

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

// Commands is the bot's command set, registered with one bulk overwrite.
func Commands() []*discordgo.ApplicationCommand {
	minLen := 1
	manageGuild := int64(discordgo.PermissionManageGuild)
	manageMessages := int64(discordgo.PermissionManageMessages)
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	contexts := []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	private := &discordgo.ApplicationCommandOption{
		Name:        optPrivate,
		Type:        discordgo.ApplicationCommandOptionBoolean,
		Description: "Show the answer only to you (default: everyone in the channel sees it)",
	}
	question := func(example string) []*discordgo.ApplicationCommandOption {
		return []*discordgo.ApplicationCommandOption{
			{
				Name:         optQuestion,
				Type:         discordgo.ApplicationCommandOptionString,
				Description:  "What do you want to know? e.g. " + example,
				Required:     true,
				MinLength:    &minLen,
				MaxLength:    MaxQuestionLength,
				Autocomplete: true,
			},
			private,
		}
	}
	return []*discordgo.ApplicationCommand{
		{
			Name:        cmdAsk,
			Type:        discordgo.ChatApplicationCommand,
			Description: "Ask a question; get the passage from the articles that answers it, with its source",
			Contexts:    &contexts,
			Options:     question("what did China say about proof?"),
		},
		{
			Name:        cmdCompare,
			Type:        discordgo.ChatApplicationCommand,
			Description: "How each source reports it: the best passage from each, side by side",
			Contexts:    &contexts,
			Options:     question("what did China say about cyber terrorism?"),
		},
		{
			Name:        cmdTimeline,
			Type:        discordgo.ChatApplicationCommand,
			Description: "What happened when: the dated events across the articles, in order, with sources",
			Contexts:    &contexts,
			Options:     []*discordgo.ApplicationCommandOption{private},
		},
		{
			Name:        cmdQuote,
			Type:        discordgo.ChatApplicationCommand,
			Description: "Who said this? Find a quotation in the articles and its speaker",
			Contexts:    &contexts,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Name:        optText,
					Type:        discordgo.ApplicationCommandOptionString,
					Description: "The words you remember, even partly, e.g. senseless cultural arrogance",
					Required:    true,
					MinLength:   &minLen,
					MaxLength:   MaxQuestionLength,
				},
				private,
			},
		},
		{Name: cmdSources, Type: discordgo.ChatApplicationCommand, Description: "List the articles the bot answers from", Contexts: &contexts},
		{Name: cmdHelp, Type: discordgo.ChatApplicationCommand, Description: "What the bot does, with example questions", Contexts: &contexts},
		{
			Name:                     cmdReload,
			Type:                     discordgo.ChatApplicationCommand,
			Description:              "Re-read the articles without a restart (bot operators)",
			Contexts:                 &guildOnly,
			DefaultMemberPermissions: &manageGuild,
		},
		{
			Name:                     cmdGaps,
			Type:                     discordgo.ChatApplicationCommand,
			Description:              "Questions the articles could not answer, or answered unhelpfully, grouped (moderators)",
			Contexts:                 &guildOnly,
			DefaultMemberPermissions: &manageMessages,
		},
		{
			Name:                     cmdStats,
			Type:                     discordgo.ChatApplicationCommand,
			Description:              "Questions a day, answer rate, helpful rate and top passages (moderators)",
			Contexts:                 &guildOnly,
			DefaultMemberPermissions: &manageMessages,
		},
		// For moderators, as the README says: it posts citations in the
		// channel. A server can still grant it to others under
		// Integrations.
		{Name: cmdFindSource, Type: discordgo.MessageApplicationCommand, Contexts: &guildOnly, DefaultMemberPermissions: &manageMessages},
	}
}
