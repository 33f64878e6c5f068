package text

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Möngke Khan", "Mongke Khan"},
		{"Zürich", "Zurich"},
		{"Île-de-France", "Ile-de-France"},
		{"Straße", "Strasse"},
		{"Ørsted", "Orsted"},
		{"Łódź", "Lodz"},
		{"ﬁnance", "finance"}, // ligature (NFKC)
		{"ＡＢＣ", "ABC"},        // full width (NFKC)
		{"Obama’s “vandalism”", `Obama's "vandalism"`},
		{"1914–1918 — war", "1914-1918 - war"},
		{"北京", "北京"}, // no ASCII form: kept
		{"plain ascii", "plain ascii"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldASCIIDoesNotAllocate(t *testing.T) {
	s := "what did China say about proof?"
	if n := testing.AllocsPerRun(100, func() { _ = Fold(s) }); n != 0 {
		t.Errorf("Fold of ASCII text allocates %v times", n)
	}
}
