package discord

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// A repeated /ask answer's reply is the last one sent with the same kept
// embed (embedMemo) but for its record id, which the vote buttons carry:
// converting and encoding it again was a twentieth of a repeated
// question's CPU. The encoding is kept with the embed, cut where the id
// goes, and the next reply's id spliced in; a reply that differs in
// anything else the encoding reads is encoded again. Kept embeds are never
// changed, so the embed's pointer stands for its content.

// replyTemplate is a reply's encoding, cut at its record id.
type replyTemplate struct {
	resp  *discordgo.InteractionResponse // the reply encoded
	id    string                         // its record id ("" without votes)
	parts [][]byte                       // the encoding around each id
}

// encodeReply writes resp's encoding to buf, as json.Marshal(toWire(resp))
// would write it: from the kept template when resp is the one it was made
// from but for the record id.
func (h *Handler) encodeReply(buf *bytes.Buffer, resp *discordgo.InteractionResponse) error {
	e, id, ok := h.replyEntry(resp)
	if t := e.template(); ok && t.fits(resp, id) {
		for n, p := range t.parts {
			if n > 0 {
				buf.WriteString(id)
			}
			buf.Write(p)
		}
		return nil
	}
	start := buf.Len()
	if err := json.NewEncoder(buf).Encode(toWire(resp)); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // the newline json.Marshal does not write
	if ok {
		if t := newTemplate(resp, id, buf.Bytes()[start:]); t != nil {
			e.reply.Store(t)
		}
	}
	return nil
}

// replyEntry is the embed memo's entry for resp's one embed and resp's
// record id; ok if resp is a message with one kept embed whose encoding
// can be cut at its record id. h may be nil for any other reply.
func (h *Handler) replyEntry(resp *discordgo.InteractionResponse) (e *memoEmbed, id string, ok bool) {
	if h == nil || resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data == nil || len(resp.Data.Embeds) != 1 {
		return nil, "", false
	}
	if e = h.embeds.kept(resp.Data.Embeds[0]); e == nil {
		return nil, "", false
	}
	id, ok = voteID(resp)
	return e, id, ok
}

func (e *memoEmbed) template() *replyTemplate {
	if e == nil {
		return nil
	}
	return e.reply.Load()
}

// voteID is the record id resp's vote buttons carry, "" when it has none;
// not ok when its buttons carry different ones, or one that JSON would
// escape, or resp has a component other than rows of buttons.
func voteID(resp *discordgo.InteractionResponse) (id string, ok bool) {
	for _, c := range resp.Data.Components {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			return "", false
		}
		for _, child := range row.Components {
			b, ok := child.(discordgo.Button)
			if !ok {
				return "", false
			}
			v, vote := recordOf(b.CustomID)
			switch {
			case !vote:
			case id == "" && plainID(v):
				id = v
			case v != id:
				return "", false
			}
		}
	}
	return id, true
}

// recordOf is the record id in a vote button's custom id.
func recordOf(customID string) (string, bool) {
	if id, ok := strings.CutPrefix(customID, actionUp+"|"); ok {
		return id, true
	}
	return strings.CutPrefix(customID, actionDown+"|")
}

// plainID reports whether JSON writes id as it is, and id is not empty.
func plainID(id string) bool {
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return id != ""
}

// newTemplate cuts enc, the encoding of resp, at each of its vote buttons'
// id; nil unless the id appears there and nowhere else, as the whole value
// after a vote's action.
func newTemplate(resp *discordgo.InteractionResponse, id string, enc []byte) *replyTemplate {
	parts := [][]byte{bytes.Clone(enc)}
	if id == "" {
		return &replyTemplate{resp: resp, parts: parts}
	}
	votes := 0
	for _, row := range resp.Data.Components {
		for _, b := range row.(discordgo.ActionsRow).Components {
			if _, vote := recordOf(b.(discordgo.Button).CustomID); vote {
				votes++
			}
		}
	}
	if bytes.Count(enc, []byte(id)) != votes {
		return nil // a button left out, or the id elsewhere
	}
	parts = bytes.Split(parts[0], []byte(id))
	for n := 1; n < len(parts); n++ {
		before := parts[n-1]
		if !bytes.HasPrefix(parts[n], []byte(`"`)) ||
			!bytes.HasSuffix(before, []byte(`"custom_id":"`+actionUp+"|")) && !bytes.HasSuffix(before, []byte(`"custom_id":"`+actionDown+"|")) {
			return nil
		}
	}
	return &replyTemplate{resp: resp, id: id, parts: parts}
}

// fits reports whether resp, its record id being id, is t's reply but
// for the id, in everything toWire reads of a message with t's embed.
func (t *replyTemplate) fits(resp *discordgo.InteractionResponse, id string) bool {
	if t == nil || len(t.id) != len(id) {
		return false
	}
	a, b := t.resp.Data, resp.Data
	if t.resp.Type != resp.Type || a.Embeds[0] != b.Embeds[0] || a.Content != b.Content ||
		a.Flags&discordgo.MessageFlagsEphemeral != b.Flags&discordgo.MessageFlagsEphemeral ||
		!sameMentions(a.AllowedMentions, b.AllowedMentions) || len(a.Components) != len(b.Components) {
		return false
	}
	for r := range a.Components {
		ra, rb := a.Components[r].(discordgo.ActionsRow), b.Components[r].(discordgo.ActionsRow)
		if len(ra.Components) != len(rb.Components) {
			return false
		}
		for n := range ra.Components {
			if !sameButton(ra.Components[n].(discordgo.Button), rb.Components[n].(discordgo.Button), t.id, id) {
				return false
			}
		}
	}
	return true
}

// sameButton reports whether x and y are written alike, a vote's custom id
// with record id idX in x standing for idY in y.
func sameButton(x, y discordgo.Button, idX, idY string) bool {
	if x.Style != y.Style || x.Label != y.Label || x.URL != y.URL || x.Disabled != y.Disabled {
		return false
	}
	if v, vote := recordOf(x.CustomID); vote && v == idX {
		return strings.TrimSuffix(x.CustomID, idX) == strings.TrimSuffix(y.CustomID, idY) && strings.HasSuffix(y.CustomID, idY)
	}
	return x.CustomID == y.CustomID
}

func sameMentions(a, b *discordgo.MessageAllowedMentions) bool {
	if a == nil || b == nil {
		return a == b
	}
	if len(a.Parse) != len(b.Parse) {
		return false
	}
	for n := range a.Parse {
		if a.Parse[n] != b.Parse[n] {
			return false
		}
	}
	return true
}
