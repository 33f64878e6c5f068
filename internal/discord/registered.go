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

// RegisterCommands registers the bot's commands as Register does and
// names what Discord registered, in its order.
func RegisterCommands(ctx context.Context, s *discordgo.Session, appID, guildID string) ([]Registered, error) {
	cmds, err := Register(ctx, s, appID, guildID)
	if err != nil {
		return nil, err
	}
	out := make([]Registered, len(cmds))
	for i, c := range cmds {
		out[i] = Registered{Name: c.Name, Menu: c.Type == discordgo.MessageApplicationCommand}
	}
	return out, nil
}
