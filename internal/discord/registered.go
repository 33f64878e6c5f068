package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"
)

// Registered is one command as Discord registered it.
type Registered struct {
	Name string
	// Menu says it is a message context-menu command (right-click →
	// Apps), not a slash command.
	Menu bool
}

// RegisterCommands replaces the application's commands with the bot's in
// one bulk overwrite (so registering twice changes nothing), in guildID
// when set, globally otherwise, and names what Discord registered, in its
// order. appID "" is read from the token's user.
func RegisterCommands(ctx context.Context, s *discordgo.Session, appID, guildID string) ([]Registered, error) {
	cmds, err := register(ctx, s, appID, guildID)
	if err != nil {
		return nil, err
	}
	out := make([]Registered, len(cmds))
	for i, c := range cmds {
		out[i] = Registered{Name: c.Name, Menu: c.Type == discordgo.MessageApplicationCommand}
	}
	return out, nil
}
