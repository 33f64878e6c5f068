package discord

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/store"
)

// idFeedback records with the record ids next gives.
type idFeedback struct {
	*memFeedback
	next func() string
}

func (f *idFeedback) Record(ctx context.Context, in store.Interaction) (string, error) {
	return f.next(), nil
}

// slowReply is the reply's encoding without any template.
func slowReply(t *testing.T, resp *discordgo.InteractionResponse) []byte {
	t.Helper()
	b, err := json.Marshal(toWire(resp))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encoded(t *testing.T, h *Handler, resp *discordgo.InteractionResponse) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := h.encodeReply(&buf, resp); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// devQuestions are the questions of testdata/dev.tsv.
func devQuestions(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../../testdata/dev.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []string
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if q, _, ok := strings.Cut(sc.Text(), "\t"); ok && !strings.HasPrefix(q, "#") {
			qs = append(qs, q)
		}
	}
	return qs
}

// TestReplyMemo: every /ask reply, repeated or not, public or private,
// with record ids of the store's form and others (of other lengths, ones
// JSON escapes, words the reply also shows, none at all), is encoded byte
// for byte as toWire and json.Marshal encode it; and repeated answers do
// come from the template.
func TestReplyMemo(t *testing.T) {
	base := mustHandler(t)
	n := 0
	kinds := []func() string{
		func() string { return fmt.Sprintf("aaaa%016d", n) }, // the store's length
		func() string { return fmt.Sprintf("rec%d", n) },     // lengths that change
		func() string { return fmt.Sprintf("a<b>&c\"d\\e%d", n%2) },
		func() string { return fmt.Sprintf("éè%d", n%2) },
		func() string { return "up|down" },
		func() string { return []string{"Reuters", "Reuter2"}[n%2] }, // the first also in the embed
		func() string { return []string{"value", "valu2"}[n%2] },     // the first also one of its keys
		func() string { return "" },
	}
	kind := 0
	h := NewHandler(slog.New(slog.DiscardHandler), base.engines.cur.eng, Config{Examples: base.engines.cur.examples,
		Feedback: &idFeedback{memFeedback: newMemFeedback(), next: func() string { n++; return kinds[kind]() }}, RatePerMinute: 1 << 30})
	questions := append(append(devQuestions(t), classQuestions...), base.engines.cur.examples...)
	templated := 0
	for kind = range kinds {
		for round := range 6 {
			for _, q := range questions {
				opts := []*discordgo.ApplicationCommandInteractionDataOption{str(optQuestion, q)}
				if round >= 3 {
					opts = append(opts, boolean(optPrivate, true))
				}
				resp, _ := h.Handle(context.Background(), slash(cmdAsk, opts...))
				if e, id, ok := h.replyEntry(resp); ok && e.template().fits(resp, id) {
					templated++
				}
				if got, want := encoded(t, h, resp), slowReply(t, resp); !bytes.Equal(got, want) {
					t.Fatalf("ids %d, round %d, %q: encodeReply\n%s\nwant\n%s", kind, round, q, got, want)
				}
			}
		}
	}
	if want := 4 * len(questions); templated < want {
		t.Errorf("%d replies written from a template, want at least %d", templated, want)
	}
}

// TestReplyMemoSeesChanges: a reply that differs from the template's in
// anything its encoding shows, other than the record id, is not written
// from the template.
func TestReplyMemoSeesChanges(t *testing.T) {
	base := mustHandler(t)
	h := NewHandler(slog.New(slog.DiscardHandler), base.engines.cur.eng, Config{Feedback: newMemFeedback(), RatePerMinute: 1 << 30})
	ask := func() *discordgo.InteractionResponse {
		resp, _ := h.Handle(context.Background(), slash(cmdAsk, str(optQuestion, classQuestions[0])))
		return resp
	}
	button := func(f func(b *discordgo.Button)) func(*discordgo.InteractionResponseData) {
		return func(d *discordgo.InteractionResponseData) {
			row := d.Components[0].(discordgo.ActionsRow)
			row.Components = append([]discordgo.MessageComponent(nil), row.Components...)
			b := row.Components[len(row.Components)-1].(discordgo.Button)
			f(&b)
			row.Components[len(row.Components)-1] = b
			d.Components = []discordgo.MessageComponent{row}
		}
	}
	for name, change := range map[string]func(*discordgo.InteractionResponseData){
		"content":  func(d *discordgo.InteractionResponseData) { d.Content = "and more" },
		"private":  func(d *discordgo.InteractionResponseData) { d.Flags = discordgo.MessageFlagsEphemeral },
		"mentions": func(d *discordgo.InteractionResponseData) { d.AllowedMentions = nil },
		"mentions parsed": func(d *discordgo.InteractionResponseData) {
			d.AllowedMentions.Parse = []discordgo.AllowedMentionType{"users"}
		},
		"no buttons":       func(d *discordgo.InteractionResponseData) { d.Components = nil },
		"another row":      func(d *discordgo.InteractionResponseData) { d.Components = append(d.Components, d.Components[0]) },
		"label":            button(func(b *discordgo.Button) { b.Label = "👎 3" }),
		"style":            button(func(b *discordgo.Button) { b.Style = discordgo.DangerButton }),
		"disabled":         button(func(b *discordgo.Button) { b.Disabled = true }),
		"url":              button(func(b *discordgo.Button) { b.URL = "https://example.com/" }),
		"vote action":      button(func(b *discordgo.Button) { b.CustomID = strings.Replace(b.CustomID, "down|", "up|", 1) }),
		"not a vote":       button(func(b *discordgo.Button) { b.CustomID = strings.Replace(b.CustomID, "down|", "cite|", 1) }),
		"another vote id":  button(func(b *discordgo.Button) { b.CustomID = "down|rec9999" }),
		"a longer vote id": button(func(b *discordgo.Button) { b.CustomID += "0" }),
	} {
		encoded(t, h, ask()) // the template, of an unchanged reply
		resp := ask()
		change(resp.Data)
		if got, want := encoded(t, h, resp), slowReply(t, resp); !bytes.Equal(got, want) {
			t.Errorf("%s: encodeReply\n%s\nwant\n%s", name, got, want)
		}
	}
}
