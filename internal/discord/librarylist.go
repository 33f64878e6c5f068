package discord

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/store"
)

// libraryList lists the server's articles: headline, source, date,
// passages, who added it and when; and the server's settings.
func (h *Handler) libraryList(r *req) (*discordgo.InteractionResponse, error) {
	g := r.i.GuildID
	st, err := h.libs.State(r.ctx, g)
	if err != nil {
		return h.failure(r, fmt.Errorf("%w: %v", errLibrary, err))
	}
	list, err := h.libs.List(r.ctx, g)
	if err != nil {
		return h.failure(r, fmt.Errorf("%w: %v", errLibrary, err))
	}
	r.out.answered = true
	e := &discordgo.MessageEmbed{Title: "This server's library", Description: librarySettings(st, len(list))}
	me := h.libs.UserHash(userID(r.i))
	for i, a := range list {
		if i == maxFields-1 && len(list) > maxFields {
			e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "…", Value: fmt.Sprintf("and %d more articles", len(list)-i)})
			break
		}
		v := fmt.Sprintf("%s · %s · %d passages\nadded <t:%d:R> %s", escape(orUnknown(a.Source)), orDash(a.Date), a.Passages,
			a.AddedAt.Unix(), addedBy(a, a.AddedBy != "" && a.AddedBy == me))
		if u := safeURL(a.URL); u != "" {
			v += "\n" + u
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: truncate(plain(a.Title), maxFieldName), Value: truncate(v, maxFieldValue)})
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	}, nil
}

// addedBy names who added an article, as far as the store knows: the
// store keeps no user id, only a keyed hash.
func addedBy(a store.LibraryArticle, byYou bool) string {
	switch {
	case byYou:
		return "by you"
	case a.AddedBy == "":
		return "by the bot's operator"
	}
	return "by a teacher"
}

func librarySettings(st store.LibraryState, n int) string {
	var b strings.Builder
	switch {
	case n == 0:
		b.WriteString("No articles of its own yet: add one with `/library add`.\n")
	case n == 1:
		b.WriteString("1 article.\n")
	default:
		fmt.Fprintf(&b, "%d articles.\n", n)
	}
	if st.Defaults {
		b.WriteString("The bot's default articles are answered from here too (`/library default off` to stop).\n")
	} else {
		b.WriteString("Only this server's articles are answered from here (`/library default on` to add the bot's own).\n")
	}
	if st.TeacherRole != "" {
		fmt.Fprintf(&b, "Teachers: members who can manage the server, and <@&%s>.", st.TeacherRole)
	} else {
		b.WriteString("Teachers: members who can manage the server (`/library teachers` to add a role).")
	}
	return b.String()
}

// libraryRemove asks to confirm removing the article ref names (its id,
// as autocomplete offers it, or its headline).
func (h *Handler) libraryRemove(r *req, ref string) (*discordgo.InteractionResponse, error) {
	a, err := h.libs.Find(r.ctx, r.i.GuildID, ref)
	if errors.Is(err, store.ErrUnknownArticle) {
		return ephemeral("There is no such article in this server's library. `/library list` shows them."), nil
	}
	if err != nil {
		return ephemeral("I can't tell which article that is: " + escape(err.Error())), nil
	}
	r.out.answered = true
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content: fmt.Sprintf("Remove **%s** (%s, %s) from this server's library? Questions here will no longer be answered from it.",
				escape(a.Title), escape(orUnknown(a.Source)), orDash(a.Date)),
			Components: removeButtons(a.ID, false), Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
		},
	}, nil
}

func removeButtons(id string, done bool) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Remove", Style: discordgo.DangerButton, CustomID: actionLibRm + "|" + id, Disabled: done},
		discordgo.Button{Label: "Keep", Style: discordgo.SecondaryButton, CustomID: actionLibKeep + "|" + id, Disabled: done},
	}}}
}

// libraryRemovePressed removes the article once confirmed.
func (h *Handler) libraryRemovePressed(r *req) (*discordgo.InteractionResponse, error) {
	a, err := h.libs.Find(r.ctx, r.i.GuildID, r.target)
	if err == nil {
		err = h.libs.Remove(r.ctx, r.i.GuildID, a.ID)
	}
	switch {
	case errors.Is(err, store.ErrUnknownArticle):
		return closed(r.target, removeButtons, "That article is no longer in this server's library."), nil
	case err != nil:
		return closed(r.target, removeButtons, "Sorry, I couldn't remove it just now. Please try again."), err
	}
	r.out.answered = true
	return closed(r.target, removeButtons, fmt.Sprintf("Removed **%s**: questions here are no longer answered from it.", escape(a.Title))), nil
}

func (h *Handler) libraryKeepPressed(r *req) (*discordgo.InteractionResponse, error) {
	return closed(r.target, removeButtons, "Kept: nothing was removed."), nil
}

// libraryDefault turns the default articles on or off in this server.
func (h *Handler) libraryDefault(r *req, on bool) (*discordgo.InteractionResponse, error) {
	if err := h.libs.SetDefaults(r.ctx, r.i.GuildID, on); err != nil {
		return h.failure(r, fmt.Errorf("%w: %v", errLibrary, err))
	}
	r.out.answered = true
	if on {
		return ephemeral("Questions here are answered from this server's articles and the bot's default ones."), nil
	}
	return ephemeral("Questions here are answered from this server's articles alone."), nil
}

// libraryTeachers sets the teacher role; only a member who can manage the
// server may, or teachers could make anyone a teacher.
func (h *Handler) libraryTeachers(r *req, role string) (*discordgo.InteractionResponse, error) {
	if m := r.i.Member; m == nil || m.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) == 0 {
		return ephemeral(notManager), nil
	}
	if role != "" && !isSnowflake(role) {
		return ephemeral("That is not a role."), nil
	}
	if err := h.libs.SetTeacherRole(r.ctx, r.i.GuildID, role); err != nil {
		return h.failure(r, fmt.Errorf("%w: %v", errLibrary, err))
	}
	r.out.answered = true
	if role == "" {
		return ephemeral("Only members who can manage the server can change its library now."), nil
	}
	return ephemeral(fmt.Sprintf("Members with <@&%s> can now add and remove this server's articles.", role)), nil
}

// libraryComplete offers the server's articles as /library remove's
// article is typed: the headline shown, the id sent.
func (h *Handler) libraryComplete(r *req) *discordgo.InteractionResponse {
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}}}
	if h.libs == nil || teachersOnly(h, r) != "" {
		return resp
	}
	_, opts := subcommand(r.i)
	typed := strings.ToLower(optString(opts, optArticle))
	list, err := h.libs.List(r.ctx, r.i.GuildID)
	if err != nil {
		h.log.Error("library: autocomplete", "guild", r.i.GuildID, "err", err.Error())
		return resp
	}
	for i := len(list) - 1; i >= 0 && len(resp.Data.Choices) < maxChoices; i-- { // newest first
		a := list[i]
		name := a.Title
		if a.Source != "" {
			name += " — " + a.Source
		}
		if typed == "" || strings.Contains(strings.ToLower(name), typed) {
			resp.Data.Choices = append(resp.Data.Choices, &discordgo.ApplicationCommandOptionChoice{Name: truncate(plain(name), maxChoice), Value: a.ID})
		}
	}
	return resp
}
