package discord

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/corpus"
)

// noMentions is set on every message: the bot never pings anyone.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`, `>`, `\>`, `<`, `\<`,
	`#`, `\#`, `[`, `\[`, `]`, `\]`, `-`, `\-`, `:`, `\:`,
	// A zero-width space keeps "@everyone" from reading as a mention even
	// where allowed_mentions would not apply.
	"@", "@\u200b",
)

// escape makes user or article text display literally in Discord markdown.
func escape(s string) string { return markdownEscaper.Replace(clean(s)) }

// clean drops control and direction-override characters from text that is
// shown back to users.
func clean(s string) string {
	if printableASCII(s) { // most text: nothing to drop, and no rune to decode
		return s
	}
	return cleanRunes(s)
}

// cleanRunes is clean, rune by rune.
func cleanRunes(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case unicode.IsControl(r), r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
			return -1
		}
		return r
	}, s)
}

// printableASCII reports whether s is all printable ASCII, which clean
// leaves as it is.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// plain is clean text with mentions defused, for places Discord does not
// render markdown (footers, field names, choices).
func plain(s string) string { return strings.ReplaceAll(clean(s), "@", "@\u200b") }

// highlight renders a passage word for word, escaped, with the spans that
// matched the question in bold, in at most limit characters as sent: the
// text is cut until its markup and escapes fit too, and bold markers are
// never split.
func highlight(text string, spans []answer.Span, limit int) string {
	cut := limit
	for {
		out := renderHighlight(text, spans, cut)
		over := textLen(out) - limit
		if over <= 0 || cut <= 1 {
			return out
		}
		cut = max(1, cut-over)
	}
}

// renderHighlight cuts text to limit characters, then adds the markup.
func renderHighlight(text string, spans []answer.Span, limit int) string {
	short := truncate(text, limit)
	end := len(short)
	if short != text {
		end = len(short) - len("…")
	}
	var b strings.Builder
	pos := 0
	for _, s := range mergeSpans(text, spans) {
		if s.Start < pos || s.End > end || s.Start >= s.End {
			continue
		}
		b.WriteString(escape(text[pos:s.Start]))
		b.WriteString("**" + escape(text[s.Start:s.End]) + "**")
		pos = s.End
	}
	b.WriteString(escape(short[pos:]))
	return b.String()
}

// mergeSpans joins spans that only white space separates, so a name reads
// "**Wang Yi**", not "**Wang** **Yi**".
func mergeSpans(text string, spans []answer.Span) []answer.Span {
	var out []answer.Span
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start >= out[n-1].End && strings.TrimSpace(text[out[n-1].End:s.Start]) == "" {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// mentionRE is Discord's chat markup that is not the user's words: user,
// role and channel mentions, @everyone and @here, and custom emoji
// (<:name:id>, animated <a:name:id>).
var mentionRE = regexp.MustCompile(`<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b|<a?:\w+:\d+>`)

// questionText is what a user typed, without the mentions and custom
// emoji in it: they address people or decorate, they don't ask anything.
// It is the only place Discord markup is removed; the engine and the
// quotation finder get clean text. Every piece of that markup starts with
// '<' or '@': text without either (most questions) skips the expression.
func questionText(s string) string {
	if strings.ContainsAny(s, "<@") {
		s = mentionRE.ReplaceAllString(s, " ")
	}
	return strings.TrimSpace(s)
}

// unescape reverses escape, for reading a question back from a footer.
func unescape(s string) string {
	s = strings.ReplaceAll(s, "@\u200b", "@")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// dateOr shows a missing date plainly.
func dateOr(a *corpus.Article) string {
	if a.Date == "" {
		return "undated"
	}
	return a.Date
}

// dayName is "Friday 19 December 2014" for 2014-12-19.
func dayName(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.Format("Monday 2 January 2006")
}

// sourceOf shows a missing source plainly.
func sourceOf(a *corpus.Article) string { return orUnknown(a.Source) }

func orUnknown(source string) string {
	if source == "" {
		return "unknown source"
	}
	return source
}

const footerPrefix = "Question: "

// passageEmbed shows one passage with its citation. footer is shown as is.
func passageEmbed(r answer.Result, limit int, footer string) *discordgo.MessageEmbed {
	a := r.Article
	e := &discordgo.MessageEmbed{
		Title:       truncate(plain(a.Title), maxTitle),
		URL:         safeURL(a.URL),
		Description: highlight(r.Passage.Text, r.Highlights, limit),
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Source", Value: escape(sourceOf(a)), Inline: true},
			{Name: "Date", Value: dateOr(a), Inline: true},
		},
	}
	if r.Confidence > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Confidence", Value: confidenceWords(r.Confidence), Inline: true})
	}
	if r.Passage.Kind == corpus.Caption {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Kind", Value: "Photo caption", Inline: true})
	}
	if r.When != nil {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "When", Value: truncate(dayName(r.When.Date)+" (“"+plain(r.When.Phrase)+"”)", maxFieldValue), Inline: true})
	}
	if footer != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(footer, maxFooter)}
	}
	return e
}

// Confidence bands, as the README explains them to teachers: on held-out
// news questions most answers in every band were right; on SQuAD's
// adversarial mix, answers at 0.5 and up about half the time.
const (
	sureAt   = 0.5
	likelyAt = 0.25
)

// confidenceWords says in words how far to trust an answer.
func confidenceWords(c float64) string {
	switch {
	case c >= sureAt:
		return "Sure"
	case c >= likelyAt:
		return "Likely"
	}
	return "Closest passage I found — it may not answer this"
}

// questionFooter names the question under an answer; it is how the
// "More passages" button finds the question again, with no state kept.
func questionFooter(q string) string { return truncate(footerPrefix+plain(q), 512) }

// shortCitation is `Source, YYYY-MM-DD: "quote"`.
func shortCitation(r answer.Result, quoteLimit int) string {
	return fmt.Sprintf("%s, %s: \"%s\"", sourceOf(r.Article), dateOr(r.Article), truncate(r.Passage.Text, quoteLimit))
}

// referenceCitation is `Outlet, “Headline”, YYYY-MM-DD. URL`.
func referenceCitation(a *corpus.Article) string {
	s := fmt.Sprintf("%s, “%s”, %s.", sourceOf(a), truncate(a.Title, maxTitle), dateOr(a))
	if u := safeURL(a.URL); u != "" {
		s += " " + u
	}
	return s
}

// codeBlock shows text for copying; fences inside it are broken up.
func codeBlock(s string) string {
	return "```\n" + strings.ReplaceAll(clean(s), "```", "`\u200b``") + "\n```"
}

// citationContent is the Cite button's reply: both forms, ready to paste.
func citationContent(r answer.Result) string {
	ref := codeBlock(referenceCitation(r.Article))
	head := "**Short citation**\n"
	mid := "\n**Reference**\n"
	room := maxContent - textLen(head+mid+ref) - len("```\n\n```") - 40
	return head + codeBlock(shortCitation(r, max(40, room))) + mid + ref
}

// coverage names what the articles cover, for a reply with no answer.
func coverage(arts []corpus.Article, limit int) string {
	var b strings.Builder
	for i, a := range arts {
		line := fmt.Sprintf("• %s (%s, %s)\n", escape(a.Title), escape(sourceOf(&a)), dateOr(&a))
		if b.Len()+len(line) > limit-40 {
			fmt.Fprintf(&b, "…and %d more.\n", len(arts)-i)
			break
		}
		b.WriteString(line)
	}
	return b.String()
}

// customID builds a button ID, or "" when it would not fit Discord's limit.
func customID(action, passageID string) string {
	id := action + "|" + passageID
	if len(id) > maxCustomID {
		return ""
	}
	return id
}
