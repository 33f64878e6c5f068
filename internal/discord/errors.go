package discord

import (
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/index"
	"github.com/sourcebot/newsbot/internal/quote"
)

// Errors of the bot's own, told to the user through failures.
var (
	// errRateLimited: the user asked more questions than the limit allows.
	errRateLimited = errors.New("rate limited")
	// errStore: the feedback store could not be read.
	errStore = errors.New("feedback store")
	// errLibrary: the server's library could not be read from the store.
	errLibrary = errors.New("server library")
)

// failures is the one table from an error to what the user is told. An
// error that is the user's (a bad question) or the articles' (no answer)
// is not a failure of the bot's, and is not returned for the log.
var failures = []struct {
	err    error
	logged bool
	reply  func(h *Handler, r *req) string
}{
	{errRateLimited, false, func(h *Handler, r *req) string {
		return fmt.Sprintf("You're asking faster than I can keep up with. Please wait a few seconds (limit: %d questions a minute).", h.limit.rate)
	}},
	{answer.ErrEmptyQuestion, false, func(h *Handler, r *req) string {
		return "Please type a question, for example: " + r.example()
	}},
	{answer.ErrTooLong, false, func(h *Handler, r *req) string {
		return fmt.Sprintf("That question is too long; please keep it under %d characters.", answer.MaxQuestionRunes)
	}},
	{answer.ErrNoAnswer, false, (*Handler).noAnswerText},
	{quote.ErrBadInput, false, func(h *Handler, r *req) string {
		return "Please type some words of the quotation, for example: /quote text: senseless cultural arrogance"
	}},
	{quote.ErrNotFound, false, func(h *Handler, r *req) string {
		return "I can't find that quotation in my articles, so I won't guess who said it. They cover:\n" +
			h.covers.of(r.eng.Articles(), maxContent-200) + "Use /sources to see them."
	}},
	{index.ErrQuestion, true, func(h *Handler, r *req) string {
		return "Sorry, I couldn't search my articles for that question. Please ask it in other words."
	}},
	{errStore, true, func(h *Handler, r *req) string { return "Sorry, I couldn't read the record just now." }},
	{errLibrary, true, func(h *Handler, r *req) string {
		return "Sorry, I couldn't read this server's library just now. Please try again."
	}},
}

// searchFailed is the reply to any other error: the engine failed.
const searchFailed = "Sorry, I couldn't search my articles just now. Please try again."

// failureText is what the user is told for err, and whether err is the
// bot's failure, to be logged.
func (h *Handler) failureText(r *req, err error) (text string, logged bool) {
	for _, f := range failures {
		if errors.Is(err, f.err) {
			return f.reply(h, r), f.logged
		}
	}
	return searchFailed, true
}

// failure is the private reply for a non-nil err, and err again when it
// is the bot's failure, for the log.
func (h *Handler) failure(r *req, err error) (*discordgo.InteractionResponse, error) {
	text, logged := h.failureText(r, err)
	if !logged {
		err = nil
	}
	return ephemeral(text), err
}
