package discord

import (
	"context"
	"errors"
	"log/slog"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/articles"
	"github.com/sourcebot/newsbot/internal/discord/discordtest"
	"github.com/sourcebot/newsbot/internal/fetch"
	"github.com/sourcebot/newsbot/internal/library"
	"github.com/sourcebot/newsbot/internal/store"
)

// files serves attachments by URL, as the attachment host would.
type files map[string]string

func (f files) URL(ctx context.Context, link string) (fetch.Page, error) {
	return f.Attachment(ctx, link)
}

func (f files) Attachment(_ context.Context, link string) (fetch.Page, error) {
	body, ok := f[link]
	if !ok {
		return fetch.Page{}, fetch.ErrStatus
	}
	return fetch.Page{URL: link, ContentType: "text/plain", Body: []byte(body)}, nil
}

const (
	floodText = "---\ntitle: Schools reopen after the flood\nsource: The Riverside Courier\ndate: 2025-03-14\n---\n" +
		"Schools reopen after the flood\n\nAll twelve of the district's schools reopened on Thursday, nine days after the river flooded the lower town.\n"
	brokenText = "---\ntitle: x\ndate: last Tuesday\n---\nHeadline\n\nText."
)

// defaultsAndStore are the embedded articles and an empty store in
// memory, closed when the test ends.
func defaultsAndStore(t *testing.T) (*articles.Set, *store.Store) {
	t.Helper()
	set, err := articles.Load(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { set.Close() })
	st, err := store.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return set, st
}

// libraryHandler is a handler with a library over an in-memory store.
func libraryHandler(t *testing.T) *Handler {
	t.Helper()
	set, st := defaultsAndStore(t)
	libs, err := library.New(st, library.BaseOf(set), library.Options{Fetcher: files{"https://cdn/flood.txt": floodText, "https://cdn/broken.txt": brokenText}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { libs.Close() })
	return NewHandler(slog.New(slog.DiscardHandler), set.Engine, Config{Library: libs, RatePerMinute: 1000})
}

// libraryCmd is /library sub with opts, by a member with perms and roles.
func libraryCmd(sub string, perms int64, roles []string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	i := slash(cmdLibrary, &discordgo.ApplicationCommandInteractionDataOption{Name: sub, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts})
	i.Member.Permissions, i.Member.Roles = perms, roles
	return i
}

// withFile attaches the file at url to an add.
func withFile(i *discordgo.Interaction, name, url string) *discordgo.Interaction {
	d := i.Data.(discordgo.ApplicationCommandInteractionData)
	d.Options[0].Options = append(d.Options[0].Options, &discordgo.ApplicationCommandInteractionDataOption{Name: optFile, Type: discordgo.ApplicationCommandOptionAttachment, Value: "a1"})
	d.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{Attachments: map[string]*discordgo.MessageAttachment{"a1": {ID: "a1", Filename: name, URL: url}}}
	i.Data = d
	return i
}

const manager = discordgo.PermissionManageGuild

func handle(t *testing.T, h *Handler, i *discordgo.Interaction) *discordgo.InteractionResponse {
	t.Helper()
	resp, err := h.Handle(context.Background(), i)
	if err != nil {
		t.Fatalf("Handle: %v", err)
	}
	return resp
}

func content(resp *discordgo.InteractionResponse) string {
	if resp.Data == nil {
		return ""
	}
	return resp.Data.Content
}

// customIDOf is the custom_id of the button labelled label.
func customIDOf(resp *discordgo.InteractionResponse, label string) string {
	for _, row := range resp.Data.Components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			if b := c.(discordgo.Button); b.Label == label {
				return b.CustomID
			}
		}
	}
	return ""
}

func pressAs(h *Handler, t *testing.T, customID, user string) *discordgo.InteractionResponse {
	t.Helper()
	i := button(customID, &discordgo.Message{ID: "m1"})
	i.Member = member(user)
	i.Member.Permissions = manager
	return handle(t, h, i)
}

func askedFrom(t *testing.T, h *Handler, guild, q string) string {
	t.Helper()
	i := slash(cmdAsk, str(optQuestion, q))
	i.GuildID = guild
	resp := handle(t, h, i)
	if len(resp.Data.Embeds) == 0 {
		return ""
	}
	return resp.Data.Embeds[0].Title
}

func TestLibraryTeachers(t *testing.T) {
	h := libraryHandler(t)
	list := func(perms int64, roles ...string) string {
		return content(handle(t, h, libraryCmd(subList, perms, roles)))
	}
	if got := list(0); got != notTeacher {
		t.Errorf("/library list by a member = %q, want %q", got, notTeacher)
	}
	if got := content(handle(t, h, libraryCmd(subTeachers, 0, []string{"777"}, &discordgo.ApplicationCommandInteractionDataOption{
		Name: optRole, Type: discordgo.ApplicationCommandOptionRole, Value: "777"}))); got != notTeacher {
		t.Errorf("/library teachers by a member = %q", got)
	}
	if got := content(handle(t, h, libraryCmd(subTeachers, manager, nil, &discordgo.ApplicationCommandInteractionDataOption{
		Name: optRole, Type: discordgo.ApplicationCommandOptionRole, Value: "777"}))); !strings.Contains(got, "<@&777>") {
		t.Errorf("/library teachers by a manager = %q", got)
	}
	if resp := handle(t, h, libraryCmd(subList, 0, []string{"777"})); len(resp.Data.Embeds) != 1 || !strings.Contains(resp.Data.Embeds[0].Description, "<@&777>") {
		t.Errorf("/library list by a teacher = %+v", resp.Data)
	}
	if got := content(handle(t, h, libraryCmd(subTeachers, 0, []string{"777"}))); got != notManager {
		t.Errorf("a teacher clearing the teacher role = %q, want %q", got, notManager)
	}
	if got := list(0, "778"); got != notTeacher {
		t.Errorf("another role = %q", got)
	}
	// A teacher's Add is checked again when pressed.
	resp := handle(t, h, withFile(libraryCmd(subAdd, 0, []string{"777"}), "flood.txt", "https://cdn/flood.txt"))
	add := customIDOf(resp, "Add")
	i := button(add, &discordgo.Message{ID: "m1"})
	if got := content(handle(t, h, i)); got != notTeacher {
		t.Errorf("Add pressed by a member without the role = %q", got)
	}
}

func TestLibraryAddRefusals(t *testing.T) {
	h := libraryHandler(t)
	for _, tc := range []struct {
		name string
		in   *discordgo.Interaction
		want string
	}{
		{"neither", libraryCmd(subAdd, manager, nil), "one of the two"},
		{"both", withFile(libraryCmd(subAdd, manager, nil, str(optURL, "https://example.com/")), "flood.txt", "https://cdn/flood.txt"), "one of the two"},
		{"broken", withFile(libraryCmd(subAdd, manager, nil), "broken.txt", "https://cdn/broken.txt"),
			`I can't add that: broken.txt: bad metadata block: line 3: date "last Tuesday" is not YYYY-MM-DD`},
		{"unsupported", withFile(libraryCmd(subAdd, manager, nil), "scan.pdf", "https://cdn/flood.txt"), "not a .txt, .md or .html document"},
		{"gone", withFile(libraryCmd(subAdd, manager, nil), "flood.txt", "https://cdn/missing.txt"), "the server did not return the page"},
	} {
		if got := unescape(content(handle(t, h, tc.in))); !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if h.drafts.Len() != 0 {
		t.Errorf("%d drafts held after refusals", h.drafts.Len())
	}
}

// TestLibraryPreviewIsTheUsers: only the teacher who made a preview can
// add it, and only once.
func TestLibraryPreviewIsTheUsers(t *testing.T) {
	h := libraryHandler(t)
	resp := handle(t, h, withFile(libraryCmd(subAdd, manager, nil), "flood.txt", "https://cdn/flood.txt"))
	add := customIDOf(resp, "Add")
	if got := content(pressAs(h, t, add, "someone else")); !strings.Contains(got, "expired or was used already") {
		t.Errorf("Add by another manager = %q", got)
	}
	if got := askedFrom(t, h, "g1", floodQuestion); got != "" {
		t.Fatalf("answered from %q before its teacher pressed Add", got)
	}
	if got := content(pressAs(h, t, add, "u1")); !strings.HasPrefix(got, "Added **Schools reopen after the flood**") {
		t.Errorf("Add by its teacher = %q", got)
	}
	if got := content(pressAs(h, t, add, "u1")); !strings.Contains(got, "expired or was used already") {
		t.Errorf("Add pressed twice = %q", got)
	}
	if got := askedFrom(t, h, "g1", floodQuestion); got != "Schools reopen after the flood" {
		t.Errorf("/ask after Add answered from %q", got)
	}
	if got := askedFrom(t, h, "g2", floodQuestion); got != "" {
		t.Errorf("another server answered from %q", got)
	}
	dm := slash(cmdAsk, str(optQuestion, floodQuestion))
	dm.GuildID, dm.Member, dm.User = "", nil, &discordgo.User{ID: "u1"}
	if resp := handle(t, h, dm); len(resp.Data.Embeds) != 0 {
		t.Errorf("a DM answered from a server's article: %+v", resp.Data.Embeds[0])
	}
}

const floodQuestion = "when did the schools reopen after the flood?"

func TestLibraryDefaultOff(t *testing.T) {
	h := libraryHandler(t)
	const proof = "what did China say about proof?"
	if got := content(handle(t, h, libraryCmd(subDefault, manager, nil, str(optState, "off")))); !strings.Contains(got, "alone") {
		t.Errorf("/library default off = %q", got)
	}
	if got := askedFrom(t, h, "g1", proof); got != "" {
		t.Errorf("defaults off: answered from %q", got)
	}
	if got := askedFrom(t, h, "g2", proof); got == "" {
		t.Errorf("g1's setting turned g2's defaults off")
	}
	handle(t, h, libraryCmd(subDefault, manager, nil, str(optState, "on")))
	if got := askedFrom(t, h, "g1", proof); got == "" {
		t.Errorf("defaults back on: no answer")
	}
}

func TestLibraryOff(t *testing.T) {
	h := mustHandler(t)
	if got := content(handle(t, h, libraryCmd(subList, manager, nil))); got != libraryOffText {
		t.Errorf("/library with no store = %q", got)
	}
}

// brokenLibrary cannot read the store.
type brokenLibrary struct{ Library }

func (brokenLibrary) Engine(context.Context, string) (*answer.Engine, error) {
	return nil, errors.New("connection refused")
}

// TestLibraryUnreadable: a server whose library cannot be read is told so,
// and never answered from the default articles in its place.
func TestLibraryUnreadable(t *testing.T) {
	base := mustHandler(t).engines.cur.eng
	h := NewHandler(slog.New(slog.DiscardHandler), base, Config{Library: brokenLibrary{}})
	resp, err := h.Handle(context.Background(), slash(cmdAsk, str(optQuestion, "what did China say about proof?")))
	if !errors.Is(err, errLibrary) || !strings.Contains(content(resp), "couldn't read this server's library") || len(resp.Data.Embeds) != 0 {
		t.Errorf("/ask with the library unreadable = %+v, %v", resp.Data, err)
	}
}

// lateFetcher fetches with a fetcher made once the fake attachment host
// exists.
type lateFetcher struct{ f *fetch.Fetcher }

func (l *lateFetcher) URL(ctx context.Context, link string) (fetch.Page, error) {
	return l.f.URL(ctx, link)
}

func (l *lateFetcher) Attachment(ctx context.Context, link string) (fetch.Page, error) {
	return l.f.Attachment(ctx, link)
}

// TestLibraryTransports sends /library add with an attachment and its Add
// over both transports, through fake Discord, which checks every body
// the bot sends against Discord's spec.
func TestLibraryTransports(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			set, st := defaultsAndStore(t)
			late := &lateFetcher{}
			libs, err := library.New(st, library.BaseOf(set), library.Options{Fetcher: late})
			if err != nil {
				t.Fatal(err)
			}
			h := NewHandler(slog.New(slog.DiscardHandler), set.Engine, Config{Library: libs, RatePerMinute: 1000})
			hs := newHarness(t, mode, h, DefaultDeferAfter)
			addr := netip.MustParseAddrPort(hs.fake.AttachmentAddr())
			late.f = fetch.New(fetch.Options{AttachmentHosts: []string{hs.fake.AttachmentHost()}, AllowForTests: []netip.AddrPort{addr}})

			preview := shown(hs.send(hs.fake.SlashCommand(cmdLibrary, discordtest.SubcommandArg(subAdd,
				hs.fake.AttachmentArg(optFile, "flood.txt", "text/plain; charset=utf-8", []byte(floodText))))))
			if preview == nil || len(preview.Embeds) != 1 || preview.Embeds[0].Title != "Schools reopen after the flood" || preview.Flags&discordgo.MessageFlagsEphemeral == 0 {
				t.Fatalf("preview = %+v", preview)
			}
			add := ""
			for _, row := range preview.Components {
				for _, c := range row.(*discordgo.ActionsRow).Components {
					if b := c.(*discordgo.Button); b.Label == "Add" {
						add = b.CustomID
					}
				}
			}
			done := shown(hs.send(hs.fake.Component(add, preview)))
			if done == nil || !strings.HasPrefix(done.Content, "Added **Schools reopen after the flood**") {
				t.Fatalf("after Add the preview shows %+v", done)
			}
			if v := hs.fake.Violations(); len(v) > 0 {
				t.Errorf("bodies that do not conform: %v", v)
			}
		})
	}
}

// TestLibraryRateLimited: /library counts against the user's rate, since
// each add sends the bot to fetch something.
func TestLibraryRateLimited(t *testing.T) {
	h := libraryHandler(t)
	h.limit = newLimiter(1, time.Minute, time.Now)
	handle(t, h, libraryCmd(subList, manager, nil))
	if got := content(handle(t, h, withFile(libraryCmd(subAdd, manager, nil), "flood.txt", "https://cdn/flood.txt"))); !strings.Contains(got, "faster than I can keep up") {
		t.Errorf("second /library within the limit of 1 = %q", got)
	}
}
