package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

const commandsPath = "/applications/*/guilds/*/commands"

// launchServe starts `bot serve` against fake, with extra settings over
// the defaults, and returns its log, how to stop it (as SIGTERM does) and
// what run returned once it has.
func launchServe(fake *discordtest.Server, extra map[string]string) (logs *discordtest.LogBuffer, stop context.CancelFunc, done <-chan error) {
	env := map[string]string{
		"DISCORD_TOKEN":    discordtest.Token,
		"DISCORD_API_BASE": fake.APIBase(),
		"DISCORD_GUILD_ID": discordtest.GuildID,
		"LOG_LEVEL":        "info",
		"BOT_DB":           ":memory:", // never a bot.db file in the source tree
	}
	for k, v := range extra {
		env[k] = v
	}
	logs = &discordtest.LogBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() {
		result <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, noDotenv, &discordtest.LogBuffer{}, logs)
	}()
	return logs, cancel, result
}

// startBot runs `bot serve` against fake Discord until the test ends, and
// waits for its commands to be registered. It returns the bot's log.
func startBot(t *testing.T, fake *discordtest.Server, extra map[string]string) *discordtest.LogBuffer {
	t.Helper()
	logs, cancel, done := launchServe(fake, extra)
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v on shutdown", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop within 10s of shutdown")
		}
		if strings.Contains(logs.String(), discordtest.Token) {
			t.Error("the token appears in the log")
		}
	})
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if _, err := fake.WaitCall(wctx, "PUT", commandsPath); err != nil {
		t.Fatalf("commands never registered: %v\nlog:\n%s", err, logs)
	}
	for !strings.Contains(logs.String(), "msg=serving") {
		if wctx.Err() != nil {
			t.Fatalf("the bot never said it was serving:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return logs
}

// reply is an interaction response as Discord receives it. (discordgo's own
// type cannot decode its components.)
type reply struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Content         string                                      `json:"content"`
		Flags           discordgo.MessageFlags                      `json:"flags"`
		Embeds          []*discordgo.MessageEmbed                   `json:"embeds"`
		AllowedMentions *discordgo.MessageAllowedMentions           `json:"allowed_mentions"`
		Choices         []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
		Components      []struct {
			Components []struct {
				Label    string `json:"label"`
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
	} `json:"data"`
}

// button returns the custom_id of the button with that label, or "".
func (r reply) button(label string) string {
	for _, row := range r.Data.Components {
		for _, b := range row.Components {
			if b.Label == label {
				return b.CustomID
			}
		}
	}
	return ""
}

// ask dispatches an interaction and returns the bot's first response to it.
func ask(t *testing.T, fake *discordtest.Server, p discordtest.Payload) (discordtest.InteractionState, reply) {
	t.Helper()
	exercise(p)
	if err := fake.Dispatch("INTERACTION_CREATE", p); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := fake.WaitInteraction(ctx, p.ID(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var resp reply
	if err := json.Unmarshal(st.Response, &resp); err != nil {
		t.Fatalf("response %s: %v", st.Response, err)
	}
	return st, resp
}

// shown dispatches p and returns what the user sees: the reply, or after a
// deferral the holding reply as it was edited, or the follow-up that
// replaced it. The reply's data is then that message as Discord keeps it.
func shown(t *testing.T, fake *discordtest.Server, p discordtest.Payload) (discordtest.InteractionState, reply) {
	t.Helper()
	st, r := ask(t, fake, p)
	deferred := st.ResponseType == discordgo.InteractionResponseDeferredChannelMessageWithSource
	if !deferred && st.ResponseType != discordgo.InteractionResponseDeferredMessageUpdate {
		return st, r
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := fake.WaitInteraction(ctx, p.ID(), func(st discordtest.InteractionState) bool {
		if len(st.Followups) > 0 || st.Original == nil {
			return len(st.Followups) > 0
		}
		if deferred {
			return st.Original.Flags&loading == 0
		}
		return st.Original.EditedTimestamp != nil
	})
	if err != nil {
		t.Fatal(err)
	}
	msg := st.OriginalJSON
	if n := len(st.FollowupsJSON); n > 0 {
		msg = st.FollowupsJSON[n-1]
	}
	r.Data = reply{}.Data
	if err := json.Unmarshal(msg, &r.Data); err != nil {
		t.Fatalf("message %s: %v", msg, err)
	}
	return st, r
}

// loading is the flag of a deferred reply not yet edited.
const loading = 1 << 7

// wantCommands are the bot's commands; the message command comes last.
var wantCommands = []string{"ask", "compare", "timeline", "quote", "sources", "help", "reload", "gaps", "stats", "library", "Find source"}

func TestE2ERegistersCommands(t *testing.T) {
	fake := discordtest.New(t)
	startBot(t, fake, nil)
	check := func() {
		t.Helper()
		byName := map[string]discordgo.ApplicationCommand{}
		for _, c := range fake.Commands(discordtest.GuildID) {
			byName[c.Name] = c
		}
		if len(byName) != len(wantCommands) {
			t.Fatalf("registered %d commands, want %d: %v", len(byName), len(wantCommands), byName)
		}
		a := byName["ask"]
		if a.Type != discordgo.ChatApplicationCommand || len(a.Options) != 2 {
			t.Fatalf("/ask = %+v", a)
		}
		q, p := a.Options[0], a.Options[1]
		if q.Name != "question" || q.Type != discordgo.ApplicationCommandOptionString || !q.Required || q.MaxLength != 300 || !q.Autocomplete {
			t.Errorf("/ask question option = %+v", q)
		}
		if p.Name != "private" || p.Type != discordgo.ApplicationCommandOptionBoolean || p.Required {
			t.Errorf("/ask private option = %+v", p)
		}
		if byName["Find source"].Type != discordgo.MessageApplicationCommand {
			t.Errorf("Find source is not a message command: %+v", byName["Find source"])
		}
		for _, n := range wantCommands[:len(wantCommands)-1] {
			if byName[n].Type != discordgo.ChatApplicationCommand {
				t.Errorf("/%s missing", n)
			}
		}
	}
	check()
	// Registering again is one more bulk overwrite, and changes nothing.
	out, _, err := runBot(t, map[string]string{"DISCORD_TOKEN": discordtest.Token, "DISCORD_API_BASE": fake.APIBase(), "DISCORD_GUILD_ID": discordtest.GuildID}, "register")
	if err != nil || !strings.Contains(out, fmt.Sprintf("registered %d commands in guild", len(wantCommands))) {
		t.Fatalf("bot register = %q, %v", out, err)
	}
	for _, want := range []string{"  /ask\n", "  /stats\n", "  message menu: Find source\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("bot register lists no %q:\n%s", strings.TrimSpace(want), out)
		}
	}
	check()
	if n := len(fake.CallsTo("PUT", commandsPath)); n != 2 {
		t.Errorf("%d bulk overwrites, want 2", n)
	}
}

func TestE2EAskAndButtons(t *testing.T) {
	fake := discordtest.New(t)
	logs := startBot(t, fake, nil)

	st, resp := ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", "what did China say about proof?")))
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Fatalf("/ask reply type %d flags %d, want a public message", resp.Type, resp.Data.Flags)
	}
	if resp.Data.AllowedMentions == nil || len(resp.Data.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions = %+v", resp.Data.AllowedMentions)
	}
	e := resp.Data.Embeds[0]
	if e.Title != "China condemns cyberattacks, but says no proof Nokor hacked Sony" || e.URL != "" ||
		!strings.Contains(e.Description, "there was no **proof** yet that North Korea was responsible") ||
		e.Fields[0].Value != "Reuters" || e.Fields[1].Value != "2014-12-22" || e.Footer.Text != "Question: what did China say about proof?" {
		t.Errorf("/ask embed = %+v", e)
	}
	if st.Original == nil || len(st.Original.Embeds) != 1 {
		t.Fatalf("the answer message was not posted: %+v", st)
	}

	// Cite, under the answer: a citation only the presser sees.
	_, cite := ask(t, fake, fake.Component("cite|000_e50f249042850110/2", st.Original))
	if cite.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cite.Data.Content, `Reuters, 2014-12-22: "China said on Monday`) ||
		!strings.Contains(cite.Data.Content, "Reuters, “China condemns cyberattacks, but says no proof Nokor hacked Sony”, 2014-12-22.") {
		t.Errorf("Cite reply = %+v", cite.Data)
	}

	// More passages: the question is read back from the answer's footer.
	st, resp = ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", "What did Wang Yi tell John Kerry?")))
	more := resp.button("More passages")
	if more == "" {
		t.Fatalf("no More passages button: %+v", resp.Data.Components)
	}
	_, alts := ask(t, fake, fake.Component(more, st.Original))
	if alts.Data.Flags != discordgo.MessageFlagsEphemeral || len(alts.Data.Embeds) == 0 || len(alts.Data.Embeds) > 3 {
		t.Fatalf("More passages reply = %+v", alts.Data)
	}
	for _, a := range alts.Data.Embeds {
		if a.Description == resp.Data.Embeds[0].Description || !strings.Contains(a.Description, "Kerry") {
			t.Errorf("alternative %q repeats the answer or is off the question", a.Description)
		}
	}

	// private:true answers only the asker.
	_, priv := ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", "Who is Hua Chunying?"), discordtest.BoolArg("private", true)))
	if priv.Data.Flags != discordgo.MessageFlagsEphemeral || len(priv.Data.Embeds) != 1 {
		t.Errorf("private /ask = %+v", priv.Data)
	}

	if n := strings.Count(logs.String(), "msg=interaction"); n != 5 {
		t.Errorf("%d interaction log lines for 5 interactions:\n%s", n, logs)
	}
}

func TestE2EMentionsNoAnswerSourcesHelp(t *testing.T) {
	fake := discordtest.New(t)
	startBot(t, fake, nil)

	_, resp := ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", "@everyone what did China say about proof?")))
	if len(resp.Data.Embeds) != 1 || resp.Data.AllowedMentions == nil || len(resp.Data.AllowedMentions.Parse) != 0 {
		t.Fatalf("/ask with @everyone = %+v", resp.Data)
	}
	if f := resp.Data.Embeds[0].Footer.Text; strings.Contains(f, "@everyone") || !strings.Contains(f, "everyone what did China") {
		t.Errorf("footer %q can ping, or lost the question", f)
	}

	_, none := ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", "What did Russia say about proof?")))
	if none.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(none.Data.Content, "I don't have that in my articles") ||
		!strings.Contains(none.Data.Content, "/sources") || !strings.Contains(none.Data.Content, "China condemns 'cyber terrorism' in wake of Sony attack") {
		t.Errorf("no-answer reply = %+v", none.Data)
	}

	_, src := ask(t, fake, fake.SlashCommand("sources"))
	if f := src.Data.Embeds[0].Fields; len(f) != 2 || !strings.Contains(f[1].Value, "AFP · 2014-12-22 · 10 passages\nhttps://phys.org/") {
		t.Errorf("/sources fields = %+v", f)
	}
	_, help := ask(t, fake, fake.SlashCommand("help"))
	if !strings.Contains(help.Data.Embeds[0].Description, "What did China say about proof?") {
		t.Errorf("/help has no example questions: %q", help.Data.Embeds[0].Description)
	}
	if !strings.Contains(help.Data.Embeds[0].Description, "mention me") {
		t.Errorf("/help on the gateway does not offer asking by @mention: %q", help.Data.Embeds[0].Description)
	}
}

func TestE2EFindSourceAndAutocomplete(t *testing.T) {
	fake := discordtest.New(t)
	startBot(t, fake, nil)

	claim := &discordgo.Message{ID: "1500000000000000001", Content: "China admitted it has proof that North Korea hacked Sony"}
	st, resp := ask(t, fake, fake.MessageCommand("Find source", claim))
	if resp.Data.Flags != discordgo.MessageFlagsEphemeral || len(resp.Data.Embeds) != 1 ||
		!strings.Contains(resp.Data.Embeds[0].Description, "no **proof** yet") {
		t.Fatalf("Find source = %+v", resp.Data)
	}
	post := resp.button("Post citation in channel")
	if post == "" || resp.button("Cite") == "" {
		t.Fatalf("Find source buttons = %+v", resp.Data.Components)
	}
	_, posted := ask(t, fake, fake.Component(post, st.Original))
	if posted.Data.Flags != 0 || !strings.Contains(posted.Data.Content, "Reuters, 2014-12-22") || len(posted.Data.AllowedMentions.Parse) != 0 {
		t.Errorf("posted citation = %+v", posted.Data)
	}

	_, ac := ask(t, fake, fake.Autocomplete("ask", discordtest.FocusedArg("question", "what did chin")))
	if ac.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(ac.Data.Choices) < 2 ||
		ac.Data.Choices[0].Name != "what did chin" || ac.Data.Choices[1].Name != "What did China say about proof?" {
		t.Errorf("autocomplete = %+v", ac.Data)
	}
}

// TestE2ECompare: /compare's payload as Discord receives it.
func TestE2ECompare(t *testing.T) {
	fake := discordtest.New(t)
	startBot(t, fake, nil)
	_, resp := ask(t, fake, fake.SlashCommand("compare", discordtest.StringArg("question", "what did China say about cyber terrorism?")))
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || len(resp.Data.Embeds) != 2 || resp.Data.Flags != 0 {
		t.Fatalf("compare = %+v", resp.Data)
	}
	for i, src := range []string{"AFP", "Reuters"} {
		e := resp.Data.Embeds[i]
		if len(e.Fields) == 0 || e.Fields[0].Value != src || !strings.Contains(strings.ReplaceAll(e.Description, "**", ""), "cyber terrorism") {
			t.Errorf("embed %d = %+v, want %s's passage", i, e, src)
		}
		if resp.button("Cite "+src) == "" {
			t.Errorf("no Cite %s button", src)
		}
	}
	if resp.Data.AllowedMentions == nil || len(resp.Data.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions = %+v", resp.Data.AllowedMentions)
	}
}

// TestE2ETimeline: /timeline's payload, and a "when" answer's resolved date.
func TestE2ETimeline(t *testing.T) {
	fake := discordtest.New(t)
	startBot(t, fake, nil)
	_, resp := shown(t, fake, fake.SlashCommand("timeline"))
	if len(resp.Data.Embeds) != 1 || resp.Data.Flags != 0 {
		t.Fatalf("timeline = %+v", resp.Data)
	}
	desc := resp.Data.Embeds[0].Description
	last := -1
	for _, day := range []string{"Friday 19 December 2014", "Saturday 20 December 2014", "Sunday 21 December 2014", "Monday 22 December 2014"} {
		i := strings.Index(desc, "**"+day+"**")
		if i < last {
			t.Errorf("%s missing or out of order in:\n%s", day, desc)
		}
		last = i
	}
	_, when := ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", "When did Wang Yi speak with John Kerry?")))
	found := false
	for _, f := range when.Data.Embeds[0].Fields {
		found = found || f.Name == "When" && strings.HasPrefix(f.Value, "Sunday 21 December 2014")
	}
	if !found {
		t.Errorf("the when answer shows no resolved date: %+v", when.Data.Embeds[0].Fields)
	}
}

// TestE2EQuote: /quote's payload: the quotation in bold, its speaker, a Cite button.
func TestE2EQuote(t *testing.T) {
	fake := discordtest.New(t)
	startBot(t, fake, nil)
	_, resp := ask(t, fake, fake.SlashCommand("quote", discordtest.StringArg("text", "senseless cultural arrogance")))
	if len(resp.Data.Embeds) != 1 || resp.button("Cite") != "cite|003_015fcc609321ff52/8" {
		t.Fatalf("quote = %+v", resp.Data)
	}
	e := resp.Data.Embeds[0]
	if !strings.Contains(e.Description, "**senseless cultural arrogance**") || len(e.Fields) == 0 ||
		e.Fields[0].Name != "Said by" || !strings.Contains(e.Fields[0].Value, "Global Times") || !strings.Contains(e.Fields[0].Value, "in an editorial") {
		t.Errorf("quote embed = %+v %+v", e, e.Fields)
	}
	_, miss := ask(t, fake, fake.SlashCommand("quote", discordtest.StringArg("text", "to be or not to be")))
	if miss.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(miss.Data.Content, "can't find that quotation") {
		t.Errorf("unknown quotation = %+v", miss.Data)
	}
}

// TestE2EReload: /reload re-reads --data while a question is in flight;
// both are answered, and the next question sees the new article.
func TestE2EReload(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"000_e50f249042850110.txt", "003_015fcc609321ff52.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "data", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	fake := discordtest.New(t)
	startBot(t, fake, map[string]string{"BOT_DATA": dir, "BOT_OWNER_IDS": discordtest.UserID})
	if reg := fake.Commands(discordtest.GuildID); len(reg) == 0 {
		t.Fatal("no commands registered")
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "heldout", "articles", "011_tasman_afp.txt"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "011_tasman_afp.txt"), b, 0o644)

	q := fake.SlashCommand("ask", discordtest.StringArg("question", "what did China say about proof?"))
	rl := fake.SlashCommand("reload")
	for _, p := range []discordtest.Payload{q, rl} { // the reload lands while the question is being answered
		exercise(p)
		if err := fake.Dispatch("INTERACTION_CREATE", p); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, p := range []discordtest.Payload{q, rl} {
		st, err := fake.WaitInteraction(ctx, p.ID(), func(st discordtest.InteractionState) bool {
			return st.Original != nil && st.Original.Flags&loading == 0
		})
		if err != nil {
			t.Fatal(err)
		}
		var r reply
		json.Unmarshal(st.OriginalJSON, &r.Data)
		switch p.ID() {
		case q.ID():
			if len(r.Data.Embeds) != 1 || !strings.Contains(r.Data.Embeds[0].Description, "proof") {
				t.Errorf("the question in flight got %s", st.Response)
			}
		case rl.ID():
			if !strings.Contains(r.Data.Content, "Reloaded: 3 articles") || r.Data.Flags != discordgo.MessageFlagsEphemeral {
				t.Errorf("/reload = %s", st.OriginalJSON)
			}
		}
	}
	_, resp := ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", "What did the Australian Federal Police say about the suspect?")))
	if len(resp.Data.Embeds) != 1 || !strings.Contains(resp.Data.Embeds[0].Description, "suspect") {
		t.Errorf("after /reload the new article is not answered from: %+v", resp.Data)
	}
}

// sentMessage is a message the bot posted in a channel, as Discord got it.
type sentMessage struct {
	Content          string                    `json:"content"`
	Embeds           []*discordgo.MessageEmbed `json:"embeds"`
	MessageReference *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
	AllowedMentions *struct {
		Parse       []string `json:"parse"`
		RepliedUser bool     `json:"replied_user"`
	} `json:"allowed_mentions"`
}

// waitMessage waits for the bot to post in channel and decodes what it sent.
func waitMessage(t *testing.T, fake *discordtest.Server, channel string) (sentMessage, discordtest.Call) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := fake.WaitCall(ctx, "POST", "/channels/"+channel+"/messages")
	if err != nil {
		t.Fatal(err)
	}
	var m sentMessage
	if err := c.Decode(&m); err != nil || c.Status != 200 {
		t.Fatalf("message %s: status %d, %v", c.Body, c.Status, err)
	}
	return m, c
}

// TestE2EMention: a message that mentions the bot gets the /ask answer as
// a reply that pings no one, not even its author; other messages are left
// alone; and the bot asks for no privileged intent.
func TestE2EMention(t *testing.T) {
	fake := discordtest.New(t)
	startBot(t, fake, map[string]string{"MOD_ROLE_ID": "1500000000000000001"})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	id, err := fake.WaitIdentify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if id.Intents&discordgo.IntentsGuildMessages == 0 || id.Intents&discordgo.IntentMessageContent != 0 {
		t.Errorf("intents = %b, want guild messages and no message content", id.Intents)
	}

	fake.Dispatch("MESSAGE_CREATE", fake.MessageCreate(discordtest.ChannelID, "no mention here: what did China say about proof?", false))
	msg := fake.MessageCreate(discordtest.ChannelID, "<@"+discordtest.BotUserID+"> @everyone what did China say about proof?", true)
	if err := fake.Dispatch("MESSAGE_CREATE", msg); err != nil {
		t.Fatal(err)
	}
	m, _ := waitMessage(t, fake, discordtest.ChannelID)
	if m.MessageReference == nil || m.MessageReference.MessageID != msg.ID() {
		t.Errorf("not a reply to the message: %+v", m.MessageReference)
	}
	if a := m.AllowedMentions; a == nil || len(a.Parse) != 0 || a.RepliedUser {
		t.Errorf("allowed_mentions = %+v, want parse [] and replied_user false", a)
	}
	if len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Description, "proof") {
		t.Errorf("reply = %+v", m)
	}
	if n := len(fake.CallsTo("POST", "/channels/*/messages")); n != 1 {
		t.Errorf("%d messages posted, want 1: a message without a mention was answered", n)
	}

	fake.Dispatch("MESSAGE_CREATE", fake.MessageCreate(discordtest.ChannelID, "<@"+discordtest.BotUserID+"> what is the capital of France?", true))
	miss, _ := waitMessage(t, fake, discordtest.ChannelID)
	if !strings.Contains(miss.Content, "I don't have that") || !strings.Contains(miss.Content, "<@&1500000000000000001>") ||
		miss.AllowedMentions == nil || len(miss.AllowedMentions.Parse) != 0 {
		t.Errorf("no-answer reply = %+v", miss)
	}
}

// TestE2EAskChannelThreads: in an ask channel every message is answered,
// the answer opens a thread named from the question, and follow-ups in the
// thread are answered there.
func TestE2EAskChannelThreads(t *testing.T) {
	fake := discordtest.New(t, discordtest.WithPrivilegedIntents())
	startBot(t, fake, map[string]string{"ASK_CHANNEL_IDS": discordtest.ChannelID})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if id, err := fake.WaitIdentify(ctx); err != nil || id.Intents&discordgo.IntentMessageContent == 0 {
		t.Fatalf("intents = %b (%v), want message content for the ask channel", id.Intents, err)
	}

	fake.Dispatch("MESSAGE_CREATE", fake.MessageCreate(discordtest.ChannelID, "Who is Hua Chunying?", false))
	m, call := waitMessage(t, fake, discordtest.ChannelID)
	if len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Description, "Hua Chunying") {
		t.Fatalf("answer = %+v", m)
	}
	var posted struct{ ID string }
	json.Unmarshal(call.Response, &posted)
	th, err := fake.WaitCall(ctx, "POST", "/channels/"+discordtest.ChannelID+"/messages/"+posted.ID+"/threads")
	if err != nil {
		t.Fatal(err)
	}
	var start struct{ Name string }
	th.Decode(&start)
	if start.Name != "Who is Hua Chunying?" || th.Status != 201 {
		t.Errorf("thread %q (status %d), want it named after the question", start.Name, th.Status)
	}
	var thread struct{ ID string }
	json.Unmarshal(th.Response, &thread)

	fake.Dispatch("MESSAGE_CREATE", fake.MessageCreate(thread.ID, "And what did Obama say about the attack?", false))
	follow, _ := waitMessage(t, fake, thread.ID)
	if len(follow.Embeds) != 1 || !strings.Contains(follow.Embeds[0].Description, "Obama") {
		t.Errorf("follow-up in the thread = %+v", follow)
	}
	if n := len(fake.CallsTo("POST", "/channels/*/messages/*/threads")); n != 1 {
		t.Errorf("%d threads opened, want 1 (a follow-up opens none)", n)
	}
}

// TestE2EFeedback: 👍 and 👎 under an answer are counted once per user and
// can be changed, acknowledged by updating the answer's buttons; /gaps
// groups what went unanswered or got a 👎; /stats counts it all.
func TestE2EFeedback(t *testing.T) {
	fake := discordtest.New(t)
	startBot(t, fake, nil)

	st, resp := ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", "what did China say about proof?")))
	up, down := resp.button("👍"), resp.button("👎")
	if !strings.HasPrefix(up, "up|") || !strings.HasPrefix(down, "down|") {
		t.Fatalf("no vote buttons under the answer: %+v", resp.Data.Components)
	}
	answer := st
	vote := func(customID, userID string) reply {
		t.Helper()
		_, r := ask(t, fake, fake.Component(customID, st.Original).ByUser(userID, "user"+userID))
		if r.Type != discordgo.InteractionResponseUpdateMessage {
			t.Fatalf("vote acknowledged with type %d, want 7 (update, not a new message)", r.Type)
		}
		// The answer as Discord now shows it: the same text and embed,
		// only the counts on its buttons changed.
		now, _ := fake.Interaction(answer.ID)
		var shownNow reply
		json.Unmarshal(now.OriginalJSON, &shownNow.Data)
		if now.Original == nil || now.Original.Content != answer.Original.Content || !reflect.DeepEqual(now.Original.Embeds, answer.Original.Embeds) {
			t.Fatalf("the vote changed the answer: before %s\nafter %s", answer.OriginalJSON, now.OriginalJSON)
		}
		if shownNow.button("Cite") == "" {
			t.Errorf("the vote dropped the answer's other buttons: %+v", shownNow.Data.Components)
		}
		r.Data.Components = shownNow.Data.Components
		return r
	}
	vote(up, "1401")
	if r := vote(up, "1401"); r.button("👍 1") == "" { // the same vote twice counts once
		t.Errorf("after a repeated 👍: %+v", r.Data.Components)
	}
	if r := vote(down, "1402"); r.button("👍 1") == "" || r.button("👎 1") == "" {
		t.Errorf("after another user's 👎: %+v", r.Data.Components)
	}
	if r := vote(down, "1401"); r.button("👍") == "" || r.button("👎 2") == "" { // changed
		t.Errorf("after 1401 changed to 👎: %+v", r.Data.Components)
	}

	for _, q := range []string{"who won the world cup?", "Who won the World Cup", "what is the capital of France?"} {
		ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", q)))
	}
	_, gaps := shown(t, fake, fake.SlashCommand("gaps"))
	if len(gaps.Data.Embeds) != 1 || gaps.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Fatalf("/gaps = %+v", gaps.Data)
	}
	g := gaps.Data.Embeds[0].Description
	for _, want := range []string{"**2×** who won the world cup", "capital of France", "proof"} {
		if !strings.Contains(strings.ToLower(g), strings.ToLower(want)) {
			t.Errorf("/gaps lacks %q:\n%s", want, g)
		}
	}
	_, stats := shown(t, fake, fake.SlashCommand("stats"))
	if len(stats.Data.Embeds) != 1 {
		t.Fatalf("/stats = %+v", stats.Data)
	}
	fields := map[string]string{}
	for _, f := range stats.Data.Embeds[0].Fields {
		fields[f.Name] = f.Value
	}
	if fields["Questions"] != "4" || fields["Answer rate"] != "25%" || !strings.HasPrefix(fields["Helpful"], "0% (0 👍, 2 👎)") ||
		!strings.Contains(fields["Passages given most"], "Reuters") {
		t.Errorf("/stats fields = %v", fields)
	}
}

// TestE2ERESTFaults: a 429 is waited out and retried; a 500 is logged and
// the bot goes on serving.
func TestE2ERESTFaults(t *testing.T) {
	fake := discordtest.New(t)
	logs := startBot(t, fake, nil)
	const callback = "/interactions/*/*/callback"

	fake.FailNext("POST", callback, 429, 1)
	p := fake.SlashCommand("ask", discordtest.StringArg("question", "what did China say about proof?"))
	if _, resp := ask(t, fake, p); len(resp.Data.Embeds) != 1 {
		t.Fatalf("after a 429 the answer was %+v", resp.Data)
	}
	// The fake records a call just after applying it: wait for both.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, want := range []int{429, 204} {
		c, err := fake.WaitCall(ctx, "POST", callback)
		if err != nil || c.Status != want {
			t.Errorf("callback call: status %d, %v; want %d (the 429, then its retry)", c.Status, err, want)
		}
	}

	fake.FailNext("POST", callback, 500, 1)
	lost := fake.SlashCommand("ask", discordtest.StringArg("question", "Who is Hua Chunying?"))
	if err := fake.Dispatch("INTERACTION_CREATE", lost); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "send reply") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "level=ERROR msg=\"send reply\"") || !strings.Contains(logs.String(), "500") {
		t.Errorf("the 500 was not logged:\n%s", logs)
	}
	if _, resp := ask(t, fake, fake.SlashCommand("sources")); len(resp.Data.Embeds) != 1 {
		t.Errorf("after a 500 the bot did not serve the next interaction: %+v", resp.Data)
	}
}

// TestE2ESlowREST: a callback that Discord holds for 1.5 s (inside the 3 s
// window) still delivers its answer, and a question asked meanwhile is not
// kept waiting behind it.
func TestE2ESlowREST(t *testing.T) {
	fake := discordtest.New(t)
	startBot(t, fake, nil)
	fake.DelayNext("POST", "/interactions/*/*/callback", 1500*time.Millisecond, 1)

	questions := map[string]string{} // interaction id → words its answer must hold
	for q, want := range map[string]string{
		"what did China say about proof?": "no proof",
		"Who is Hua Chunying?":            "Hua Chunying",
	} {
		p := fake.SlashCommand("ask", discordtest.StringArg("question", q))
		questions[p.ID()] = want
		if err := fake.Dispatch("INTERACTION_CREATE", p); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// One of the two is held; the other must be answered while it is.
	var first string
	for first == "" {
		for id := range questions {
			if st, ok := fake.Interaction(id); ok && st.Responded {
				first = id
			}
		}
		if ctx.Err() != nil {
			t.Fatal("neither question was answered")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for id := range questions {
		if st, _ := fake.Interaction(id); id != first && st.Responded {
			t.Error("both answers arrived together: one waited behind the slow callback, or nothing was slowed")
		}
	}
	for id, want := range questions {
		st, err := fake.WaitInteraction(ctx, id, nil)
		if err != nil {
			t.Fatal(err)
		}
		var resp reply
		if err := json.Unmarshal(st.Response, &resp); err != nil || len(resp.Data.Embeds) != 1 ||
			!strings.Contains(strings.ReplaceAll(resp.Data.Embeds[0].Description, "**", ""), want) {
			t.Errorf("answer %s = %s (%v), want one holding %q", id, st.Response, err, want)
		}
	}
}

// TestE2EGatewayFaults: a dropped connection, RECONNECT (op 7) and INVALID
// SESSION (op 9); each time the bot comes back and answers.
func TestE2EGatewayFaults(t *testing.T) {
	fake := discordtest.New(t)
	startBot(t, fake, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := fake.WaitIdentify(ctx); err != nil {
		t.Fatal(err)
	}
	faults := []struct {
		name  string
		cause func() error
		back  func() error // what the bot does to come back
	}{
		{"socket dropped", func() error { fake.CloseConnection(1006); return nil }, func() error { _, err := fake.WaitResume(ctx); return err }},
		{"op 7 RECONNECT", fake.SendReconnect, func() error { _, err := fake.WaitResume(ctx); return err }},
		{"op 9 INVALID SESSION", func() error { return fake.SendInvalidSession(false) }, func() error { _, err := fake.WaitIdentify(ctx); return err }},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			if err := fake.WaitHeartbeat(ctx); err != nil {
				t.Fatal(err)
			}
			if err := f.cause(); err != nil {
				t.Fatal(err)
			}
			if err := f.back(); err != nil {
				t.Fatalf("the bot did not come back: %v", err)
			}
			if err := fake.WaitReady(ctx); err != nil {
				t.Fatal(err)
			}
			_, resp := ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", "Who is North Korea's only major ally?")))
			if len(resp.Data.Embeds) != 1 || !strings.Contains(strings.ReplaceAll(resp.Data.Embeds[0].Description, "**", ""), "only major ally") {
				t.Errorf("after %s: %+v", f.name, resp.Data)
			}
		})
	}
}

// TestE2ESharding: SHARD_ID and SHARD_COUNT reach the IDENTIFY payload.
func TestE2ESharding(t *testing.T) {
	fake := discordtest.New(t, discordtest.WithShards(2))
	startBot(t, fake, map[string]string{"SHARD_ID": "1", "SHARD_COUNT": "2"})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	id, err := fake.WaitIdentify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if id.Shard == nil || *id.Shard != [2]int{1, 2} {
		t.Errorf("IDENTIFY shard = %v, want [1 2]", id.Shard)
	}
}

// TestE2ESIGTERM runs the real binary against fake Discord: SIGTERM makes
// it disconnect and exit 0 within 5 s.
func TestE2ESIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "bot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	fake := discordtest.New(t)
	cmd := exec.Command(bin, "serve")
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"DISCORD_TOKEN=" + discordtest.Token, "DISCORD_API_BASE=" + fake.APIBase(), "DISCORD_GUILD_ID=" + discordtest.GuildID, "LOG_LEVEL=info"}
	logs := &discordtest.LogBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for !strings.Contains(logs.String(), "msg=serving") {
		if ctx.Err() != nil {
			cmd.Process.Kill()
			t.Fatalf("the bot never said it was serving:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, resp := ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", "what did China say about proof?")))
	if len(resp.Data.Embeds) != 1 {
		t.Fatalf("the binary did not answer: %+v", resp.Data)
	}
	start := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGTERM: %v\n%s", err, logs)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v to exit", d)
		}
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("still running 5 s after SIGTERM:\n%s", logs)
	}
	if !strings.Contains(logs.String(), "msg=stopped") {
		t.Errorf("no clean stop in the log:\n%s", logs)
	}
}

// TestE2EAwkwardCorpus runs `bot serve` over testdata/awkward (400-character
// headlines, 2,200-character links, 4,090-character paragraphs, markdown
// everywhere): fake Discord checks every body against Discord's spec and
// limits, and each call must succeed.
func TestE2EAwkwardCorpus(t *testing.T) {
	fake := discordtest.New(t, discordtest.WithPrivilegedIntents())
	startBot(t, fake, map[string]string{"BOT_DATA": filepath.Join("..", "..", "testdata", "awkward"), "ASK_CHANNEL_IDS": discordtest.ChannelID})
	q := "what did the ministry say about proof and the hacking"
	st, resp := ask(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", q)))
	if len(resp.Data.Embeds) != 1 {
		t.Fatalf("/ask = %+v", resp.Data)
	}
	for _, label := range []string{"More passages", "Cite", "👍"} {
		if id := resp.button(label); id != "" {
			shown(t, fake, fake.Component(id, st.Original))
		}
	}
	shown(t, fake, fake.SlashCommand("compare", discordtest.StringArg("question", q)))
	shown(t, fake, fake.SlashCommand("sources"))
	shown(t, fake, fake.SlashCommand("timeline"))
	found, fresp := shown(t, fake, fake.MessageCommand("Find source", &discordgo.Message{Content: q}))
	if id := fresp.button("Post citation in channel"); id != "" {
		shown(t, fake, fake.Component(id, found.Original))
	}
	fake.Dispatch("MESSAGE_CREATE", fake.MessageCreate(discordtest.ChannelID, strings.Repeat("👨‍👩‍👧 ", 60)+q, false))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := fake.WaitCall(ctx, "POST", "/channels/*/messages/*/threads"); err != nil {
		t.Fatal(err)
	}
	for _, c := range fake.Calls() {
		if c.Status >= 300 {
			t.Errorf("%v: %s", c, c.Response)
		}
	}
}
