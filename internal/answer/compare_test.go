package answer_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/answer"
	"github.com/sourcebot/newsbot/internal/articles"
)

func TestCompare(t *testing.T) {
	e := mustEngine(t)
	tests := []struct {
		question string
		want     map[string]string // source → start of its passage; "" means nothing on it
	}{
		{"what did China say about cyber terrorism?", map[string]string{
			"Reuters": "“We resolutely oppose all forms of cyberattacks and cyber terrorism",
			"AFP":     `"China opposes cyber attacks and cyber terrorism in all of its forms`,
		}},
		{"what did China say about proof?", map[string]string{
			"Reuters": "China said on Monday (December 22) that it opposed all forms of cyber attacks but there was no proof",
			// AFP never says "proof"; its nearest is China declining to say
			// whether it agrees with Washington's assessment.
			"AFP": "Hua Chunying, a Chinese foreign ministry spokeswoman in Beijing, declined to answer questions directly",
		}},
		{"what did China say about the weather in Paris?", map[string]string{"AFP": "", "Reuters": ""}},
		{"What did Obama say about the attack?", map[string]string{
			"Reuters": "U.S. President Barack Obama and his advisers are weighing how to punish North Korea",
			"AFP":     "US President Barack Obama said Sunday",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			c, err := e.Compare(context.Background(), tt.question)
			if err != nil && !errors.Is(err, answer.ErrNoAnswer) {
				t.Fatal(err)
			}
			if len(c.Sources) != 2 || c.Sources[0].Source != "AFP" || c.Sources[1].Source != "Reuters" {
				t.Fatalf("sources = %+v, want AFP and Reuters", c.Sources)
			}
			for _, sa := range c.Sources {
				want := tt.want[sa.Source]
				switch {
				case want == "" && sa.Found:
					t.Errorf("%s: found %q, want nothing", sa.Source, sa.Best.Passage.Text)
				case want != "" && (!sa.Found || !strings.HasPrefix(sa.Best.Passage.Text, want)):
					t.Errorf("%s: got %q (found %v), want %q…", sa.Source, sa.Best.Passage.Text, sa.Found, want)
				case sa.Found && sa.Best.Article.Source != sa.Source:
					t.Errorf("%s's passage comes from %s", sa.Source, sa.Best.Article.Source)
				}
			}
		})
	}
}

func TestCompareNothing(t *testing.T) {
	e := mustEngine(t)
	c, err := e.Compare(context.Background(), "What is the capital of France?")
	if !errors.Is(err, answer.ErrNoAnswer) || len(c.Sources) != 2 || c.Sources[0].Found || c.Sources[1].Found {
		t.Errorf("Compare = %+v, %v; want every source without an answer", c, err)
	}
	if _, err := e.Compare(context.Background(), "  "); !errors.Is(err, answer.ErrEmptyQuestion) {
		t.Errorf("empty question: %v", err)
	}
}

func TestWhenQuestionsResolveTheDate(t *testing.T) {
	e := mustEngine(t)
	tests := []struct{ question, date, phrase string }{
		{"When did Wang Yi speak with John Kerry?", "2014-12-21", "Sunday"},
		{"When did the FBI conclude that Pyongyang was responsible?", "2014-12-19", "on Friday (December 19)"},
		{"When did the Global Times publish its editorial?", "2014-12-20", "on Saturday"},
	}
	for _, tt := range tests {
		ans, err := e.Ask(context.Background(), tt.question)
		if err != nil {
			t.Errorf("%s: %v", tt.question, err)
			continue
		}
		w := ans.Best.When
		if w == nil || w.Date != tt.date || !strings.Contains(w.Phrase, tt.phrase) {
			t.Errorf("%s: When = %+v in %q, want %s (%q)", tt.question, w, ans.Best.Passage.Text, tt.date, tt.phrase)
		}
	}
	ans, err := e.Ask(context.Background(), "what did China say about proof?")
	if err != nil || ans.Best.When != nil {
		t.Errorf("a question that does not ask when got When = %+v (%v)", ans.Best.When, err)
	}
}

// TestCompareHeldout asserts what a user needs from the comparisons that
// cmd/bot's compare_heldout.golden records over the two unseen Tasman
// Mobile articles: each source's own passage where it answers, and where
// it does not, no passage or one the bot marks as the closest it found
// (under 0.25, which /compare shows as "Closest passage I found — it may
// not answer this"). The golden file freezes the layout; this test says
// which of its passages are right.
func TestCompareHeldout(t *testing.T) {
	lib, err := articles.Load(context.Background(), "../../testdata/heldout/articles")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	e := lib.Engine
	const closest = 0.25 // below it, /compare says the passage may not answer
	tests := []struct {
		question string
		// source → a phrase its passage must hold; "" means no passage, or
		// one marked as the closest found.
		want map[string]string
	}{
		{"What did Daniel Whitcombe say?", map[string]string{
			"AFP":     "would reimburse any customer",
			"Reuters": "“We are deeply sorry.",
		}},
		// Reuters names no suspect; what its police said is that officers
		// were examining the breach, with no further details.
		{"what did the police say about a suspect?", map[string]string{
			"AFP":     "The Australian Federal Police said the suspect",
			"Reuters": "A police spokeswoman confirmed officers were examining the breach but gave no further details",
		}},
		// Neither article is about Sony. A known miss: Reuters' "declined to
		// say who was behind the attack" passes the bar (0.12), though "Sony"
		// is in no passage; a hard rule on a name no passage says cost SQuAD
		// more than it gained (see the commit that added this test). The
		// user is at least told it may not answer.
		{"Who was behind the attack on Sony?", map[string]string{"AFP": "", "Reuters": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			c, err := e.Compare(context.Background(), tt.question)
			if err != nil && !errors.Is(err, answer.ErrNoAnswer) {
				t.Fatal(err)
			}
			if len(c.Sources) != 2 || c.Sources[0].Source != "AFP" || c.Sources[1].Source != "Reuters" {
				t.Fatalf("Compare(%q) sources = %+v, want AFP and Reuters", tt.question, c.Sources)
			}
			for _, sa := range c.Sources {
				want := tt.want[sa.Source]
				switch {
				case sa.Found && sa.Best.Article.Source != sa.Source:
					t.Errorf("%s's passage comes from %s", sa.Source, sa.Best.Article.Source)
				case want == "" && sa.Found && sa.Best.Confidence >= closest:
					t.Errorf("%s: found %q at confidence %.2f, want no passage or one under %.2f", sa.Source, sa.Best.Passage.Text, sa.Best.Confidence, closest)
				case want != "" && (!sa.Found || !strings.Contains(sa.Best.Passage.Text, want)):
					t.Errorf("%s: got %q (found %v), want a passage with %q", sa.Source, sa.Best.Passage.Text, sa.Found, want)
				}
			}
		})
	}
}
