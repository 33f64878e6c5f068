package discord

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/rivo/uniseg"
)

// Discord's limits, in characters. Lengths are counted in UTF-16 code
// units (see textLen), and text is only ever cut between grapheme
// clusters, so an emoji or an accented letter is kept whole or dropped.
const (
	maxContent       = 2000
	maxTitle         = 256
	maxDescription   = 4096
	maxFieldName     = 256
	maxFieldValue    = 1024
	maxFooter        = 2048
	maxAuthor        = 256
	maxEmbedTotal    = 6000
	maxEmbeds        = 10
	maxCustomID      = 100
	maxFields        = 25
	maxChoice        = 100
	maxChoices       = 25
	maxButtonLabel   = 80
	maxRows          = 5
	maxButtonsPerRow = 5
	maxURL           = 2048
	// maxQuoteInTimeline keeps a timeline of several days in one embed.
	maxQuoteInTimeline = 300
	// maxQuoteInList keeps several passages in one message under the total.
	maxQuoteInList = 1400
)

// textLen is how long Discord may count s: its length in UTF-16 code
// units. That is never less than its count of code points, so text that
// fits by this count fits however Discord counts it.
func textLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf { // most of any text: one unit, no decoding
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += utf16.RuneLen(r) // invalid UTF-8 reads as U+FFFD, one unit
		i += size
	}
	return n
}

// truncate cuts s to at most n characters (see textLen), at a word
// boundary where there is one in its second half, with "…"; it never cuts
// inside a grapheme cluster.
func truncate(s string, n int) string {
	if textLen(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	var ends []int // byte offsets after each grapheme that fits in n-1
	used, rest, state := 0, s, -1
	for len(rest) > 0 {
		var cluster string
		cluster, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		used += textLen(cluster)
		if used > n-1 {
			break
		}
		ends = append(ends, len(s)-len(rest))
	}
	if len(ends) == 0 {
		return "…"
	}
	cut := ends[len(ends)-1]
	for i := len(ends) - 1; i > len(ends)/2; i-- {
		if r := lastRune(s[:ends[i]]); unicode.IsSpace(r) {
			cut = ends[i-1]
			break
		}
	}
	return strings.TrimRightFunc(s[:cut], func(c rune) bool { return unicode.IsSpace(c) || c == '\\' }) + "…"
}

func lastRune(s string) rune {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0x80 || s[i] >= 0xC0 {
			return []rune(s[i:])[0]
		}
	}
	return 0
}

// truncateMarkdown cuts rendered markdown to n characters and closes a
// bold span the cut left open.
func truncateMarkdown(s string, n int) string {
	if textLen(s) <= n {
		return s
	}
	out := truncate(s, n-2)
	if strings.Count(strings.ReplaceAll(out, `\*`, ""), "**")%2 == 1 {
		out = strings.TrimSuffix(out, "…") + "…**"
	}
	return out
}

// safeURL is u when Discord accepts it as a link (http or https, at most
// 2,048 characters), else "".
func safeURL(u string) string {
	if u == "" || len(u) > maxURL {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

// embedLen is what counts toward Discord's 6,000-character total.
func embedLen(e *wireEmbed) int {
	n := textLen(e.Title) + textLen(e.Description)
	for _, f := range e.Fields {
		n += textLen(f.Name) + textLen(f.Value)
	}
	if e.Footer != nil {
		n += textLen(e.Footer.Text)
	}
	if e.Author != nil {
		n += textLen(e.Author.Name)
	}
	return n
}

// fitMessage enforces every limit Discord puts on a message, on the
// payload as it will be sent: after markup and escaping. Text that is too
// long is cut, a bad link is dropped, and what cannot be cut (a button
// whose custom_id is too long) is left out.
func fitMessage(m *wireMessage) {
	m.Content = truncate(m.Content, maxContent)
	if len(m.Embeds) > maxEmbeds {
		m.Embeds = m.Embeds[:maxEmbeds]
	}
	for i := range m.Embeds {
		fitEmbed(&m.Embeds[i])
	}
	fitTotal(m.Embeds)
	m.Components = fitRows(m.Components)
}

func fitEmbed(e *wireEmbed) {
	e.Title = truncate(e.Title, maxTitle)
	e.Description = truncateMarkdown(e.Description, maxDescription)
	e.URL = safeURL(e.URL)
	if e.Title == "" {
		e.URL = "" // a link needs a title to sit on
	}
	if e.Footer != nil {
		if e.Footer.Text = truncate(e.Footer.Text, maxFooter); e.Footer.Text == "" {
			e.Footer = nil
		}
	}
	if e.Author != nil {
		e.Author.URL = safeURL(e.Author.URL)
		if e.Author.Name = truncate(e.Author.Name, maxAuthor); e.Author.Name == "" {
			e.Author = nil
		}
	}
	if len(e.Fields) > maxFields {
		e.Fields = e.Fields[:maxFields]
	}
	for i := range e.Fields {
		f := &e.Fields[i]
		f.Name = orDash(truncate(f.Name, maxFieldName))
		f.Value = orDash(truncateMarkdown(f.Value, maxFieldValue))
	}
}

// orDash stands in for an empty field name or value, which Discord refuses.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// fitTotal shrinks the longest texts of a message's embeds until they are
// within Discord's total across all of them.
func fitTotal(embeds []wireEmbed) {
	for range 64 {
		total := 0
		for i := range embeds {
			total += embedLen(&embeds[i])
		}
		over := total - maxEmbedTotal
		if over <= 0 {
			return
		}
		longest, n := (*string)(nil), 0
		for i := range embeds {
			e := &embeds[i]
			for _, p := range []*string{&e.Description, &e.Title} {
				if l := textLen(*p); l > n {
					longest, n = p, l
				}
			}
			for j := range e.Fields {
				if l := textLen(e.Fields[j].Value); l > n {
					longest, n = &e.Fields[j].Value, l
				}
			}
		}
		if longest == nil || n <= 1 {
			return
		}
		*longest = orDash(truncateMarkdown(*longest, max(1, n-over-1)))
	}
}

// fitRows keeps at most five rows of at most five buttons, each with a
// custom_id Discord accepts (or a valid link) and a label within its limit.
func fitRows(rows []wireRow) []wireRow {
	if len(rows) == 0 {
		return nil
	}
	out := make([]wireRow, 0, min(len(rows), maxRows))
	for _, r := range rows {
		kept := make([]wireButton, 0, min(len(r.Components), maxButtonsPerRow))
		for _, b := range r.Components {
			if len(kept) == maxButtonsPerRow {
				break
			}
			if b.URL != "" {
				if b.URL = safeURL(b.URL); b.URL == "" {
					continue
				}
			} else if b.CustomID == "" || len(b.CustomID) > maxCustomID {
				continue
			}
			b.Label = truncate(b.Label, maxButtonLabel)
			kept = append(kept, b)
		}
		if len(kept) > 0 && len(out) < maxRows {
			out = append(out, wireRow{Type: 1, Components: kept})
		}
	}
	return out
}

// fitChoices keeps the autocomplete choices Discord accepts: at most 25,
// each with a name and value of 1–100 characters.
func fitChoices(cs []wireChoice) []wireChoice {
	out := []wireChoice{}
	for _, c := range cs {
		if len(out) == maxChoices {
			break
		}
		if n, v := textLen(c.Name), textLen(c.Value); n < 1 || n > maxChoice || v < 1 || v > maxChoice {
			continue
		}
		out = append(out, c)
	}
	return out
}

// embedSize is embedLen of an embed being built.
func embedSize(e *discordgo.MessageEmbed) int {
	w := toEmbeds([]*discordgo.MessageEmbed{e})
	if len(w) == 0 {
		return 0
	}
	return embedLen(&w[0])
}
