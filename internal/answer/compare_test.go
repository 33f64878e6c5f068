package answer_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sourcebot/newsbot/internal/answer"
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
