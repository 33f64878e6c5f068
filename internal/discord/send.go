package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Responder sends the bot's requests to Discord's REST API, with bodies
// the bot builds itself (see wire.go). *discordgo.Session implements it.
type Responder interface {
	RequestWithBucketID(method, urlStr string, data any, bucketID string, options ...discordgo.RequestOption) ([]byte, error)
}

// maxAttempts bounds the tries of a request with a deadline (one tied to
// an interaction) under 429s: a retry storm helps no one.
const maxAttempts = 3

// request sends one REST call. A 429 is retried here rather than in
// discordgo, which sleeps and retries with no regard for the deadline:
// only while the wait it asks for ends before ctx's deadline, and at most
// maxAttempts times when there is one.
func request(ctx context.Context, r Responder, method, url string, body any) ([]byte, error) {
	_, bounded := ctx.Deadline()
	for attempt := 1; ; attempt++ {
		b, err := r.RequestWithBucketID(method, url, body, "", discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		if err == nil {
			return b, nil
		}
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) || bounded && attempt >= maxAttempts || !waitRetry(ctx, rl.RetryAfter) {
			return nil, fmt.Errorf("%s %s (attempt %d): %w", method, RedactTokens(url), attempt, err)
		}
	}
}

// waitRetry waits d before a retry, and reports false, at once, when ctx
// would be done before then.
func waitRetry(ctx context.Context, d time.Duration) bool {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= d {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// InteractionWindow is how long after it is created Discord takes an
// interaction's callback; past it, trying again is pointless.
const InteractionWindow = 3 * time.Second

// respond sends the callback for an interaction that came over the gateway.
func respond(ctx context.Context, r Responder, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	_, err := request(ctx, r, http.MethodPost, discordgo.EndpointInteractionResponse(i.ID, i.Token), toWire(resp))
	return err
}

func editOriginal(ctx context.Context, r Responder, i *discordgo.Interaction, m *wireMessage) error {
	m.Flags = 0 // an edit cannot change whether a message is ephemeral
	_, err := request(ctx, r, http.MethodPatch, discordgo.EndpointInteractionResponseActions(i.AppID, i.Token), m)
	return err
}

func deleteOriginal(ctx context.Context, r Responder, i *discordgo.Interaction) error {
	_, err := request(ctx, r, http.MethodDelete, discordgo.EndpointInteractionResponseActions(i.AppID, i.Token), nil)
	return err
}

func followup(ctx context.Context, r Responder, i *discordgo.Interaction, m *wireMessage) error {
	_, err := request(ctx, r, http.MethodPost, discordgo.EndpointFollowupMessage(i.AppID, i.Token)+"?wait=true", m)
	return err
}

func isPrivate(resp *discordgo.InteractionResponse) bool {
	return resp.Data != nil && resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0
}

// sendLate delivers the answer after a deferred reply, as Discord shows it:
//   - after a deferred update (type 6), an update edits the message the
//     button is on, and a new message goes as a follow-up;
//   - after a deferred reply (type 5), the answer replaces the holding
//     reply; a public holding reply cannot turn private, so a private
//     answer goes as a private follow-up and the holding reply is removed.
func sendLate(ctx context.Context, r Responder, i *discordgo.Interaction, deferred, resp *discordgo.InteractionResponse) error {
	update := resp.Type == discordgo.InteractionResponseUpdateMessage
	switch {
	case deferred.Type == discordgo.InteractionResponseDeferredMessageUpdate && update:
		return editOriginal(ctx, r, i, toMessage(resp.Data, false))
	case deferred.Type == discordgo.InteractionResponseDeferredMessageUpdate:
		return followup(ctx, r, i, toMessage(resp.Data, true))
	case isPrivate(resp) && !isPrivate(deferred):
		if err := deleteOriginal(ctx, r, i); err != nil {
			return err
		}
		return followup(ctx, r, i, toMessage(resp.Data, true))
	}
	return editOriginal(ctx, r, i, toMessage(resp.Data, false))
}

// sendMessage posts a chat reply and returns the message Discord made.
func sendMessage(ctx context.Context, r Responder, channelID string, s *discordgo.MessageSend) (*discordgo.Message, error) {
	b, err := request(ctx, r, http.MethodPost, discordgo.EndpointChannelMessages(channelID), toChannelMessage(s))
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	if err := discordgo.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("read the message Discord made: %w", err)
	}
	return &m, nil
}

// startThread opens a public thread from a message, named within
// Discord's 1–100 characters; it archives after a day without activity.
func startThread(ctx context.Context, r Responder, channelID, messageID, name string) error {
	if name = truncate(name, maxThreadName); name == "" {
		name = "Question"
	}
	_, err := request(ctx, r, http.MethodPost, discordgo.EndpointChannelMessageThread(channelID, messageID),
		wireThread{Name: name, AutoArchiveDuration: 1440})
	return err
}
