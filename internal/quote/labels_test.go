package quote

import (
	"strings"
	"testing"
)

// TestLabelsAndDenials: a fragment the sentence gives to someone else ("as
// X called it") is theirs, not the reporting clause's speaker; a fragment
// under a negation in reported speech is credited to no one, with a Doubt;
// a negation inside the quotation, or in another clause, changes nothing.
// The cases are the seed article's and testdata/labels, written for this.
func TestLabelsAndDenials(t *testing.T) {
	tests := []struct {
		quote, speaker string
		doubt          string // a substring of Doubt; "" wants none
	}{
		// … did not think the closure was "…", as the union called it.
		{"a death sentence for the fleet", "the fishermen's union", ""},
		// … "…", as locals have long called it: who they are is not said.
		{"vanity project", "", `someone else's ("as locals have long called it")`},
		// Ruiz said she never believed the wall was "…".
		{"money down the drain", "", `under "never" in what Ana Ruiz is reported to have said`},
		// Voss said the council had no proof that the storm was "…".
		{"a once-in-a-century event", "", `under "no" in what Lena Voss`},
		// Patel attacked what the harbour trust described as "…".
		{"a sensible pause", "the harbour trust", ""},
		// The negation is inside the quotation: the words are Voss's.
		{"We will not reopen the harbour this winter", "Lena Voss", ""},
		// The negation is in a clause of its own, before the verb.
		{"the right call for now", "Raj Patel", ""},
		// "…", as Voss had called them: Voss, not Ruiz, who reports them.
		{"overdue", "Lena Voss", ""},
	}
	ix := New(mustLoad(t, "testdata/labels"))
	for _, tt := range tests {
		best, _, err := ix.Find(tt.quote)
		if err != nil {
			t.Errorf("Find(%q): %v", tt.quote, err)
			continue
		}
		a := best.Attribution
		if best.Quote != tt.quote || a.Speaker != tt.speaker {
			t.Errorf("Find(%q) = %q by %q, want %q by %q", tt.quote, best.Quote, a.Speaker, tt.quote, tt.speaker)
		}
		if tt.doubt == "" && a.Doubt != "" || !strings.Contains(a.Doubt, tt.doubt) {
			t.Errorf("Find(%q).Doubt = %q, want %q in it", tt.quote, a.Doubt, tt.doubt)
		}
	}
}

// TestActOfWarIsNotObamas: the seed article's `Obama said … he did not
// think the attack was an "act of war", as some Republican lawmakers have
// labelled it`: the words are the lawmakers', and Obama keeps the bare
// quotation of the next paragraph.
func TestActOfWarIsNotObamas(t *testing.T) {
	ix := New(mustLoad(t, "real"))
	for _, tt := range []struct{ text, quote, speaker string }{
		{"act of war", "act of war", "some Republican lawmakers"},
		{"act of cyber vandalism", "I think it was an act of cyber vandalism", "Barack Obama"},
	} {
		best, _, err := ix.Find(tt.text)
		if err != nil {
			t.Fatalf("Find(%q): %v", tt.text, err)
		}
		if !strings.HasPrefix(best.Quote, tt.quote) || best.Attribution.Speaker != tt.speaker {
			t.Errorf("Find(%q) = %q by %q, want %q… by %q", tt.text, best.Quote, best.Attribution.Speaker, tt.quote, tt.speaker)
		}
	}
}
