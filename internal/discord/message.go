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
	if !addressed(m, botID, where) {
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
	ans, err := h.askMessage(ctx, r, m, ref, question)
	if err != nil {
		send.Content = h.messageFailure(r, err)
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

// addressed reports whether m is a message to answer: from someone other
// than a bot, and mentioning botID or in an ask channel or its threads.
func addressed(m *discordgo.Message, botID string, where int) bool {
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.ID == botID {
		return false
	}
	if where != Elsewhere {
		return true
	}
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			return true
		}
	}
	return false
}

// askMessage asks the question of m's server's library, if its author is
// within the rate limit.
func (h *Handler) askMessage(ctx context.Context, r *req, m *discordgo.Message, ref *engineRef, question string) (*answer.Answer, error) {
	if !h.limit.allow(m.Author.ID) {
		r.out.question = "" // not asked: nothing to record
		return nil, errRateLimited
	}
	var err error
	if r.eng, err = h.engineFor(ctx, m.GuildID, ref); err != nil {
		return nil, err
	}
	return r.eng.Ask(ctx, question)
}

// messageFailure is the reply's text when no answer came: the same words
// as the slash command's reply, in the open.
func (h *Handler) messageFailure(r *req, err error) string {
	if errors.Is(err, answer.ErrEmptyQuestion) {
		return "Ask me a question after the mention, for example: " + r.example()
	}
	text, logged := h.failureText(r, err)
	if logged {
		h.log.Error("message", "err", err.Error())
	}
	return truncate(text, maxContent)
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
