package discordtest

import (
	"net/http"
	"time"
	"unicode/utf16"
)

// createMessage serves POST /channels/{id}/messages: the message is
// checked as Discord checks it and returned with an ID.
func (s *Server) createMessage(channelID string, payload []byte) reply {
	var data map[string]any
	if err := decodeJSON(payload, &data); err != nil || data == nil {
		return formError([]fieldErr{{"", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}})
	}
	if errs := validateMessage(data, ""); len(errs) > 0 {
		return formError(errs)
	}
	if emptyMessage(data) {
		return errEmptyMessage()
	}
	m := map[string]any{
		"id": snowflake(), "type": 0, "channel_id": channelID, "guild_id": GuildID,
		"content": "", "embeds": []any{}, "components": []any{}, "attachments": []any{},
		"mentions": []any{}, "mention_roles": []any{}, "mention_everyone": false,
		"pinned": false, "tts": false, "timestamp": timestamp(time.Now()), "edited_timestamp": nil,
		"flags": 0, "author": botUser(),
	}
	for _, k := range []string{"content", "embeds", "components", "message_reference"} {
		if v, ok := data[k]; ok && v != nil {
			m[k] = v
		}
	}
	if ref := obj(data["message_reference"]); ref != nil {
		m["type"] = 19 // REPLY
	}
	normalizeEmbeds(m)
	return jsonReply(http.StatusOK, m)
}

// startThread serves POST /channels/{id}/messages/{id}/threads: a public
// thread from a message, named 1–100 characters (UTF-16 code units).
func (s *Server) startThread(channelID, messageID string, payload []byte) reply {
	var data map[string]any
	if err := decodeJSON(payload, &data); err != nil || data == nil {
		return formError([]fieldErr{{"", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}})
	}
	var errs []fieldErr
	// Counted as a client counts (UTF-16 code units): never fewer than the
	// code points, so a name that fits this fits any count.
	if n := len(utf16.Encode([]rune(str(data["name"])))); n < 1 || n > 100 {
		errs = append(errs, fieldErr{"name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."})
	}
	if len(errs) > 0 {
		return formError(errs)
	}
	return jsonReply(http.StatusCreated, map[string]any{
		"id": messageID, "type": 11, "guild_id": GuildID, "parent_id": channelID, "name": data["name"],
		"owner_id": BotUserID, "message_count": 0, "member_count": 1,
		"thread_metadata": map[string]any{"archived": false, "auto_archive_duration": toInt(data["auto_archive_duration"], 1440), "locked": false},
	})
}

// MessageCreate is a MESSAGE_CREATE event: content posted by a member in a
// guild channel. With mention set, the message mentions the bot (the
// content should then hold "<@BotUserID>").
func (s *Server) MessageCreate(channelID, content string, mention bool) Payload {
	mentions := []any{}
	if mention {
		mentions = append(mentions, botUser())
	}
	u := userJSON(UserID, "alice")
	return Payload{
		"id": snowflake(), "type": 0, "channel_id": channelID, "guild_id": GuildID,
		"author": u, "member": memberJSON(u), "content": content,
		"timestamp": timestamp(time.Now()), "edited_timestamp": nil, "tts": false,
		"mention_everyone": false, "mentions": mentions, "mention_roles": []any{},
		"attachments": []any{}, "embeds": []any{}, "pinned": false, "flags": 0,
	}
}
