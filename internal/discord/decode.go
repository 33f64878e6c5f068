package discord

import (
	"encoding/json"

	"github.com/bwmarrin/discordgo"
)

// plainInteraction is discordgo.Interaction without its UnmarshalJSON.
type plainInteraction discordgo.Interaction

// wireInteraction is an interaction as it arrives: its data kept raw until
// the type says what it holds. The outer Data hides the embedded one.
type wireInteraction struct {
	plainInteraction
	Data json.RawMessage `json:"data"`
}

// decodeInteraction decodes an interaction body as discordgo's
// Interaction.UnmarshalJSON does, to the same value and the same errors:
// by hand when it has a command's usual shape (fastDecode), otherwise by
// decodeFull.
func decodeInteraction(body []byte, i *discordgo.Interaction) error {
	if fastDecode(body, i) {
		return nil
	}
	return decodeFull(body, i)
}

// decodeFull is decodeInteraction through encoding/json, reading the
// body once: through json.Unmarshal, discordgo's method is handed the
// body after it has been validated and scanned, validates and scans it
// again, and then the data a third time.
func decodeFull(body []byte, i *discordgo.Interaction) error {
	var w wireInteraction
	if err := json.Unmarshal(body, &w); err != nil {
		return err
	}
	*i = discordgo.Interaction(w.plainInteraction)
	switch w.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		return decodeData[discordgo.ApplicationCommandInteractionData](w.Data, i)
	case discordgo.InteractionMessageComponent:
		return decodeData[discordgo.MessageComponentInteractionData](w.Data, i)
	case discordgo.InteractionModalSubmit:
		return decodeData[discordgo.ModalSubmitInteractionData](w.Data, i)
	}
	return nil
}

// decodeData sets i's data to raw decoded as a T, unless it cannot be.
func decodeData[T discordgo.InteractionData](raw json.RawMessage, i *discordgo.Interaction) error {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return err
	}
	i.Data = v
	return nil
}
