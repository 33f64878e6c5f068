package discordtest

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAttachments(t *testing.T) {
	t.Parallel()
	srv := New(t)
	body := []byte("Headline\n\nText of the article.")
	arg := srv.AttachmentArg("file", "week1.txt", "text/plain; charset=utf-8", body)
	p := srv.SlashCommand("library", SubcommandArg("add", arg))
	i, err := p.Decode()
	if err != nil {
		t.Fatal(err)
	}
	d := i.ApplicationCommandData()
	opt := d.Options[0].Options[0]
	if opt.Type != discordgo.ApplicationCommandOptionAttachment || d.Resolved == nil {
		t.Fatalf("data = %+v", d)
	}
	att := d.Resolved.Attachments[opt.Value.(string)]
	if att == nil || att.Filename != "week1.txt" || att.Size != len(body) || att.ContentType != "text/plain; charset=utf-8" || !att.Ephemeral {
		t.Fatalf("resolved attachment = %+v", att)
	}
	if !strings.HasPrefix(att.URL, "http://"+srv.AttachmentAddr()+"/attachments/") || srv.AttachmentHost() != "127.0.0.1" {
		t.Errorf("url %s, host %s: want the fake attachment host", att.URL, srv.AttachmentHost())
	}
	if code, got := get(t, att.URL); code != 200 || got != string(body) {
		t.Errorf("GET the attachment = %d %q", code, got)
	}
	for _, bad := range []string{
		strings.Replace(att.URL, "hm=", "hm=0", 1),                  // a forged signature
		att.URL[:strings.Index(att.URL, "?")],                       // unsigned
		strings.Replace(att.URL, "week1.txt", "other.txt", 1),       // another file
		strings.Replace(att.URL, "ex=", "ex=1", 1),                  // a changed expiry
		"http://" + srv.AttachmentAddr() + "/attachments/1/2/x.txt", // never attached
	} {
		if code, _ := get(t, bad); code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", bad, code)
		}
	}
	if n := srv.AttachmentFetches(); n != 1 {
		t.Errorf("AttachmentFetches = %d, want 1", n)
	}
	// The Arg can be used again: building a payload leaves it as it was.
	again, err := srv.SlashCommand("library", SubcommandArg("add", arg)).Decode()
	if err != nil || again.ApplicationCommandData().Resolved == nil {
		t.Errorf("second payload from the same Arg has no resolved attachment: %v", err)
	}
}
