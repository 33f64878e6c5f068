package discordtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// rebase sends discordgo's REST calls to the fake, as the bot's own
// transport does: "https://discord.com/api/v9/x" -> APIBase + "/x".
type rebase struct{ base string }

func (t rebase) RoundTrip(r *http.Request) (*http.Response, error) {
	rest, ok := strings.CutPrefix(r.URL.String(), discordgo.EndpointAPI)
	if !ok {
		return nil, fmt.Errorf("unexpected request to %s", r.URL)
	}
	u, err := url.Parse(t.base + "/" + rest)
	if err != nil {
		return nil, err
	}
	r = r.Clone(r.Context())
	r.URL, r.Host = u, u.Host
	return http.DefaultTransport.RoundTrip(r)
}

func newSession(t *testing.T, srv *Server, token string) *discordgo.Session {
	t.Helper()
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Timeout: 5 * time.Second, Transport: rebase{srv.APIBase()}}
	s.Identify.Intents = discordgo.IntentsGuilds
	s.LogLevel = -1 // keep expected reconnect noise out of the test log
	return s
}

// events collects what the session's handlers saw.
type events struct {
	ready        chan *discordgo.Ready
	resumed      chan *discordgo.Resumed
	interactions chan *discordgo.InteractionCreate
}

// open connects a session to srv; its Close runs before srv shuts down.
func open(t *testing.T, srv *Server, configure ...func(*discordgo.Session)) (*discordgo.Session, *events) {
	t.Helper()
	s := newSession(t, srv, Token)
	for _, f := range configure {
		f(s)
	}
	ev := &events{
		ready:        make(chan *discordgo.Ready, 10),
		resumed:      make(chan *discordgo.Resumed, 10),
		interactions: make(chan *discordgo.InteractionCreate, 10),
	}
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { ev.ready <- r })
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.Resumed) { ev.resumed <- r })
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { ev.interactions <- i })
	if err := s.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, ev
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// dispatchSlash dispatches /ask and waits for the session to get it.
func dispatchSlash(t *testing.T, srv *Server, ev *events, question string) (Payload, *discordgo.Interaction) {
	t.Helper()
	p := srv.SlashCommand("ask", StringArg("question", question))
	if err := srv.Dispatch("INTERACTION_CREATE", p); err != nil {
		t.Fatalf("Dispatch: %v", err)
	}
	got := recv(t, ev.interactions, "INTERACTION_CREATE")
	if got.ID != p.ID() {
		t.Fatalf("got interaction %s, want %s", got.ID, p.ID())
	}
	return p, got.Interaction
}

func TestGatewayAndInteractionRoundTrip(t *testing.T) {
	t.Parallel()
	srv := New(t, WithoutConformance()) // discordgo's own bodies
	ctx := ctxT(t)
	s, ev := open(t, srv)

	id, err := srv.WaitIdentify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if id.Token != "Bot "+Token || id.Intents != discordgo.IntentsGuilds || id.Shard != nil || id.Conn != 1 {
		t.Errorf("identify = token %q intents %d shard %v conn %d", id.Token, id.Intents, id.Shard, id.Conn)
	}
	if !strings.Contains(id.URL, "encoding=json") {
		t.Errorf("gateway URL %q", id.URL)
	}
	r := recv(t, ev.ready, "READY")
	if r.User == nil || r.User.ID != BotUserID || !r.User.Bot || r.Application == nil || r.Application.ID != AppID || r.SessionID == "" {
		t.Errorf("READY = %+v", r)
	}
	if err := srv.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	if c, err := srv.WaitCall(ctx, "GET", "/gateway"); err != nil || c.Path != "/gateway" || c.Status != 200 {
		t.Errorf("gateway call = %v, %v", c, err)
	}

	p, in := dispatchSlash(t, srv, ev, "who won?")
	data := in.ApplicationCommandData()
	if data.Name != "ask" || data.Options[0].StringValue() != "who won?" || in.Member.User.ID != UserID || in.Token != p.Token() || in.AppPermissions == 0 {
		t.Fatalf("interaction = %+v data %+v", in, data)
	}

	// Defer, then edit the original, then a follow-up, then edit that.
	if err := s.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	cb, err := srv.WaitCall(ctx, "POST", "/interactions/*/*/callback")
	if err != nil {
		t.Fatal(err)
	}
	if cb.Status != http.StatusNoContent || cb.Path != "/interactions/"+in.ID+"/"+in.Token+"/callback" {
		t.Errorf("callback call = %v", cb)
	}
	var body discordgo.InteractionResponse
	if err := cb.Decode(&body); err != nil || body.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("callback body %s: %v", cb.Body, err)
	}
	st, _ := srv.Interaction(in.ID)
	if !st.Responded || st.Original == nil || st.Original.Flags&flagLoading == 0 {
		t.Errorf("after defer: %+v", st)
	}

	content := "Team A won."
	msg, err := s.InteractionResponseEdit(in, &discordgo.WebhookEdit{Content: &content, Embeds: &[]*discordgo.MessageEmbed{{Title: "Source", URL: "https://example.com/a"}}})
	if err != nil {
		t.Fatal(err)
	}
	if msg.Content != content || msg.ID == "" || msg.Author.ID != BotUserID || len(msg.Embeds) != 1 {
		t.Errorf("edited message = %+v", msg)
	}
	if _, err := srv.WaitCall(ctx, "PATCH", "/webhooks/"+AppID+"/*/messages/@original"); err != nil {
		t.Fatal(err)
	}
	fu, err := s.FollowupMessageCreate(in, true, &discordgo.WebhookParams{Content: "more", Flags: discordgo.MessageFlagsEphemeral})
	if err != nil || fu == nil || fu.Content != "more" || fu.Flags != discordgo.MessageFlagsEphemeral {
		t.Fatalf("followup = %+v, %v", fu, err)
	}
	if c, _ := srv.WaitCall(ctx, "POST", "/webhooks/"); c.Query.Get("wait") != "true" {
		t.Errorf("followup query = %v", c.Query)
	}
	more := "even more"
	if _, err := s.FollowupMessageEdit(in, fu.ID, &discordgo.WebhookEdit{Content: &more}); err != nil {
		t.Fatal(err)
	}
	st, _ = srv.Interaction(in.ID)
	if st.Original.Content != content || st.Original.Flags&flagLoading != 0 || len(st.Followups) != 1 || st.Followups[0].Content != more || st.Followups[0].EditedTimestamp == nil {
		t.Errorf("final state: original %+v followups %+v", st.Original, st.Followups)
	}
	got, err := s.InteractionResponse(in)
	if err != nil || got.Content != content {
		t.Errorf("GET @original = %+v, %v", got, err)
	}

	// A second acknowledgement is refused, as Discord does.
	err = s.InteractionRespond(in, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: "x"}})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 40060 {
		t.Errorf("second callback: %v", err)
	}
}

func TestCommandsAndREST(t *testing.T) {
	t.Parallel()
	srv := New(t, WithoutConformance()) // discordgo's own bodies
	ctx := ctxT(t)
	s := newSession(t, srv, Token)

	me, err := s.User("@me")
	if err != nil || me.ID != BotUserID || !me.Bot {
		t.Fatalf("User(@me) = %+v, %v", me, err)
	}
	cmds := []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask the news", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "What to ask", Required: true},
			{Type: discordgo.ApplicationCommandOptionString, Name: "source", Description: "Where", Autocomplete: true},
		}},
		{Name: "Ask about this", Type: discordgo.MessageApplicationCommand},
	}
	got, err := s.ApplicationCommandBulkOverwrite(AppID, "", cmds)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID == "" || got[0].ApplicationID != AppID || got[0].Version == "" || got[1].Type != discordgo.MessageApplicationCommand {
		t.Fatalf("bulk overwrite = %+v", got)
	}
	c, err := srv.WaitCall(ctx, "PUT", "/applications/"+AppID+"/commands")
	if err != nil || c.Status != 200 {
		t.Fatalf("PUT call %v, %v", c, err)
	}
	if stored := srv.Commands(""); len(stored) != 2 || stored[0].Name != "ask" || len(stored[0].Options) != 2 {
		t.Errorf("Commands(\"\") = %+v", stored)
	}
	if g := srv.Commands(GuildID); len(g) != 0 {
		t.Errorf("guild commands = %+v", g)
	}

	// Overwriting with the same set keeps IDs and versions.
	again, err := s.ApplicationCommandBulkOverwrite(AppID, "", cmds)
	if err != nil || again[0].ID != got[0].ID || again[0].Version != got[0].Version {
		t.Errorf("re-register: %+v, %v", again, err)
	}
	listed, err := s.ApplicationCommands(AppID, "")
	if err != nil || len(listed) != 2 || listed[0].ID != got[0].ID {
		t.Errorf("GET commands = %+v, %v", listed, err)
	}

	// Guild scope is separate.
	if _, err := s.ApplicationCommandBulkOverwrite(AppID, GuildID, cmds[:1]); err != nil {
		t.Fatal(err)
	}
	if g := srv.Commands(GuildID); len(g) != 1 || g[0].GuildID != GuildID {
		t.Errorf("guild commands = %+v", g)
	}
	// The builders use registered IDs.
	if d := srv.SlashCommand("ask")["data"].(map[string]any); d["id"] != srv.Commands(GuildID)[0].ID {
		t.Errorf("slash data.id = %v", d["id"])
	}

	// Bad definitions get Discord's Invalid Form Body.
	_, err = s.ApplicationCommandBulkOverwrite(AppID, "", []*discordgo.ApplicationCommand{{Name: "Ask", Description: ""}})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response.StatusCode != 400 || rest.Message.Code != 50035 ||
		!strings.Contains(string(rest.ResponseBody), "APPLICATION_COMMAND_INVALID_NAME") || !strings.Contains(string(rest.ResponseBody), `"description"`) {
		t.Errorf("invalid command: %v", err)
	}
	if len(srv.Commands("")) != 2 {
		t.Error("a rejected overwrite changed the commands")
	}
	// Another application's commands are off limits.
	if _, err := s.ApplicationCommandBulkOverwrite("999", "", cmds); !errors.As(err, &rest) || rest.Response.StatusCode != 403 {
		t.Errorf("other app: %v", err)
	}

	// Unknown routes are 404 with a Discord body, and recorded.
	_, err = s.Channel("123")
	if !errors.As(err, &rest) || rest.Response.StatusCode != 404 || rest.Message == nil || rest.Message.Message != "404: Not Found" {
		t.Errorf("unknown route: %v", err)
	}
	if c, err := srv.WaitCall(ctx, "GET", "/channels/123"); err != nil || c.Status != 404 {
		t.Errorf("unknown route call %v, %v", c, err)
	}

	// A wrong token is 401.
	bad := newSession(t, srv, "not-the-token")
	if _, err := bad.User("@me"); !errors.As(err, &rest) || rest.Response.StatusCode != 401 {
		t.Errorf("bad token: %v", err)
	}
	if h := srv.CallsTo("GET", "/users/@me"); len(h) != 2 || h[0].Header.Get("Authorization") != "Bot "+Token {
		t.Errorf("users calls = %v", h)
	}
}

func TestRateLimitIsRetried(t *testing.T) {
	t.Parallel()
	srv := New(t, WithoutConformance(), WithRetryAfter(80*time.Millisecond))
	s := newSession(t, srv, Token)
	srv.FailNext("PUT", "/applications/", http.StatusTooManyRequests, 1)
	limited := make(chan *discordgo.RateLimit, 1)
	s.AddHandler(func(_ *discordgo.Session, rl *discordgo.RateLimit) { limited <- rl })

	start := time.Now()
	got, err := s.ApplicationCommandBulkOverwrite(AppID, "", []*discordgo.ApplicationCommand{{Name: "ask", Description: "Ask"}})
	if err != nil || len(got) != 1 {
		t.Fatalf("overwrite after 429 = %v, %v", got, err)
	}
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Errorf("retried after %v, before retry_after", d)
	}
	calls := srv.CallsTo("PUT", "/applications/"+AppID+"/commands")
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
		t.Fatalf("calls = %v", calls)
	}
	if !strings.Contains(string(calls[0].Response), `"retry_after":0.08`) {
		t.Errorf("429 body %s", calls[0].Response)
	}
	if rl := recv(t, limited, "RateLimit event"); rl.RetryAfter != 80*time.Millisecond {
		t.Errorf("RateLimit event = %+v", rl.TooManyRequests)
	}
	if len(srv.Commands("")) != 1 {
		t.Error("commands not stored after the retry")
	}
}

func TestServerErrorsAndDelays(t *testing.T) {
	t.Parallel()
	srv := New(t, WithoutConformance()) // discordgo's own bodies
	s := newSession(t, srv, Token)

	srv.FailNext("GET", "/users/@me", http.StatusInternalServerError, 1)
	_, err := s.User("@me")
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response.StatusCode != 500 {
		t.Fatalf("500: %v", err)
	}
	if _, err := s.User("@me"); err != nil {
		t.Fatalf("after the fault: %v", err)
	}

	// 502 is retried by discordgo itself.
	srv.FailNext("GET", "/users/*", http.StatusBadGateway, 2)
	if _, err := s.User("@me"); err != nil {
		t.Fatalf("502 twice: %v", err)
	}
	if n := len(srv.CallsTo("GET", "/users/@me")); n != 5 {
		t.Errorf("%d calls, want 5", n)
	}

	srv.DelayNext("", "/gateway", 150*time.Millisecond, 1)
	start := time.Now()
	if _, err := s.Gateway(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("delayed call took %v", d)
	}

	// A client that gives up during a delay is recorded with status 0.
	srv.DelayNext("GET", "/gateway/bot", 2*time.Second, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := s.GatewayBot(discordgo.WithContext(ctx)); err == nil {
		t.Fatal("no error from a timed out call")
	}
	c, err := srv.WaitCall(ctxT(t), "GET", "/gateway/bot")
	if err != nil || c.Status != 0 {
		t.Errorf("abandoned call = %v, %v", c, err)
	}
	gb, err := s.GatewayBot()
	if err != nil || gb.Shards != 1 || !strings.HasPrefix(gb.URL, "ws://") {
		t.Errorf("GatewayBot = %+v, %v", gb, err)
	}
}
