package discord

import (
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/library"
	"github.com/sourcebot/newsbot/internal/store"
)

// libraryAdd reads an attached file or a linked page and shows it, only to
// the teacher, as it will be answered from, with Add and Cancel: nothing
// is stored before Add.
func (h *Handler) libraryAdd(r *req, opts map[string]*discordgo.ApplicationCommandInteractionDataOption) (*discordgo.InteractionResponse, error) {
	link := optString(opts, optURL)
	att := attachment(r.i, opts[optFile])
	if (att == nil) == (link == "") {
		return ephemeral("Attach the article as a file (`file:`) or give its link (`url:`): one of the two."), nil
	}
	var d library.Draft
	var err error
	if att != nil {
		d, err = h.libs.ReadAttachment(r.ctx, att.Filename, att.URL)
	} else {
		d, err = h.libs.ReadLink(r.ctx, link)
	}
	if err != nil {
		// The reason is the teacher's to fix (a private address, a broken
		// file), said as the command line says it; the log keeps it too.
		h.log.Info("library: not added", "guild", r.i.GuildID, "err", err.Error())
		return ephemeral("I can't add that: " + escape(err.Error())), nil
	}
	id := h.drafts.Put(r.i.GuildID, userID(r.i), d)
	r.out.answered = true
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content:         "This is what I'll answer from. Nothing is added until you press **Add**.",
			Embeds:          []*discordgo.MessageEmbed{draftEmbed(d)},
			Components:      draftButtons(id, false),
			Flags:           discordgo.MessageFlagsEphemeral,
			AllowedMentions: noMentions(),
		},
	}, nil
}

// attachment is the attachment an attachment option names, from the
// interaction's resolved data.
func attachment(i *discordgo.Interaction, o *discordgo.ApplicationCommandInteractionDataOption) *discordgo.MessageAttachment {
	if o == nil {
		return nil
	}
	id, _ := o.Value.(string)
	if res := commandData(i).Resolved; res != nil {
		return res.Attachments[id]
	}
	return nil
}

// draftEmbed is the preview: headline, source, date, link, passages and
// the first passage.
func draftEmbed(d library.Draft) *discordgo.MessageEmbed {
	a := d.Article
	e := &discordgo.MessageEmbed{Title: truncate(plain(a.Title), maxTitle), URL: safeURL(a.URL)}
	if len(a.Passages) > 0 {
		e.Description = truncate(escape(a.Passages[0].Text), 1000)
	}
	e.Fields = []*discordgo.MessageEmbedField{
		{Name: "Source", Value: escape(sourceOf(&a)), Inline: true},
		{Name: "Date", Value: dateOr(&a), Inline: true},
		{Name: "Passages", Value: fmt.Sprint(len(a.Passages)), Inline: true},
	}
	if d.Byline != "" {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "By", Value: truncate(escape(d.Byline), maxFieldValue), Inline: true})
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "From", Value: truncate(escape(d.Name), maxFieldValue)})
	e.Footer = &discordgo.MessageEmbedFooter{Text: "The first passage is shown above."}
	return e
}

// draftButtons are Add and Cancel; disabled once one was pressed.
func draftButtons(id string, done bool) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Add", Style: discordgo.SuccessButton, CustomID: actionLibAdd + "|" + id, Disabled: done},
		discordgo.Button{Label: "Cancel", Style: discordgo.SecondaryButton, CustomID: actionLibDrop + "|" + id, Disabled: done},
	}}}
}

// libraryAddPressed adds the previewed draft.
func (h *Handler) libraryAddPressed(r *req) (*discordgo.InteractionResponse, error) {
	d, ok := h.drafts.Take(r.target, r.i.GuildID, userID(r.i))
	if !ok {
		return closed(r.target, draftButtons, "This preview has expired or was used already: nothing was added. Run `/library add` again."), nil
	}
	a, err := h.libs.Add(r.ctx, r.i.GuildID, userID(r.i), d)
	if err != nil {
		text, logged := addRefusal(err)
		resp := closed(r.target, draftButtons, "Not added: "+text)
		if logged {
			return resp, err
		}
		return resp, nil
	}
	r.out.answered = true
	e := draftEmbed(d)
	e.Footer = &discordgo.MessageEmbedFooter{Text: "Added to this server's library"}
	resp := closed(r.target, draftButtons, fmt.Sprintf("Added **%s** to this server's library: questions here are answered from its %d passages from now on.",
		escape(a.Title), a.Passages))
	resp.Data.Embeds = []*discordgo.MessageEmbed{e}
	return resp, nil
}

// addRefusal is what a teacher is told when Add is refused, and whether
// it is the bot's failure rather than a limit.
func addRefusal(err error) (string, bool) {
	switch {
	case errors.Is(err, store.ErrLibraryFull), errors.Is(err, store.ErrTooManyAdditions), errors.Is(err, library.ErrDuplicate),
		errors.Is(err, library.ErrTextTooLarge):
		return escape(err.Error()) + ".", false
	}
	return "I couldn't store it just now. Please try again.", true
}

// libraryCancelPressed drops the draft.
func (h *Handler) libraryCancelPressed(r *req) (*discordgo.InteractionResponse, error) {
	h.drafts.Take(r.target, r.i.GuildID, userID(r.i))
	return closed(r.target, draftButtons, "Cancelled: nothing was added."), nil
}

// closed updates a preview or confirmation to say how it ended, with its
// buttons disabled (an update cannot remove them).
func closed(id string, buttons func(string, bool) []discordgo.MessageComponent, text string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Content: truncate(text, maxContent), Components: buttons(id, true), AllowedMentions: noMentions()},
	}
}
