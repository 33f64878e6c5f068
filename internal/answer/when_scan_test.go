package answer

import (
	"regexp"
	"testing"
)

// whenRE is what asksWhen scans for by hand.
var whenRE = regexp.MustCompile(`(?i)\bwhen\b|\bwhat (?:day|date|time)\b|\bon which day\b`)

var whenCases = []string{
	"", "When did the FBI blame North Korea?", "when", "WHEN?", "whenever", "somewhen", "_when", "when_", "2when", "éwhen",
	"what day is it", "What Date", "what time?", "what  day", "what dayx", "what days", "On which day", "on which days",
	"on  which day", "what did Obama say?", "wHeN\xff", "says when.", "what timely", "xwhat day", "what-day",
}

func TestAsksWhenMatchesTheExpression(t *testing.T) {
	for _, q := range whenCases {
		if got, want := asksWhen(q), whenRE.MatchString(q); got != want {
			t.Errorf("asksWhen(%q) = %v, want %v", q, got, want)
		}
	}
}

func FuzzAsksWhen(f *testing.F) {
	for _, q := range whenCases {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if got, want := asksWhen(q), whenRE.MatchString(q); got != want {
			t.Errorf("asksWhen(%q) = %v, want %v", q, got, want)
		}
	})
}
