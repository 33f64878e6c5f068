package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"
)

// interaction is the fake's record of a dispatched interaction.
type interaction struct {
	id, token  string
	typ        int
	channelID  string
	user       map[string]any
	message    map[string]any // the message a component sat on
	dispatched time.Time

	respType  int
	responded time.Time
	response  json.RawMessage
	original  map[string]any // @original; nil if none
	followups []map[string]any
}

// registerInteraction records an INTERACTION_CREATE about to be sent; the
// returned undo forgets it again if it was new.
func (s *Server) registerInteraction(raw []byte) (undo func(), err error) {
	var p map[string]any
	if err := decodeJSON(raw, &p); err != nil || p == nil {
		return nil, fmt.Errorf("discordtest: INTERACTION_CREATE data is not an object: %v", err)
	}
	id, token := str(p["id"]), str(p["token"])
	if id == "" || token == "" {
		return nil, fmt.Errorf("discordtest: INTERACTION_CREATE without id or token")
	}
	user := obj(obj(p["member"])["user"])
	if user == nil {
		user = obj(p["user"])
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.interactions[id]; ok {
		return func() {}, nil // a redelivery: keep its state, as Discord would
	}
	rec := &interaction{
		id: id, token: token, typ: toInt(p["type"], 0), channelID: str(p["channel_id"]),
		user: user, message: obj(p["message"]), dispatched: time.Now(),
	}
	s.interactions[id] = rec
	s.byToken[token] = rec
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.interactions, id)
		delete(s.byToken, token)
	}, nil
}

// Callback types each interaction type accepts.
var callbackTypes = map[int][]int{
	int(discordgo.InteractionApplicationCommand):             {4, 5, 9},
	int(discordgo.InteractionMessageComponent):               {4, 5, 6, 7, 9},
	int(discordgo.InteractionApplicationCommandAutocomplete): {8},
	int(discordgo.InteractionModalSubmit):                    {4, 5, 6, 7},
}

func allowed(list []int, t int) bool {
	for _, x := range list {
		if x == t {
			return true
		}
	}
	return false
}

const (
	flagSuppressEmbeds = 1 << 2
	flagEphemeral      = 1 << 6
	flagLoading        = 1 << 7
	flagSilent         = 1 << 12
)

// callback answers POST /interactions/{id}/{token}/callback: the first
// response to an interaction, refused as Discord refuses it.
func (s *Server) callback(id, token string, payload []byte, atts []any) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.interactions[id]
	if r, ok := s.callbackOpenLocked(rec, token); !ok {
		return r
	}
	var resp map[string]any
	if err := decodeJSON(payload, &resp); err != nil || resp == nil {
		return formError([]fieldErr{{"", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}})
	}
	t := toInt(resp["type"], 0)
	if !allowed(callbackTypes[rec.typ], t) {
		return formError([]fieldErr{{"type", "INTERACTION_CALLBACK_TYPE_INVALID", fmt.Sprintf("Interaction callback type %d is not valid for interaction type %d", t, rec.typ)}})
	}
	data := obj(resp["data"])
	if data == nil {
		data = map[string]any{}
	}
	if len(atts) > 0 {
		data["attachments"] = atts
	}
	if r, ok := s.applyCallbackLocked(rec, t, data); !ok {
		return r
	}
	rec.respType, rec.responded, rec.response = t, time.Now(), append(json.RawMessage(nil), payload...)
	s.notifyLocked()
	return noContent()
}

// callbackOpenLocked says whether rec (nil if unknown) still takes a
// callback with token, and if not, Discord's refusal. s.mu must be held.
func (s *Server) callbackOpenLocked(rec *interaction, token string) (reply, bool) {
	switch {
	case rec == nil:
		return apiError(http.StatusNotFound, 10062, "Unknown interaction"), false
	case rec.token != token:
		return apiError(http.StatusUnauthorized, 50027, "Invalid Webhook Token"), false
	case rec.respType != 0:
		return apiError(http.StatusBadRequest, 40060, "Interaction has already been acknowledged."), false
	case s.cfg.deadline > 0 && time.Since(rec.dispatched) > s.cfg.deadline:
		return apiError(http.StatusNotFound, 10062, "Unknown interaction"), false
	}
	return reply{}, true
}

// applyCallbackLocked checks data for callback type t and makes or updates
// rec's @original as that type does; on a mistake it changes nothing and
// returns Discord's refusal. s.mu must be held.
func (s *Server) applyCallbackLocked(rec *interaction, t int, data map[string]any) (reply, bool) {
	switch t {
	case 4: // CHANNEL_MESSAGE_WITH_SOURCE
		if errs := validateMessage(data, "data"); len(errs) > 0 {
			return formError(errs), false
		}
		if emptyMessage(data) {
			return errEmptyMessage(), false
		}
		rec.original = newMessage(rec, data, replyType(rec), flagEphemeral|flagSuppressEmbeds|flagSilent)
	case 5: // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
		m := newMessage(rec, nil, replyType(rec), 0)
		m["flags"] = flagLoading | toInt(data["flags"], 0)&flagEphemeral
		rec.original = m
	case 6: // DEFERRED_UPDATE_MESSAGE
		rec.original = s.messageLocked(rec.message)
	case 7: // UPDATE_MESSAGE
		m := s.messageLocked(rec.message)
		if m == nil {
			m = newMessage(rec, nil, 0, 0)
		}
		applyEdit(m, data)
		if errs := validateMessage(m, "data"); len(errs) > 0 {
			return formError(errs), false
		}
		rec.original = m
		s.storeLocked(m)
	case 8: // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
		return refusal(validateAutocomplete(data))
	case 9: // MODAL
		return refusal(validateModal(data))
	}
	return reply{}, true
}

// refusal is the form error for errs, if there are any.
func refusal(errs []fieldErr) (reply, bool) {
	if len(errs) > 0 {
		return formError(errs), false
	}
	return reply{}, true
}

// validateAutocomplete checks an autocomplete result's choices.
func validateAutocomplete(data map[string]any) []fieldErr {
	var errs []fieldErr
	choices := list(data["choices"])
	if len(choices) > 25 {
		errs = append(errs, fieldErr{"data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."})
	}
	for i, c := range choices {
		between(&errs, fmt.Sprintf("data.choices.%d.name", i), obj(c)["name"], 1, 100)
		if v, ok := obj(c)["value"].(string); ok {
			maxLen(&errs, fmt.Sprintf("data.choices.%d.value", i), v, 100)
		}
	}
	return errs
}

// validateModal checks a modal's id, title and number of rows.
func validateModal(data map[string]any) []fieldErr {
	var errs []fieldErr
	between(&errs, "data.custom_id", data["custom_id"], 1, 100)
	between(&errs, "data.title", data["title"], 1, 45)
	if n := len(list(data["components"])); n < 1 || n > 5 {
		errs = append(errs, fieldErr{"data.components", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."})
	}
	return errs
}

func replyType(rec *interaction) int {
	if rec.typ == int(discordgo.InteractionApplicationCommand) {
		return 20 // CHAT_INPUT_COMMAND (context menus give 23; close enough)
	}
	return 0
}

func clone(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	b, _ := json.Marshal(m)
	var out map[string]any
	decodeJSON(b, &out)
	return out
}

func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000-07:00") }

// newMessage is the message Discord makes for an interaction response or
// followup; data's content, embeds, components and so on are copied in.
func newMessage(rec *interaction, data map[string]any, typ, flagMask int) map[string]any {
	m := map[string]any{
		"id": snowflake(), "type": typ, "channel_id": rec.channelID,
		"content": "", "embeds": []any{}, "components": []any{}, "attachments": []any{},
		"mentions": []any{}, "mention_roles": []any{}, "mention_everyone": false,
		"pinned": false, "tts": false, "timestamp": timestamp(time.Now()), "edited_timestamp": nil,
		"flags": 0, "author": botUser(), "application_id": AppID, "webhook_id": AppID,
		"interaction_metadata": map[string]any{"id": rec.id, "type": rec.typ, "user": rec.user},
	}
	if data != nil {
		for _, k := range []string{"content", "embeds", "components", "attachments", "poll", "tts"} {
			if v, ok := data[k]; ok && v != nil {
				m[k] = v
			}
		}
		m["flags"] = toInt(data["flags"], 0) & flagMask
	}
	normalizeEmbeds(m)
	return m
}

func normalizeEmbeds(m map[string]any) {
	for _, e := range list(m["embeds"]) {
		if e := obj(e); e != nil && e["type"] == nil {
			e["type"] = "rich"
		}
	}
}

// messageLocked is the fake's current copy of msg (a message a component
// sat on, as the interaction carried it): Discord applies an update to the
// message as it is now, not as the client last saw it. s.mu must be held.
func (s *Server) messageLocked(msg map[string]any) map[string]any {
	if msg == nil {
		return nil
	}
	id := str(msg["id"])
	for _, rec := range s.interactions {
		if rec.original != nil && str(rec.original["id"]) == id {
			return clone(rec.original)
		}
		for _, f := range rec.followups {
			if str(f["id"]) == id {
				return clone(f)
			}
		}
	}
	return clone(msg)
}

// storeLocked makes m the current version of the message with its ID,
// wherever the fake keeps it (an interaction's @original or follow-up).
// s.mu must be held.
func (s *Server) storeLocked(m map[string]any) {
	id := str(m["id"])
	for _, rec := range s.interactions {
		if rec.original != nil && str(rec.original["id"]) == id {
			rec.original = clone(m)
		}
		for i, f := range rec.followups {
			if str(f["id"]) == id {
				rec.followups[i] = clone(m)
			}
		}
	}
}

// applyEdit applies a message PATCH body: present keys replace, null
// clears; only the suppress-embeds flag can change; a deferred (loading)
// message stops loading.
func applyEdit(m, data map[string]any) {
	for _, k := range []string{"content", "embeds", "components", "attachments", "poll"} {
		v, ok := data[k]
		switch {
		case !ok:
		case v == nil && k == "content":
			m[k] = ""
		case v == nil && k == "poll":
			delete(m, k)
		case v == nil:
			m[k] = []any{}
		default:
			m[k] = v
		}
	}
	flags := toInt(m["flags"], 0)
	if f, ok := data["flags"]; ok {
		flags = flags&^flagSuppressEmbeds | toInt(f, 0)&flagSuppressEmbeds
	}
	if flags&flagLoading != 0 {
		flags &^= flagLoading
	} else {
		m["edited_timestamp"] = timestamp(time.Now())
	}
	m["flags"] = flags
	normalizeEmbeds(m)
}

// webhook answers an interaction's webhook: a follow-up (msgID ""), or
// GET, PATCH or DELETE of @original or a follow-up by id.
func (s *Server) webhook(method, app, token, msgID string, q url.Values, payload []byte, atts []any) reply {
	if app != AppID {
		return apiError(http.StatusNotFound, 10015, "Unknown Webhook")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.byToken[token]
	if rec == nil {
		return apiError(http.StatusUnauthorized, 50027, "Invalid Webhook Token")
	}
	if rec.respType == 0 {
		// No webhook exists for an interaction until it is acknowledged.
		return apiError(http.StatusNotFound, 10015, "Unknown Webhook")
	}
	var data map[string]any
	if method != http.MethodGet && method != http.MethodDelete {
		if err := decodeJSON(payload, &data); err != nil || data == nil {
			return formError([]fieldErr{{"", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"}})
		}
		if len(atts) > 0 {
			data["attachments"] = append(list(data["attachments"]), atts...)
		}
	}
	if msgID == "" {
		return s.followupLocked(rec, data, q.Get("wait") == "true")
	}
	target, idx := rec.find(msgID)
	if target == nil {
		return apiError(http.StatusNotFound, 10008, "Unknown Message")
	}
	switch method {
	case http.MethodGet:
		return jsonReply(http.StatusOK, target)
	case http.MethodDelete:
		if idx >= 0 {
			rec.followups = append(rec.followups[:idx:idx], rec.followups[idx+1:]...)
		} else {
			rec.original = nil
		}
		s.notifyLocked()
		return noContent()
	}
	return s.editLocked(rec, target, idx, data)
}

// followupLocked posts a follow-up message to rec; with wait the reply
// carries it. s.mu must be held.
func (s *Server) followupLocked(rec *interaction, data map[string]any, wait bool) reply {
	if errs := validateMessage(data, ""); len(errs) > 0 {
		return formError(errs)
	}
	if emptyMessage(data) {
		return errEmptyMessage()
	}
	m := newMessage(rec, data, 0, flagEphemeral|flagSuppressEmbeds|flagSilent)
	rec.followups = append(rec.followups, m)
	s.notifyLocked()
	if wait {
		return jsonReply(http.StatusOK, m)
	}
	return noContent()
}

// find is rec's message msgID ("@original" or an id) and its index among
// the follow-ups, -1 for @original; nil if there is none.
func (rec *interaction) find(msgID string) (map[string]any, int) {
	if msgID == "@original" {
		return rec.original, -1
	}
	var target map[string]any
	idx := -1
	if rec.original != nil && rec.original["id"] == msgID {
		target = rec.original
	}
	for i, f := range rec.followups {
		if f["id"] == msgID {
			target, idx = f, i
		}
	}
	return target, idx
}

// editLocked applies the PATCH data to target, rec's follow-up idx or
// (-1) its @original, unless the result is not a message Discord keeps.
// s.mu must be held.
func (s *Server) editLocked(rec *interaction, target map[string]any, idx int, data map[string]any) reply {
	m := clone(target)
	applyEdit(m, data)
	if errs := validateMessage(m, ""); len(errs) > 0 {
		return formError(errs)
	}
	if emptyMessage(m) && toInt(target["flags"], 0)&flagLoading == 0 {
		return errEmptyMessage()
	}
	if idx >= 0 {
		rec.followups[idx] = m
	} else {
		rec.original = m
	}
	s.storeLocked(m)
	s.notifyLocked()
	return jsonReply(http.StatusOK, m)
}

// InteractionState is what the fake knows of a dispatched interaction and
// the bot's responses to it.
type InteractionState struct {
	ID, Token    string
	Type         discordgo.InteractionType
	DispatchedAt time.Time

	// Responded is set once a callback was accepted.
	Responded    bool
	ResponseType discordgo.InteractionResponseType
	RespondedAt  time.Time
	Response     json.RawMessage // the callback body (payload_json if multipart)

	// Original is the @original message: nil before a callback, after it
	// was deleted, and for autocomplete and modal callbacks. A deferred
	// response's original has the LOADING flag (128) until first edited.
	Original  *discordgo.Message
	Followups []*discordgo.Message
	// OriginalJSON and FollowupsJSON are the same messages as Discord
	// would return them (discordgo's Message drops some of it, such as
	// components, when marshalled again).
	OriginalJSON  json.RawMessage
	FollowupsJSON []json.RawMessage
}

func toMessage(m map[string]any) *discordgo.Message {
	if m == nil {
		return nil
	}
	b, _ := json.Marshal(m)
	var out discordgo.Message
	if err := json.Unmarshal(b, &out); err != nil {
		panic("discordtest: stored message does not decode: " + err.Error())
	}
	return &out
}

func (rec *interaction) state() InteractionState {
	st := InteractionState{
		ID: rec.id, Token: rec.token, Type: discordgo.InteractionType(rec.typ), DispatchedAt: rec.dispatched,
		Responded: rec.respType != 0, ResponseType: discordgo.InteractionResponseType(rec.respType),
		RespondedAt: rec.responded, Response: append(json.RawMessage(nil), rec.response...),
		Original: toMessage(rec.original),
	}
	if rec.original != nil {
		st.OriginalJSON, _ = json.Marshal(rec.original)
	}
	for _, f := range rec.followups {
		st.Followups = append(st.Followups, toMessage(f))
		b, _ := json.Marshal(f)
		st.FollowupsJSON = append(st.FollowupsJSON, b)
	}
	return st
}

// Interaction returns the state of the interaction with that ID, if it was
// dispatched.
func (s *Server) Interaction(id string) (InteractionState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.interactions[id]
	if rec == nil {
		return InteractionState{}, false
	}
	return rec.state(), true
}

// WaitInteraction waits until the interaction with that ID was dispatched
// and cond holds for its state (nil cond: until it was responded to), and
// returns that state. cond runs with the Server locked and must not call
// its methods.
func (s *Server) WaitInteraction(ctx context.Context, id string, cond func(InteractionState) bool) (InteractionState, error) {
	if cond == nil {
		cond = func(st InteractionState) bool { return st.Responded }
	}
	var st InteractionState
	err := s.wait(ctx, func() bool {
		rec := s.interactions[id]
		if rec == nil {
			return false
		}
		st = rec.state()
		return cond(st)
	})
	if err != nil {
		return st, fmt.Errorf("discordtest: interaction %s (last state %+v): %w", id, st, err)
	}
	return st, nil
}

type mpFile struct {
	name, contentType string
	size              int
}

func multipartFiles(c Call) []mpFile {
	mt, params, err := mime.ParseMediaType(c.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil
	}
	var out []mpFile
	r := multipart.NewReader(bytes.NewReader(c.Body), params["boundary"])
	for {
		p, err := r.NextPart()
		if err != nil {
			return out
		}
		if p.FileName() == "" {
			continue
		}
		n, _ := io.Copy(io.Discard, p)
		out = append(out, mpFile{name: p.FileName(), contentType: p.Header.Get("Content-Type"), size: int(n)})
	}
}

// ExpectHTTP records p as an interaction Discord is about to POST to the
// bot's HTTP endpoint (the test sends the request itself); HTTPReply then
// takes the endpoint's reply as its callback. Edits and follow-ups by REST
// afterwards are checked as after a gateway delivery.
func (s *Server) ExpectHTTP(p Payload) error {
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = s.registerInteraction(raw)
	return err
}

// HTTPReply takes body, the HTTP endpoint's reply to p, as p's callback.
func (s *Server) HTTPReply(p Payload, body []byte) error {
	r := s.callback(p.ID(), p.Token(), body, nil)
	s.conform(http.MethodPost, "/interactions/"+p.ID()+"/"+p.Token()+"/callback", body)
	if r.status >= 300 {
		return fmt.Errorf("discordtest: the endpoint's reply was refused with %d: %v", r.status, r.body)
	}
	return nil
}
