package main

import (
	"encoding/json"
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/discord/discordtest"
)

// otherGuild is a second server, which must never see the first's library.
const otherGuild, otherChannel = "1200000000000000002", "1300000000000000002"

// TestE2ELibrary runs a teacher's whole flow through fake Discord: /library
// add with a file → the private preview → Cancel, then again → Add → /ask
// answers from it in that server, and another server's /ask does not see
// it → /library list → /library remove (autocomplete, Keep, then Remove)
// → it is gone.
func TestE2ELibrary(t *testing.T) {
	fake := discordtest.New(t)
	fetchAllowForTests = []netip.AddrPort{netip.MustParseAddrPort(fake.AttachmentAddr())}
	t.Cleanup(func() { fetchAllowForTests = nil })
	startBot(t, fake, map[string]string{"BOT_ATTACHMENT_HOSTS": fake.AttachmentHost(), "RATE_LIMIT_PER_MINUTE": "100"})
	body, err := os.ReadFile("testdata/library/schools.txt")
	if err != nil {
		t.Fatal(err)
	}
	const headline = "Schools reopen after the flood"
	askIn := func(guild, channel string) reply {
		t.Helper()
		p := fake.SlashCommand("ask", discordtest.StringArg("question", floodQuestion))
		if guild != "" {
			p = p.InChannel(guild, channel)
		}
		_, r := shown(t, fake, p)
		return r
	}
	answersFromIt := func(r reply) bool { return len(r.Data.Embeds) > 0 && r.Data.Embeds[0].Title == headline }
	preview := func() (discordtest.InteractionState, reply) {
		t.Helper()
		st, r := shown(t, fake, fake.SlashCommand("library", discordtest.SubcommandArg("add",
			fake.AttachmentArg("file", "schools.txt", "text/plain; charset=utf-8", body))))
		if r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || len(r.Data.Embeds) != 1 || r.Data.Embeds[0].Title != headline ||
			r.button("Add") == "" || r.button("Cancel") == "" {
			t.Fatalf("/library add preview = %+v", r.Data)
		}
		return st, r
	}
	press := func(st discordtest.InteractionState, customID string) reply {
		t.Helper()
		_, r := shown(t, fake, fake.Component(customID, st.Original))
		return r
	}

	st, r := preview()
	e := r.Data.Embeds[0]
	fields := map[string]string{}
	for _, f := range e.Fields {
		fields[f.Name] = f.Value
	}
	if fields["Source"] != "The Riverside Courier" || fields["Date"] != "2025-03-14" || fields["Passages"] != "4" ||
		!strings.HasPrefix(e.Description, "RIVERSIDE — All twelve") || e.URL != "https://courier.example/2025/03/schools-reopen" {
		t.Errorf("preview embed = %+v, fields %v", e, fields)
	}
	if fake.AttachmentFetches() != 1 {
		t.Errorf("the attachment was fetched %d times, want once", fake.AttachmentFetches())
	}
	if answersFromIt(askIn("", "")) {
		t.Fatal("answered from the article before Add was pressed")
	}
	if r := press(st, r.button("Cancel")); !strings.Contains(r.Data.Content, "nothing was added") {
		t.Errorf("Cancel = %q", r.Data.Content)
	}
	if r := press(st, strings.Replace(r.button("Cancel"), "libcancel", "libadd", 1)); !strings.Contains(r.Data.Content, "expired or was used already") {
		t.Errorf("Add after Cancel = %q, want the preview gone", r.Data.Content)
	}
	if answersFromIt(askIn("", "")) {
		t.Fatal("answered from a cancelled article")
	}

	st, r = preview()
	if r := press(st, r.button("Add")); !strings.Contains(r.Data.Content, "Added **"+headline+"**") {
		t.Fatalf("Add = %+v", r.Data)
	}
	if a := askIn("", ""); !answersFromIt(a) || !strings.Contains(a.Data.Embeds[0].Description, "on Thursday, nine days after") {
		t.Fatalf("/ask after Add = %+v", a.Data)
	}
	if a := askIn(otherGuild, otherChannel); answersFromIt(a) || !strings.Contains(a.Data.Content, "I don't have that") {
		t.Errorf("another server's /ask = %+v: it sees the first server's library", a.Data)
	}
	if !listsIt(t, fake, "", "") {
		t.Errorf("/sources after Add does not list the article")
	}
	if listsIt(t, fake, otherGuild, otherChannel) {
		t.Errorf("another server's /sources lists the first server's article")
	}
	_, list := shown(t, fake, fake.SlashCommand("library", discordtest.SubcommandArg("list")))
	if len(list.Data.Embeds) != 1 || len(list.Data.Embeds[0].Fields) != 1 || list.Data.Embeds[0].Fields[0].Name != headline ||
		!strings.Contains(list.Data.Embeds[0].Fields[0].Value, "by you") {
		t.Errorf("/library list = %+v", list.Data)
	}

	_, ac := ask(t, fake, fake.Autocomplete("library", discordtest.SubcommandArg("remove", discordtest.FocusedArg("article", "flood"))))
	if len(ac.Data.Choices) != 1 || !strings.HasPrefix(ac.Data.Choices[0].Name, headline) {
		t.Fatalf("remove autocomplete = %+v", ac.Data.Choices)
	}
	id, _ := ac.Data.Choices[0].Value.(string)
	remove := func() (discordtest.InteractionState, reply) {
		st, r := shown(t, fake, fake.SlashCommand("library", discordtest.SubcommandArg("remove", discordtest.StringArg("article", id))))
		if r.button("Remove") == "" || r.button("Keep") == "" {
			t.Fatalf("/library remove = %+v", r.Data)
		}
		return st, r
	}
	// The answer's buttons, pressed again after the removal below.
	answered, a := shown(t, fake, fake.SlashCommand("ask", discordtest.StringArg("question", floodQuestion)))
	cite, more := a.button("Cite"), a.button("More passages")
	if !answersFromIt(a) || cite == "" {
		t.Fatalf("/ask before removal = %+v", a.Data)
	}
	if r := press(answered, cite); !mentions(r, headline) {
		t.Errorf("Cite before removal = %+v, want the article cited", r.Data)
	}
	st, r = remove()
	if r := press(st, r.button("Keep")); !strings.Contains(r.Data.Content, "nothing was removed") || !answersFromIt(askIn("", "")) {
		t.Errorf("Keep = %q, or the article is gone", r.Data.Content)
	}
	st, r = remove()
	if r := press(st, r.button("Remove")); !strings.Contains(r.Data.Content, "Removed **"+headline+"**") {
		t.Errorf("Remove = %+v", r.Data)
	}
	if a := askIn("", ""); answersFromIt(a) {
		t.Errorf("/ask after removal still answers from the article")
	}
	if listsIt(t, fake, "", "") {
		t.Errorf("/sources after removal still lists the article")
	}
	for _, id := range []string{cite, more} {
		if id == "" {
			continue
		}
		if r := press(answered, id); mentions(r, headline) || mentions(r, "All twelve") {
			t.Errorf("%s after removal shows the removed article: %+v", id, r.Data)
		}
	}
}

// mentions says whether the reply's text or embeds say s.
func mentions(r reply, s string) bool {
	b, err := json.Marshal(r.Data)
	return err == nil && strings.Contains(string(b), s)
}

// listsIt says whether /sources in guild (the fake's own when "") lists
// the flood article.
func listsIt(t *testing.T, fake *discordtest.Server, guild, channel string) bool {
	t.Helper()
	p := fake.SlashCommand("sources")
	if guild != "" {
		p = p.InChannel(guild, channel)
	}
	_, r := shown(t, fake, p)
	if len(r.Data.Embeds) != 1 {
		t.Fatalf("/sources = %+v", r.Data)
	}
	for _, f := range r.Data.Embeds[0].Fields {
		if f.Name == "Schools reopen after the flood" {
			return true
		}
	}
	return false
}
