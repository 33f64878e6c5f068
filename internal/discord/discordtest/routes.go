package discordtest

// The REST routes the fake serves: Discord's paths (relative to the API
// base) as ServeMux method and path patterns, each answered by a handler
// that returns a reply. serveHTTP checks, records and writes the reply.

import (
	"net/http"
	"net/url"
	"path"
	"strings"
)

// api answers the REST call c; r holds the values of its path.
type api func(r *http.Request, c Call) reply

// routes builds the ServeMux of the fake's REST routes.
func (s *Server) routes() *http.ServeMux {
	routes := []struct {
		pattern string
		h       api
	}{
		{"GET /gateway", s.gateway},
		{"GET /gateway/bot", s.gatewayBot},
		{"GET /users/{user}", s.user},
		{"GET /oauth2/applications/@me", s.application},
		{"GET /applications/@me", s.application},
		{"POST /interactions/{id}/{token}/callback", s.interactionCallback},
		{"POST /webhooks/{app}/{token}", s.webhookExecute},
		{"GET /webhooks/{app}/{token}/messages/{msg}", s.webhookMessage},
		{"PATCH /webhooks/{app}/{token}/messages/{msg}", s.webhookMessage},
		{"DELETE /webhooks/{app}/{token}/messages/{msg}", s.webhookMessage},
		{"POST /channels/{channel}/messages", s.messageCreate},
		{"POST /channels/{channel}/messages/{msg}/threads", s.threadStart},
	}
	mux := http.NewServeMux()
	for _, rt := range routes {
		mux.Handle(rt.pattern, rt.h)
	}
	// Global commands, and a guild's.
	for _, scope := range []string{"/applications/{app}", "/applications/{app}/guilds/{guild}"} {
		mux.Handle("GET "+scope+"/commands", s.commandsRoute(s.listCommands))
		mux.Handle("PUT "+scope+"/commands", s.commandsRoute(s.overwriteCommands))
		mux.Handle("POST "+scope+"/commands", s.commandsRoute(s.createCommand))
		mux.Handle("GET "+scope+"/commands/{cmd}", s.commandRoute(s.getCommand))
		mux.Handle("PATCH "+scope+"/commands/{cmd}", s.commandRoute(s.editCommand))
		mux.Handle("DELETE "+scope+"/commands/{cmd}", s.commandRoute(s.deleteCommand))
	}
	return mux
}

// checkedRoutes name, by pattern, the routes whose bodies conform checks
// against the vendored spec.
var checkedRoutes = map[string]string{
	"POST /interactions/{id}/{token}/callback":        routeCallback,
	"POST /webhooks/{app}/{token}":                    routeWebhookPost,
	"PATCH /webhooks/{app}/{token}/messages/{msg}":    routeWebhookEdit,
	"POST /channels/{channel}/messages":               routeMessageCreate,
	"POST /channels/{channel}/messages/{msg}/threads": routeThreadStart,
	"PUT /applications/{app}/guilds/{guild}/commands": routeCommandsGuild,
	"PUT /applications/{app}/commands":                routeCommandsAll,
}

// specRoute names the route of a request with a body, "" for one the fake
// does not check.
func (s *Server) specRoute(method, p string) string {
	r, ok := apiRequest(method, p)
	if !ok {
		return ""
	}
	_, pattern := s.api.Handler(r)
	return checkedRoutes[pattern]
}

// route serves one REST call (the path relative to the API base). A path
// no route has is 404, a method its route does not take 405, in Discord's
// JSON error body.
func (s *Server) route(c Call) reply {
	if !authorized(c) {
		return statusError(http.StatusUnauthorized)
	}
	r, ok := apiRequest(c.Method, c.Path)
	if !ok {
		return statusError(http.StatusNotFound)
	}
	w := &replyWriter{call: c}
	s.api.ServeHTTP(w, r)
	switch {
	case w.routed:
		return w.rep
	case w.status == http.StatusMethodNotAllowed:
		return statusError(http.StatusMethodNotAllowed)
	}
	return statusError(http.StatusNotFound)
}

// authorized checks the call's token: the bot's, on every route but GET
// /gateway. The webhook and interaction routes carry the interaction token
// in the path, so they may come with no Authorization at all.
func authorized(c Call) bool {
	seg := strings.Split(strings.Trim(c.Path, "/"), "/")
	if len(seg) == 1 && seg[0] == "gateway" {
		return true
	}
	auth := c.Header.Get("Authorization")
	return auth == "Bot "+Token || auth == "" && (seg[0] == "webhooks" || seg[0] == "interactions")
}

// apiRequest is the request the ServeMux routes for method and path p,
// with the slashes around p trimmed (Discord ignores a trailing one). A
// path with an empty, "." or ".." segment has no route.
func apiRequest(method, p string) (*http.Request, bool) {
	p = "/" + strings.Trim(p, "/")
	if path.Clean(p) != p {
		return nil, false
	}
	return &http.Request{Method: method, URL: &url.URL{Path: p}, Header: http.Header{}}, true
}

// ServeHTTP answers through the replyWriter that route passes the mux.
// ServeMux lets a GET route serve HEAD too; Discord's routes do not.
func (h api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rw := w.(*replyWriter)
	rw.routed = true
	if method, _, _ := strings.Cut(r.Pattern, " "); r.Method != method {
		rw.rep = statusError(http.StatusMethodNotAllowed)
		return
	}
	rw.rep = h(r, rw.call)
}

// replyWriter carries a route's reply out of the ServeMux, or the status
// of the mux's own answer when no route took the call.
type replyWriter struct {
	call   Call
	rep    reply
	routed bool
	status int
	header http.Header
}

func (w *replyWriter) Header() http.Header {
	if w.header == nil {
		w.header = http.Header{}
	}
	return w.header
}

func (w *replyWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *replyWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}

func (s *Server) gateway(*http.Request, Call) reply {
	return jsonReply(http.StatusOK, map[string]any{"url": s.GatewayURL()})
}

func (s *Server) gatewayBot(*http.Request, Call) reply {
	return jsonReply(http.StatusOK, map[string]any{
		"url":    s.GatewayURL(),
		"shards": s.cfg.shards,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 999, "reset_after": 86400000, "max_concurrency": 1,
		},
	})
}

func (s *Server) user(r *http.Request, _ Call) reply {
	if u := r.PathValue("user"); u != "@me" && u != BotUserID {
		return apiError(http.StatusNotFound, 10013, "Unknown User")
	}
	return jsonReply(http.StatusOK, botUser())
}

func (s *Server) application(*http.Request, Call) reply {
	return jsonReply(http.StatusOK, map[string]any{
		"id": AppID, "name": BotUsername, "description": "", "icon": nil,
		"bot_public": false, "bot_require_code_grant": false, "flags": 0,
		"bot": botUser(), "verify_key": strings.Repeat("0", 64),
	})
}

func (s *Server) interactionCallback(r *http.Request, c Call) reply {
	return s.callback(r.PathValue("id"), r.PathValue("token"), c.Payload(), attachmentsOf(c))
}

// webhookExecute sends a followup message.
func (s *Server) webhookExecute(r *http.Request, c Call) reply {
	return s.webhook(c.Method, r.PathValue("app"), r.PathValue("token"), "", c.Query, c.Payload(), attachmentsOf(c))
}

// webhookMessage gets, edits or deletes a message of the interaction.
func (s *Server) webhookMessage(r *http.Request, c Call) reply {
	return s.webhook(c.Method, r.PathValue("app"), r.PathValue("token"), r.PathValue("msg"), c.Query, c.Payload(), attachmentsOf(c))
}

func (s *Server) messageCreate(r *http.Request, c Call) reply {
	return s.createMessage(r.PathValue("channel"), c.Payload())
}

func (s *Server) threadStart(r *http.Request, c Call) reply {
	return s.startThread(r.PathValue("channel"), r.PathValue("msg"), c.Payload())
}
