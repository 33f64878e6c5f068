package discord

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"
	"github.com/rivo/uniseg"

	"github.com/sourcebot/newsbot/internal/answer"
)

// TestHighlightFitsAfterMarkup: a 4,090-character paragraph with its
// matches in bold and its markdown escaped still fits the 4,096 of an
// embed description, with the bold balanced.
func TestHighlightFitsAfterMarkup(t *testing.T) {
	text := strings.Repeat("proof * of _the_ hack ", 186)[:4090]
	var spans []answer.Span
	for i := 0; i+5 <= len(text); i++ {
		if text[i:i+5] == "proof" {
			spans = append(spans, answer.Span{Start: i, End: i + 5})
		}
	}
	got := highlight(text, spans, maxDescription)
	if n := textLen(got); n > maxDescription {
		t.Errorf("highlight is %d characters, over %d", n, maxDescription)
	}
	if strings.Count(got, "**")%2 != 0 {
		t.Error("highlight left a bold span open")
	}
}

// TestTruncateKeepsGraphemes: a cut never splits a character or an emoji,
// and the result fits however Discord counts (UTF-16 units or code points).
func TestTruncateKeepsGraphemes(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("👨‍👩‍👧", 60),
		strings.Repeat("🇺🇳", 80),
		strings.Repeat("e\u0301", 120),
		strings.Repeat("a", 98) + "👍🏽👍🏽",
	} {
		got := truncate(s, maxThreadName)
		if textLen(got) > maxThreadName {
			t.Errorf("truncate(%q) = %d UTF-16 units", s, textLen(got))
		}
		body := strings.TrimSuffix(got, "…")
		if !strings.HasPrefix(s, body) {
			t.Fatalf("truncate(%q) = %q, not a prefix", s, got)
		}
		if rest := s[len(body):]; rest != "" && uniseg.GraphemeClusterCount(body)+uniseg.GraphemeClusterCount(rest) != uniseg.GraphemeClusterCount(s) {
			t.Errorf("truncate(%q) = %q splits a grapheme cluster", s, got)
		}
	}
	if got := threadName(strings.Repeat("👨‍👩‍👧 ", 40)); textLen(got) > maxThreadName || strings.Contains(got, "\u200d…") {
		t.Errorf("threadName = %q (%d units)", got, textLen(got))
	}
}

func TestSafeURL(t *testing.T) {
	for u, want := range map[string]bool{
		"https://example.com/story":                        true,
		"http://example.com/":                              true,
		"https://example.com/" + strings.Repeat("a", 2100): false,
		"javascript:alert(1)":                              false,
		"ftp://example.com/x":                              false,
		"//example.com":                                    false,
		"not a url":                                        false,
	} {
		if got := safeURL(u) != ""; got != want {
			t.Errorf("safeURL(%.40q) kept = %v, want %v", u, got, want)
		}
	}
}

// TestFitMessageTotals: the limits are enforced on the final payload, in
// one place: the 6,000 across all embeds, fields, rows and buttons.
func TestFitMessageTotals(t *testing.T) {
	var embeds []*discordgo.MessageEmbed
	for range 4 {
		embeds = append(embeds, &discordgo.MessageEmbed{Title: strings.Repeat("t", 300), URL: "https://example.com/" + strings.Repeat("u", 2100),
			Description: "**" + strings.Repeat("d", 2000) + "**", Footer: &discordgo.MessageEmbedFooter{Text: strings.Repeat("f", 600)}})
	}
	var buttons []discordgo.MessageComponent
	for i := range 7 {
		buttons = append(buttons, discordgo.Button{Label: strings.Repeat("l", 90), CustomID: "cite|" + strings.Repeat("x", 10*i+80), Style: discordgo.PrimaryButton})
	}
	m := toMessage(&discordgo.InteractionResponseData{Content: strings.Repeat("c", 2100), Embeds: embeds,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}}, true)
	total := 0
	for i := range m.Embeds {
		e := &m.Embeds[i]
		total += embedLen(e)
		if e.URL != "" || textLen(e.Title) > maxTitle || strings.Count(e.Description, "**")%2 != 0 {
			t.Errorf("embed %d: url %d, title %d, description %.20q…", i, len(e.URL), textLen(e.Title), e.Description)
		}
	}
	if total > maxEmbedTotal || textLen(m.Content) > maxContent {
		t.Errorf("embeds total %d, content %d", total, textLen(m.Content))
	}
	if len(m.Components) != 1 || len(m.Components[0].Components) != 2 {
		t.Errorf("components = %+v, want the two buttons whose custom_id fits", m.Components)
	}
	for _, b := range m.Components[0].Components {
		if textLen(b.Label) > maxButtonLabel || len(b.CustomID) > maxCustomID {
			t.Errorf("button %q %q", b.Label, b.CustomID)
		}
	}
}

func TestRedactToken(t *testing.T) {
	u := discordgo.EndpointInteractionResponse("123", "secret-token")
	if got := RedactTokens(u); strings.Contains(got, "secret-token") || !strings.Contains(got, "interactions/123/[redacted]/callback") {
		t.Errorf("RedactTokens(%q) = %q", u, got)
	}
	u = discordgo.EndpointWebhookMessage("4567", "secret-token", "@original")
	if got := RedactTokens(u); strings.Contains(got, "secret-token") || !strings.Contains(got, "webhooks/4567/[redacted]/messages") {
		t.Errorf("RedactTokens(%q) = %q", u, got)
	}
}

// textLenByRunes is textLen as it was first written: UTF-16 units rune by
// rune, invalid UTF-8 one unit a byte.
func textLenByRunes(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func FuzzTextLen(f *testing.F) {
	fuzzSame(f, "textLen", textLen, textLenByRunes, "", "plain", "naïve café", "👍🏽 emoji", "日本", "\xff\xfeok", "a\xe2\x82", "\U0010FFFF")
}

// fuzzSame holds a fast path to the plain code it stands for, on seeds
// and what the fuzzer makes of them.
func fuzzSame[T comparable](f *testing.F, name string, fast, plain func(string) T, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fast(s), plain(s); got != want {
			t.Errorf("%s(%q) = %v, want %v", name, s, got, want)
		}
	})
}
