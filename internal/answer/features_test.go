package answer

import "testing"

// TestHoldsDate checks the answer-type feature of "when" questions: a
// passage holds a date when it names a day the timeline would date, a year
// or a century, and the question does not already say it.
func TestHoldsDate(t *testing.T) {
	tests := []struct {
		question, passage string
		want              bool
	}{
		{"When did the FBI decide?", "the FBI concluded on Friday (December 19) that Pyongyang was responsible", true},
		{"When did Wang Yi speak?", "Wang Yi spoke Sunday by telephone", true},
		{"When did it happen?", "It happened yesterday, officials said.", true},
		{"When was the abbey founded?", "The abbey was founded in 1066.", true},
		{"When did the style spread?", "It spread in the 11th century.", true},
		{"When did it start?", "BEIJING, Dec 22 (Reuters) - China said it opposed hacking.", false},
		{"When was it reported?", "The Sunday Times reported the hack.", false},
		{"When do sales peak?", "Sales peak on Black Friday.", false},
		{"When did Theresa May speak?", "Theresa May spoke to reporters.", false},
		{"When will they meet?", "They meet this Friday.", false},
		{"When did the march begin?", "Protesters may march through the city.", false},
		// The question already says the day: nothing new is named.
		{"What happened on Friday?", "The FBI spoke on Friday.", false},
		{"What happened on December 19?", "the FBI concluded on Friday (December 19)", true},
		{"What happened in 2014?", "Sony was hacked in 2014.", false},
	}
	for _, tt := range tests {
		got := holds(kindDate, tt.passage, questionWords(tt.question))
		if got != tt.want {
			t.Errorf("holds(date, %q) for %q = %v, want %v", tt.passage, tt.question, got, tt.want)
		}
	}
}
