package discord

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/store"
)

// Feedback keeps what was asked and how users voted on the answers; a nil
// Feedback turns it off, and the bot answers as before.
type Feedback interface {
	Record(ctx context.Context, in store.Interaction) (id string, err error)
	Vote(ctx context.Context, id, userID string, v store.Vote) (changed bool, err error)
	VoteCounts(ctx context.Context, id string) (up, down int, err error)
	Gaps(ctx context.Context, q store.GapsQuery) ([]store.Gap, error)
	Stats(ctx context.Context, q store.StatsQuery) (store.Stats, error)
}

// feedbackOff is the reply to a moderator command when there is no store.
const feedbackOff = "Feedback is off: this bot keeps no record of questions. Set BOT_DB (a file, `:memory:` or a postgres:// URL) to turn it on."

const notModerator = "Only moderators (members who can manage messages) can see this."

// moderatorsOnly checks the member's permissions as Discord sends them:
// a server can let anyone run the command, but the record stays with
// moderators.
func moderatorsOnly(h *Handler, r *req) string {
	if i := r.i; i.Member != nil && i.Member.Permissions&(discordgo.PermissionManageMessages|discordgo.PermissionAdministrator) != 0 {
		return ""
	}
	return notModerator
}

// feedbackOn refuses what needs the feedback store when there is none.
func feedbackOn(h *Handler, r *req) string {
	if h.feedback == nil {
		return feedbackOff
	}
	return ""
}

// gapsWindow is how far back /gaps looks.
const gapsWindow = 30 * 24 * time.Hour

// record keeps one question and what came of it, once. It returns the
// record's id for vote buttons, or "" when feedback is off or failed
// (the answer goes out regardless).
func (h *Handler) record(r *req) string {
	out := &r.out
	if h.feedback == nil || out.recorded || out.question == "" {
		return out.recordID
	}
	out.recorded = true
	id, err := h.feedback.Record(r.ctx, store.Interaction{
		GuildID: out.guild, UserID: out.user, Command: out.command, Question: out.question,
		Answered: out.answered, PassageID: out.passage, Score: out.score, Latency: time.Since(out.start),
	})
	if err != nil {
		h.log.Error("record interaction", "err", err.Error())
		return ""
	}
	out.recordID = id
	return id
}

// voteButtons are 👍 and 👎 under an answer, carrying its record id.
func voteButtons(recordID string, up, down int) []discordgo.MessageComponent {
	if recordID == "" || len(actionDown)+1+len(recordID) > maxCustomID {
		return nil
	}
	label := func(emoji string, n int) string {
		if n == 0 {
			return emoji
		}
		return fmt.Sprintf("%s %d", emoji, n)
	}
	return []discordgo.MessageComponent{
		discordgo.Button{Label: label("👍", up), Style: discordgo.SecondaryButton, CustomID: actionUp + "|" + recordID},
		discordgo.Button{Label: label("👎", down), Style: discordgo.SecondaryButton, CustomID: actionDown + "|" + recordID},
	}
}

// withVotes adds the vote buttons to an answer's button row.
func withVotes(rows []discordgo.MessageComponent, recordID string) []discordgo.MessageComponent {
	votes := voteButtons(recordID, 0, 0)
	if len(votes) == 0 {
		return rows
	}
	if len(rows) == 0 {
		return []discordgo.MessageComponent{discordgo.ActionsRow{Components: votes}}
	}
	row := rows[0].(discordgo.ActionsRow)
	row.Components = slices.Concat(row.Components, votes) // a copy: rows are the caller's
	return append([]discordgo.MessageComponent{row}, rows[1:]...)
}

// vote counts a 👍 or 👎, once per user and changeable, and acknowledges
// it by updating the answer's buttons with the counts (an update, not a
// new message: the answer stays as it was, and nobody is named).
func (h *Handler) vote(r *req) (*discordgo.InteractionResponse, error) {
	i, recordID := r.i, r.target
	v := store.Up
	if action, _ := componentAction(i); action == actionDown {
		v = store.Down
	}
	if _, err := h.feedback.Vote(r.ctx, recordID, userID(i), v); err != nil {
		return ephemeral("Sorry, I couldn't count that vote. Please try again."), err
	}
	up, down, err := h.feedback.VoteCounts(r.ctx, recordID)
	if err != nil {
		return ephemeral("Thanks, your vote is counted."), err
	}
	r.out.answered = true
	var rows []discordgo.MessageComponent
	if i.Message != nil {
		rows = i.Message.Components
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseUpdateMessage,
		Data: &discordgo.InteractionResponseData{Components: recount(rows, recordID, up, down)},
	}, nil
}

// recount rewrites the vote buttons of a message's rows with new counts
// and keeps every other button as it was.
func recount(rows []discordgo.MessageComponent, recordID string, up, down int) []discordgo.MessageComponent {
	votes := voteButtons(recordID, up, down)
	var out []discordgo.MessageComponent
	for _, r := range rows {
		row, ok := r.(*discordgo.ActionsRow)
		if ok && row == nil {
			continue
		}
		if !ok {
			if v, isRow := r.(discordgo.ActionsRow); isRow {
				row = &v
			} else {
				continue
			}
		}
		var kept []discordgo.MessageComponent
		for _, c := range row.Components {
			b, isButton := buttonOf(c)
			if isButton && (strings.HasPrefix(b.CustomID, actionUp+"|") || strings.HasPrefix(b.CustomID, actionDown+"|")) {
				continue
			}
			kept = append(kept, c)
		}
		out = append(out, discordgo.ActionsRow{Components: kept})
	}
	if len(out) == 0 {
		return []discordgo.MessageComponent{discordgo.ActionsRow{Components: votes}}
	}
	first := out[0].(discordgo.ActionsRow)
	first.Components = append(first.Components, votes...)
	out[0] = first
	return out
}

func buttonOf(c discordgo.MessageComponent) (discordgo.Button, bool) {
	switch b := c.(type) {
	case discordgo.Button:
		return b, true
	case *discordgo.Button:
		if b != nil {
			return *b, true
		}
	}
	return discordgo.Button{}, false
}

// gaps lists, for moderators, the recent questions that got no answer or
// a 👎, grouped by wording: what the articles should cover next.
func (h *Handler) gaps(r *req) (*discordgo.InteractionResponse, error) {
	gs, err := h.feedback.Gaps(r.ctx, store.GapsQuery{GuildID: r.i.GuildID, Since: time.Now().Add(-gapsWindow), Limit: 20})
	if err != nil {
		return h.failure(r, fmt.Errorf("%w: %w", errStore, err))
	}
	r.out.answered = true
	if len(gs) == 0 {
		return ephemeral("No gaps in the last 30 days: every question got an answer, and none got a 👎."), nil
	}
	var b strings.Builder
	for _, g := range gs {
		line := fmt.Sprintf("**%d×** %s — %d without an answer, %d 👎; last %s\n", g.Count, escape(truncate(g.Question, 200)),
			g.NoAnswer, g.ThumbsDown, g.LastAsked.Format("2006-01-02"))
		if len(g.Examples) > 0 {
			line += "  also: " + escape(truncate(strings.Join(g.Examples, " · "), 200)) + "\n"
		}
		if b.Len()+len(line) > maxDescription-200 {
			break
		}
		b.WriteString(line)
	}
	e := &discordgo.MessageEmbed{
		Title:       "Questions my articles did not answer (last 30 days)",
		Description: b.String(),
		Footer:      &discordgo.MessageEmbedFooter{Text: "Grouped by wording. Add an article that answers them, then /reload."},
	}
	return reply(&discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}}, true), nil
}

// stats shows moderators the last week: questions a day, how many were
// answered, how many answers helped, and the passages given most.
func (h *Handler) stats(r *req) (*discordgo.InteractionResponse, error) {
	st, err := h.feedback.Stats(r.ctx, store.StatsQuery{GuildID: r.i.GuildID, Days: 7})
	if err != nil {
		return h.failure(r, fmt.Errorf("%w: %w", errStore, err))
	}
	r.out.answered = true
	var days strings.Builder
	for _, d := range st.Days {
		fmt.Fprintf(&days, "%s: %d asked, %d answered\n", d.Day.Format("Mon 2 Jan"), d.Questions, d.Answered)
	}
	e := &discordgo.MessageEmbed{
		Title: "The last 7 days",
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Questions", Value: fmt.Sprint(st.Questions), Inline: true},
			{Name: "Answer rate", Value: fmt.Sprintf("%.0f%%", 100*st.AnswerRate), Inline: true},
			{Name: "Helpful", Value: fmt.Sprintf("%.0f%% (%d 👍, %d 👎)", 100*st.HelpfulRate, st.Up, st.Down), Inline: true},
			{Name: "Per day", Value: truncate(days.String(), maxFieldValue)},
		},
	}
	if len(st.TopPassages) > 0 {
		var top strings.Builder
		for _, p := range st.TopPassages {
			name := p.PassageID
			if res, ok := r.eng.Passage(p.PassageID); ok {
				name = fmt.Sprintf("%s, “%s”: %s", sourceOf(res.Article), truncate(plain(res.Article.Title), 60), truncate(plain(res.Passage.Text), 80))
			}
			fmt.Fprintf(&top, "• %d× %s (%d 👍, %d 👎)\n", p.Answers, escape(name), p.Up, p.Down)
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Passages given most", Value: truncate(top.String(), maxFieldValue)})
	}
	return reply(&discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{e}}, true), nil
}
