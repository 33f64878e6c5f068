package discord

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/sourcebot/newsbot/internal/answer"
)

func TestQuestionText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<@123> who hacked Sony?", "who hacked Sony?"},
		{"<@!123> <@&456> <#789> act of war @everyone @here", "act of war"},
		{"**act of cyber vandalism** <@1234567> <:blob:789> <a:party_parrot:42>", "**act of cyber vandalism**"},
		{"who said <:thinking:123>act of war?", "who said  act of war?"},
		// Not markup: kept as typed.
		{"email me@example.com <3 <b>", "email me@example.com <3 <b>"},
	}
	for _, tt := range tests {
		if got := questionText(tt.in); got != tt.want {
			t.Errorf("questionText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"the quick brown fox jumps", 12, "the quick…"},
		{"Pyongyang’s statement", 12, "Pyongyang’s…"},
		{strings.Repeat("a", 20), 10, strings.Repeat("a", 9) + "…"},
		{"ends with a backslash \\ here", 24, "ends with a backslash…"},
	}
	for _, tt := range tests {
		got := truncate(tt.in, tt.n)
		if got != tt.want || utf8.RuneCountInString(got) > tt.n {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{"**bold** _it_ ~~s~~ `c` ||sp|| > q # h [l](u) <@1> @everyone @here a\\b", "plain words", "ünï ☃ 🙂"} {
		e := escape(s)
		if strings.Contains(e, "@everyone") || strings.Contains(e, "@here") {
			t.Errorf("escape(%q) = %q still mentions everyone", s, e)
		}
		if got := unescape(e); got != s {
			t.Errorf("unescape(escape(%q)) = %q", s, got)
		}
	}
	if got := clean("a\u202eb\x00c\u2066d\ne"); got != "abcd e" {
		t.Errorf("clean dropped the wrong characters: %q", got)
	}
}

// FuzzCleanFastPath: text clean passes through unread (printable ASCII)
// is what reading it rune by rune gives.
func FuzzCleanFastPath(f *testing.F) {
	fuzzSame(f, "clean", clean, cleanRunes, "", "plain words", "a\tb\nc", "\x7f", "~ }", "caf\u00e9", "a\u202eb", "\xff")
}

func TestHighlightKeepsBoldBalancedWhenCut(t *testing.T) {
	text := strings.Repeat("word ", 50) + "proof at the end"
	spans := []answer.Span{{Start: 0, End: 4}, {Start: len(text) - 16, End: len(text) - 11}}
	got := highlight(text, spans, 40)
	if strings.Count(got, "**")%2 != 0 {
		t.Errorf("highlight cut inside bold: %q", got)
	}
	if !strings.HasPrefix(got, "**word**") || !strings.HasSuffix(got, "…") {
		t.Errorf("highlight = %q", got)
	}
}

func TestCustomIDLimit(t *testing.T) {
	if id := customID(actionCite, strings.Repeat("x", 200)); id != "" {
		t.Errorf("customID over 100 characters = %q, want none", id)
	}
}

func TestLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(2, time.Minute, func() time.Time { return now })
	for n := range 2 {
		if !l.allow("a") {
			t.Fatalf("question %d of 2 was refused", n+1)
		}
	}
	if l.allow("a") {
		t.Error("a third question within the minute was allowed")
	}
	if !l.allow("b") {
		t.Error("another user was limited by the first")
	}
	now = now.Add(30 * time.Second)
	if !l.allow("a") {
		t.Error("half a minute later one question should be allowed again")
	}
	now = now.Add(10 * time.Minute)
	l.allow("c")
	if _, ok := l.users["b"]; ok {
		t.Error("idle users are not forgotten")
	}
}

func TestRateLimitReply(t *testing.T) {
	h := mustHandler(t)
	h.limit = newLimiter(1, time.Minute, time.Now)
	ask := slash(cmdAsk, str(optQuestion, "what did China say about proof?"))
	if resp, _ := h.Handle(context.Background(), ask); resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Fatalf("first question got a private reply: %+v", resp.Data)
	}
	resp, err := h.Handle(context.Background(), ask)
	if err != nil || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(resp.Data.Content, "faster than I can keep up") {
		t.Errorf("second question = %+v, %v; want a friendly private note", resp.Data, err)
	}
	// Buttons and /help are not questions and stay available.
	if resp, _ := h.Handle(context.Background(), slash(cmdHelp)); strings.Contains(resp.Data.Content, "faster") {
		t.Error("/help was rate limited")
	}
}

// TestHandleLogsOneLine checks the log line: command, latency, answered.
func TestHandleLogsOneLine(t *testing.T) {
	var b strings.Builder
	h := mustHandler(t)
	h.log = slog.New(slog.NewTextHandler(&b, nil))
	h.Handle(context.Background(), slash(cmdAsk, str(optQuestion, "what did China say about proof?")))
	h.Handle(context.Background(), slash(cmdAsk, str(optQuestion, "Who won the Super Bowl?")))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2:\n%s", len(lines), b.String())
	}
	for i, want := range []string{"answered=true", "answered=false"} {
		if !strings.Contains(lines[i], "command=ask") || !strings.Contains(lines[i], "latency_ms=") || !strings.Contains(lines[i], want) {
			t.Errorf("log line %d = %q", i, lines[i])
		}
	}
}

func TestDeferredMatchesPrivacy(t *testing.T) {
	tests := []struct {
		name    string
		in      *discordgo.Interaction
		typ     discordgo.InteractionResponseType
		private bool
	}{
		{"public /ask", slash(cmdAsk, str(optQuestion, "q")), discordgo.InteractionResponseDeferredChannelMessageWithSource, false},
		{"private /ask", slash(cmdAsk, str(optQuestion, "q"), boolean(optPrivate, true)), discordgo.InteractionResponseDeferredChannelMessageWithSource, true},
		{"Find source", findSource("claim"), discordgo.InteractionResponseDeferredChannelMessageWithSource, true},
		{"Post citation in channel", button("post|"+proofID, nil), discordgo.InteractionResponseDeferredChannelMessageWithSource, false},
		{"Cite", button("cite|"+proofID, nil), discordgo.InteractionResponseDeferredChannelMessageWithSource, true},
		{"More passages", button("more|"+proofID, nil), discordgo.InteractionResponseDeferredChannelMessageWithSource, true},
		{"a vote updates the answer", button("up|r1", nil), discordgo.InteractionResponseDeferredMessageUpdate, false},
		{"/reload", slash(cmdReload), discordgo.InteractionResponseDeferredChannelMessageWithSource, true},
	}
	for _, tt := range tests {
		d := Deferred(tt.in)
		if d.Type != tt.typ || isPrivate(d) != tt.private {
			t.Errorf("%s: Deferred = type %d, private %v; want type %d, private %v", tt.name, d.Type, isPrivate(d), tt.typ, tt.private)
		}
	}
}
