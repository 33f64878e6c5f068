package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
)

// Where a message was posted, for MessageReply.
const (
	// Elsewhere: an ordinary channel; only a mention of the bot is a question.
	Elsewhere = iota
	// AskChannel: every message is a question, and the answer opens a thread.
	AskChannel
	// AskThread: a thread the bot opened from an answer; every message is a
	// follow-up question, answered in the thread.
	AskThread
)

// MessageReply is how the bot answers a chat message: a reply to it, and
// the name of the thread to open from that reply ("" for none).
type MessageReply struct {
	Send   *discordgo.MessageSend
	Thread string
}

// maxThreadName is Discord's limit on a thread's name.
const maxThreadName = 100

// Message answers a chat message that mentions the bot (botID), or any
// message in an ask channel or its threads; it returns nil for a message
// the bot should leave alone. The reply quotes the message without pinging
// its author. It logs one line per message answered.
func (h *Handler) Message(ctx context.Context, m *discordgo.Message, botID string, where int) (reply *MessageReply) {
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.ID == botID {
		return nil
	}
	mentioned := false
	for _, u := range m.Mentions {
		mentioned = mentioned || u != nil && u.ID == botID
	}
	if !mentioned && where == Elsewhere {
		return nil
	}
	ref := h.engines.acquire()
	defer ref.release()
	question := questionText(m.Content)
	r := &req{ctx: ctx, examples: ref.examples,
		out: outcome{command: "mention", start: time.Now(), guild: m.GuildID, user: m.Author.ID, question: question}}
	defer func() {
		if p := recover(); p != nil {
			h.log.Error("message", "err", fmt.Sprint("panic: ", p))
			reply = nil
			return
		}
		h.record(r)
		h.log.Info("message", "command", r.out.command, "where", where, "guild", m.GuildID,
			"latency_ms", float64(time.Since(r.out.start).Microseconds())/1000, "answered", r.out.answered)
	}()

	send := &discordgo.MessageSend{
		Reference:       m.Reference(),
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, RepliedUser: false},
	}
	err := errRateLimited
	var ans *answer.Answer
	if !h.limit.allow(m.Author.ID) {
		r.out.question = "" // not asked: nothing to record
	} else if r.eng, err = h.engineFor(ctx, m.GuildID, ref); err == nil {
		ans, err = r.eng.Ask(ctx, question)
	}
	switch {
	case errors.Is(err, answer.ErrEmptyQuestion):
		send.Content = "Ask me a question after the mention, for example: " + r.example()
		return &MessageReply{Send: send}
	case err != nil:
		// The same words as the slash command's reply, in the open.
		text, logged := h.failureText(r, err)
		if logged {
			h.log.Error("message", "err", err.Error())
		}
		send.Content = truncate(text, maxContent)
		return &MessageReply{Send: send}
	}
	r.out.answered, r.out.passage, r.out.score = true, ans.Best.Passage.ID, ans.Best.Score
	send.Embeds = []*discordgo.MessageEmbed{passageEmbed(ans.Best, maxDescription, questionFooter(question))}
	send.Components = withVotes(answerButtons(ans), h.record(r))
	mr := &MessageReply{Send: send}
	if where == AskChannel {
		mr.Thread = threadName(question)
	}
	return mr
}

// threadName names a thread after its question: 1–100 characters (counted
// as textLen counts, never splitting a character or an emoji), on one line,
// with no markup.
func threadName(q string) string {
	name := strings.Join(strings.Fields(unescape(plain(q))), " ")
	if name == "" {
		return "Question"
	}
	return truncate(name, maxThreadName)
}
