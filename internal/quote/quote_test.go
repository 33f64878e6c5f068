package quote

import (
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sourcebot/newsbot/data"
	"github.com/sourcebot/newsbot/internal/badinput"
	"github.com/sourcebot/newsbot/internal/corpus"
)

// The corpora the tests read: the bot's own articles, the held-out Tasman
// Mobile articles (another event, other speakers) and the synthetic
// article in testdata/articles, written to hold every attribution style.
const (
	heldoutDir   = "../../testdata/heldout/articles"
	syntheticDir = "testdata/articles"
)

// mustLoad loads the articles of fsys, failing on any file it skips.
func mustLoad(tb testing.TB, name string) []corpus.Article {
	tb.Helper()
	var (
		as      []corpus.Article
		skipped []corpus.Skipped
		err     error
	)
	if name == "real" {
		as, skipped, err = corpus.Load(data.FS)
	} else {
		as, skipped, err = corpus.Load(os.DirFS(name))
	}
	if err != nil {
		tb.Fatalf("corpus.Load(%s): %v", name, err)
	}
	if len(skipped) > 0 || len(as) == 0 {
		tb.Fatalf("corpus.Load(%s): skipped %v, loaded %d", name, skipped, len(as))
	}
	return as
}

var (
	indexOnce sync.Once
	allIndex  *Index
)

// mustIndex is one Index over all three corpora, built once: Find must
// tell apart quotations from all of them.
func mustIndex(tb testing.TB) *Index {
	tb.Helper()
	indexOnce.Do(func() {
		var as []corpus.Article
		for _, c := range []string{"real", heldoutDir, syntheticDir} {
			as = append(as, mustLoad(tb, c)...)
		}
		allIndex = New(as)
	})
	return allIndex
}

// findCase is the user's words and the quotation and attribution Find must
// give. role, how and source are checked when not empty.
type findCase struct {
	text     string
	quote    string // the start of the best match's Quote
	speaker  string
	role     string
	how      string
	source   string
	fragment bool
}

func runFindCases(t *testing.T, cases []findCase) {
	t.Helper()
	ix := mustIndex(t)
	for _, tt := range cases {
		t.Run(badinput.Name(tt.text), func(t *testing.T) {
			best, _, err := ix.Find(tt.text)
			if err != nil {
				t.Fatalf("Find(%q): %v", tt.text, err)
			}
			checkMatch(t, best)
			a := best.Attribution
			if !strings.HasPrefix(best.Quote, tt.quote) {
				t.Errorf("Find(%q).Quote = %q, want it to start %q", tt.text, best.Quote, tt.quote)
			}
			if a.Speaker != tt.speaker {
				t.Errorf("Find(%q).Speaker = %q, want %q", tt.text, a.Speaker, tt.speaker)
			}
			if tt.role != "" && a.Role != tt.role {
				t.Errorf("Find(%q).Role = %q, want %q", tt.text, a.Role, tt.role)
			}
			if tt.how != "" && a.How != tt.how {
				t.Errorf("Find(%q).How = %q, want %q", tt.text, a.How, tt.how)
			}
			if tt.source != "" && best.Article.Source != tt.source {
				t.Errorf("Find(%q).Article.Source = %q, want %q", tt.text, best.Article.Source, tt.source)
			}
			if best.Fragment != tt.fragment {
				t.Errorf("Find(%q).Fragment = %v, want %v", tt.text, best.Fragment, tt.fragment)
			}
			if best.Similarity < Threshold {
				t.Errorf("Find(%q).Similarity = %.3f, below Threshold %.2f", tt.text, best.Similarity, Threshold)
			}
		})
	}
}

// checkMatch checks what every match must hold.
func checkMatch(t testing.TB, m Match) {
	t.Helper()
	if m.Article == nil {
		t.Fatalf("match %q has no Article", m.Quote)
	}
	if m.Start < 0 || m.End > len(m.Passage.Text) || m.Start > m.End || m.Passage.Text[m.Start:m.End] != m.Quote {
		t.Errorf("match %q: Passage.Text[%d:%d] is not the Quote", m.Quote, m.Start, m.End)
	}
	if m.Similarity < 0 || m.Similarity > 1 {
		t.Errorf("match %q: Similarity %v outside 0..1", m.Quote, m.Similarity)
	}
}

// TestFindReal covers the bot's two articles on the Sony hack.
func TestFindReal(t *testing.T) {
	runFindCases(t, []findCase{
		// dismissed as "…" by China's Global Times newspaper in an editorial
		{text: "senseless cultural arrogance", quote: "senseless cultural arrogance", speaker: "the Global Times",
			role: "China's Global Times newspaper", how: "in an editorial", source: "AFP", fragment: true},
		// A bare quotation paragraph: the speaker is in the paragraph before.
		{text: "act of cyber vandalism", quote: "I think it was an act of cyber vandalism", speaker: "Barack Obama",
			role: "US President", how: "in an interview with CNN", source: "AFP"},
		// "…," Foreign Ministry spokeswoman Hua Chunying told a regular news conference in Beijing.
		{text: "We resolutely oppose all forms of cyberattacks and cyber terrorism", quote: "We resolutely oppose",
			speaker: "Hua Chunying", role: "Foreign Ministry spokeswoman", how: "at a regular news conference in Beijing", source: "Reuters"},
		// "…," the statement said: the statement is the foreign ministry's,
		// which the paragraph before reports as speaking.
		{text: "China opposes cyber attacks and cyber terrorism in all of its forms", quote: "China opposes cyber attacks",
			speaker: "China's foreign ministry", how: "in a statement", source: "AFP"},
		// China "opposes …," it said. — "it" is the statement.
		{text: "opposes any country or individual using facilities in other countries", quote: "opposes any country",
			speaker: "China's foreign ministry", how: "in a statement", source: "AFP", fragment: true},
		// Obama said … he did not think the attack was an "act of war", as
		// some Republican lawmakers have labelled it: the label is theirs,
		// not Obama's (see the package comment and TestLabelsAndDenials).
		{text: "act of war", quote: "act of war", speaker: "some Republican lawmakers", source: "AFP", fragment: true},
		// She added Chinese Foreign Minister Wang Yi "reaffirmed …": "she" is Hua.
		{text: "reaffirmed China's relevant position", quote: "reaffirmed China", speaker: "Hua Chunying",
			role: "Foreign Ministry spokeswoman", source: "Reuters", fragment: true},
		// A film title: no speaker rather than a wrong one.
		{text: "The Interview", quote: "The Interview", speaker: ""},
		// The scare-quoted term is the one quotation that is all of it.
		{text: "cyber terrorism", quote: "cyber terrorism", speaker: "China's foreign minister",
			how: "in talks with his American counterpart", source: "AFP", fragment: true},
		{text: "we take it very seriously", quote: "I think it was", speaker: "Barack Obama"},

		// Partial and misremembered words.
		{text: "cultural arrogance", quote: "senseless cultural arrogance", speaker: "the Global Times", fragment: true},
		{text: "senseless arrogance", quote: "senseless cultural arrogance", speaker: "the Global Times", fragment: true},
		{text: "senseles cultural arogance", quote: "senseless cultural arrogance", speaker: "the Global Times", fragment: true},
		{text: "cultural senseless arrogance", quote: "senseless cultural arrogance", speaker: "the Global Times", fragment: true},
		{text: "“Senseless, CULTURAL arrogance!”", quote: "senseless cultural arrogance", speaker: "the Global Times", fragment: true},
		{text: "an act of cyber-vandalism", quote: "I think it was an act of cyber vandalism", speaker: "Barack Obama"},
		{text: "act of cybervandalism", quote: "I think it was an act of cyber vandalism", speaker: "Barack Obama"},
		{text: "cyber vandalism very costly", quote: "I think it was an act of cyber vandalism", speaker: "Barack Obama"},
		{text: `"an act of cyber vandalism that was very costly"`, quote: "I think it was an act of cyber vandalism", speaker: "Barack Obama"},
		{text: `'act of cyber vandalism'`, quote: "I think it was an act of cyber vandalism", speaker: "Barack Obama"},
		{text: "ACT OF CYBER VANDALISM!!!", quote: "I think it was an act of cyber vandalism", speaker: "Barack Obama"},
		{text: `who said "act of cyber vandalism"?`, quote: "I think it was an act of cyber vandalism", speaker: "Barack Obama"},
		// Markdown needs no care (words are read); Discord mentions and
		// emoji are removed before Find by internal/discord (questionText).
		{text: "**act of cyber vandalism**", quote: "I think it was an act of cyber vandalism", speaker: "Barack Obama"},
		{text: "we resolutely oppose all forms of cyber attacks", quote: "We resolutely oppose", speaker: "Hua Chunying"},
		{text: "china opposes cyberattacks and cyberterrorism in all its forms", quote: "China opposes cyber attacks", speaker: "China's foreign ministry"},
		// Unquoted text that says what a quotation says is that quotation.
		{text: "it opposed all forms of cyber attacks", quote: "We resolutely oppose", speaker: "Hua Chunying"},
	})
}

// TestFindHeldout covers the Tasman Mobile articles, written independently
// of the code, about another event with other speakers.
func TestFindHeldout(t *testing.T) {
	runFindCases(t, []findCase{
		// "…," Chief Executive Daniel Whitcombe told reporters in Sydney.
		{text: "we are deeply sorry", quote: "We are deeply sorry", speaker: "Daniel Whitcombe", role: "Chief Executive",
			how: "to reporters in Sydney", source: "Reuters"},
		{text: "our customers trusted us with their information and we let them down", quote: "We are deeply sorry", speaker: "Daniel Whitcombe"},
		{text: "will pay for identity protection", quote: "We are deeply sorry", speaker: "Daniel Whitcombe"},
		// Privacy Commissioner Helen Marr said … taken "reasonable steps" …
		{text: "reasonable steps", quote: "reasonable steps", speaker: "Helen Marr", role: "Privacy Commissioner", source: "Reuters", fragment: true},
		// A bare quotation after "Whitcombe rejected calls …": the surname is
		// the Daniel Whitcombe named earlier, with the role given there.
		{text: "I am not going anywhere", quote: "I am not going anywhere", speaker: "Daniel Whitcombe",
			role: "Tasman Mobile chief executive", source: "AFP"},
		{text: "i'm not going anywhere", quote: "I am not going anywhere", speaker: "Daniel Whitcombe"},
		{text: "make sure it never happens again", quote: "I am not going anywhere", speaker: "Daniel Whitcombe"},
		// "…," said Mia Castellano of the Canberra Cyber Policy Institute.
		{text: "leave the side door wide open", quote: "Companies spend millions", speaker: "Mia Castellano",
			role: "of the Canberra Cyber Policy Institute", source: "AFP"},
		{text: "companies spend millions protecting the front door", quote: "Companies spend millions", speaker: "Mia Castellano"},
	})
}

// TestFindSynthetic covers testdata/articles/020_wellsby_flood.txt, one
// quotation for each attribution style.
func TestFindSynthetic(t *testing.T) {
	runFindCases(t, []findCase{
		// X said: "…"
		{text: "cannot ask people to rebuild their lives", quote: "We cannot ask", speaker: "Ellen Okafor", role: "Mayor"},
		// "…," Okafor told reporters: a surname, resolved.
		{text: "the most important vote this council has taken", quote: "This is the most important vote", speaker: "Ellen Okafor",
			role: "Mayor", how: "to reporters"},
		// She added that … "…"
		{text: "finished before the next storm season", quote: "finished before", speaker: "Ellen Okafor", fragment: true},
		// X told local radio station 3WB the plan was "…"
		{text: "a very expensive way of pretending to act", quote: "a very expensive way", speaker: "Raj Patel",
			role: "Opposition councillor", how: "to local radio station 3WB", fragment: true},
		// "…," said Patel, who …  and the quotation that continues it.
		{text: "it's a scandal", quote: "It's a scandal", speaker: "Raj Patel", role: "Opposition councillor"},
		{text: "nobody has asked what happens to the beach", quote: "Nobody has asked", speaker: "Raj Patel"},
		// X said in a statement that … "…"; then "…," the statement said.
		{text: "long overdue", quote: "long overdue", speaker: "the Harbour Residents Association", how: "in a statement", fragment: true},
		{text: "nobody wants higher rates", quote: "Nobody wants higher rates", speaker: "the Harbour Residents Association", how: "in a statement"},
		// …, according to engineering firm Calder Moss.
		{text: "cut flood damage by two thirds", quote: "cut flood damage", speaker: "Calder Moss", role: "engineering firm", fragment: true},
		// X told CNN "…"
		{text: "there will be no blank cheques", quote: "there will be no blank cheques", speaker: "Graham Lowe",
			role: "Emergency services minister", how: "to CNN", fragment: true},
		// A bare quotation in curly single quotes after "Dr Amira Haddad, …, was more cautious."
		{text: "walls buy time", quote: "Walls buy time", speaker: "Amira Haddad", role: "the council's own flood scientist"},
		// "…," she said. "…"
		{text: "the sea is still rising", quote: "The sea is still rising", speaker: "Amira Haddad"},
		{text: "we will be back here in thirty years", quote: "We will be back here", speaker: "Amira Haddad"},
		// "…?" asked X, a fisherman whose boat sank …
		{text: "what are we waiting for", quote: "What are we waiting for?", speaker: "Tom Reyes", role: "a fisherman"},
		// dismissed as '…' by X in an editorial
		{text: "a sticking plaster", quote: "a sticking plaster", speaker: "the Wellsby Gazette", how: "in an editorial", fragment: true},
		// A song title and a nickname: quotations without a speaker.
		{text: "Harbour Rising", quote: "Harbour Rising", speaker: ""},
		{text: "the moat", quote: "the moat", speaker: ""},
		// In what one engineer called "…"
		{text: "the cheapest insurance the town will ever buy", quote: "the cheapest insurance", speaker: "one engineer", fragment: true},
		// "…," it said. — "it" is the authority.
		{text: "safety comes first", quote: "Safety comes first", speaker: "the Wellsby Port Authority"},
	})
}

// notFound are words Find must not match: sentences of the articles that
// are not inside quotation marks, and famous lines that are in none.
var notFound = []string{
	// real articles, outside quotation marks
	"no proof yet that North Korea was responsible for the hacking of Sony Pictures",
	"China is North Korea's only major ally",
	"weighing how to punish North Korea",
	"punish North Korea",
	"The film about a fictional CIA plot to kill the country's leader",
	"declined to answer questions directly",
	"the attack on Sony could have used Chinese servers",
	"as some Republican lawmakers have labelled it",
	"China condemns cyber terrorism in wake of Sony attack",
	"a senior US administration official told AFP",
	// held-out articles, outside quotation marks
	"hackers had stolen the names, addresses and dates of birth",
	"Fraudsters often use stolen dates of birth and addresses",
	"the largest data breach in the country's history",
	"a fine of up to Aus$1.7 million",
	"no credit card numbers or passwords had been taken",
	"advertised for sale on an underground forum",
	// synthetic article, outside quotation marks
	"voted on Tuesday to build a four-kilometre flood wall",
	// in no article
	"to be or not to be",
	"I have a dream",
	"ask not what your country can do for you",
	"the only thing we have to fear is fear itself",
	"taken reasonable steps to protect personal information",
	"war",
	"China",
}

func TestFindNotFound(t *testing.T) {
	ix := mustIndex(t)
	for _, text := range notFound {
		best, _, err := ix.Find(text)
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Find(%q) = %q (%s, %.3f), %v; want ErrNotFound", text, best.Quote, best.Passage.ID, best.Similarity, err)
		}
	}
}

// TestThreshold is the evidence for Threshold: every misquotation the
// tests expect to match scores above it and every text that must not match
// scores below it, with room on both sides. It logs the scores (go test
// -v) so that a change to the matching shows how the margin moves.
func TestThreshold(t *testing.T) {
	ix := mustIndex(t)
	lowest := 1.0
	for _, text := range []string{
		"senseless arrogance", "cultural senseless arrogance", "senseles cultural arogance", "cyber vandalism very costly",
		"i'm not going anywhere", "china opposes cyberattacks and cyberterrorism in all its forms",
		"our customers trusted us with their information and we let them down",
	} {
		hits, err := ix.search(text, 0)
		if err != nil || len(hits) == 0 {
			t.Fatalf("search(%q) = %v, %v; want a match", text, hits, err)
		}
		t.Logf("match    %.3f %q", hits[0].sim, text)
		lowest = min(lowest, hits[0].sim)
	}
	highest := 0.0
	for _, text := range notFound {
		hits, err := ix.search(text, 0)
		if err != nil {
			t.Fatalf("search(%q): %v", text, err)
		}
		sim := 0.0
		if len(hits) > 0 {
			sim = hits[0].sim
		}
		t.Logf("no match %.3f %q", sim, text)
		highest = max(highest, sim)
	}
	t.Logf("lowest match %.3f, highest non-match %.3f, Threshold %.2f", lowest, highest, Threshold)
	if lowest-Threshold < 0.04 || Threshold-highest < 0.04 {
		t.Errorf("Threshold %.2f is not clear of both sides: lowest match %.3f, highest non-match %.3f", Threshold, lowest, highest)
	}
}

// TestFindOthers checks that a quotation printed in both articles comes
// back twice, and that the others are ranked and pass Threshold too.
func TestFindOthers(t *testing.T) {
	ix := mustIndex(t)
	best, others, err := ix.Find("The Interview")
	if err != nil {
		t.Fatalf("Find: %v", err)
	}
	if len(others) != 1 || others[0].Quote != "The Interview" || others[0].Article == best.Article {
		t.Fatalf("Find(The Interview) others = %v, want the other article's copy", others)
	}
	_, others, err = ix.Find("cyber terrorism")
	if err != nil {
		t.Fatalf("Find: %v", err)
	}
	if len(others) == 0 || len(others) > maxOthers {
		t.Fatalf("Find(cyber terrorism) gave %d others, want 1..%d", len(others), maxOthers)
	}
	prev := 1.0
	for _, o := range others {
		checkMatch(t, o)
		if o.Similarity < Threshold || o.Similarity > prev {
			t.Errorf("other %q: Similarity %.3f out of order or below Threshold", o.Quote, o.Similarity)
		}
		prev = o.Similarity
	}
}

// TestFindBadInput runs the bot's shared table of bad input and a few more:
// each must give a match, ErrNotFound or ErrBadInput, and never panic.
func TestFindBadInput(t *testing.T) {
	ix := mustIndex(t)
	inputs := badinput.MustLoad(t, "../../testdata/bad_questions.txt")
	inputs = append(inputs,
		"", "\xff", `""`, `"`, "“", "‘’", strings.Repeat("a", MaxRunes+1), strings.Repeat("é", MaxRunes),
		strings.Repeat("act of war ", 360), "title:arrogance AND cultural^2", "<@&123> <#456> <:blob:789> @here",
	)
	for _, in := range inputs {
		best, others, err := ix.Find(in)
		switch {
		case err == nil:
			checkMatch(t, best)
			for _, o := range others {
				checkMatch(t, o)
			}
		case errors.Is(err, ErrNotFound), errors.Is(err, ErrBadInput):
		default:
			t.Errorf("Find(%s): unexpected error %v", badinput.Name(in), err)
		}
	}
	for _, tt := range []struct {
		in   string
		want error
	}{
		{"", ErrBadInput},
		{"  ?!…  ", ErrBadInput},
		{"\xffact of war", ErrBadInput},
		{strings.Repeat("x", MaxRunes+1), ErrBadInput},
		{strings.Repeat("act of war ", MaxRunes/11), ErrNotFound},
	} {
		if _, _, err := ix.Find(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("Find(%s) = %v, want %v", badinput.Name(tt.in), err, tt.want)
		}
	}
}

// TestFindConcurrent runs Find from several goroutines at once (go test
// -race), each in its own order, and checks every result against the
// quotation and speaker the user must get, and ErrNotFound for words in
// no quotation.
func TestFindConcurrent(t *testing.T) {
	ix := mustIndex(t)
	type result struct {
		quote, speaker string // the start of the Quote
		err            error
	}
	want := map[string]result{
		"act of cyber vandalism":                         {"I think it was an act of cyber vandalism", "Barack Obama", nil},
		"senseless arrogance":                            {"senseless cultural arrogance", "the Global Times", nil},
		"we resolutely oppose all forms of cyberattacks": {"We resolutely oppose", "Hua Chunying", nil},
		"to be or not to be":                             {"", "", ErrNotFound},
	}
	for _, text := range notFound[:4] {
		want[text] = result{"", "", ErrNotFound}
	}
	var texts []string
	for text := range want {
		texts = append(texts, text)
	}
	slices.Sort(texts)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range texts {
				text := texts[(k+g*len(texts)/4)%len(texts)]
				m, _, err := ix.Find(text)
				w := want[text]
				switch {
				case !errors.Is(err, w.err):
					t.Errorf("Find(%q) at once with others: error %v, want %v", text, err, w.err)
				case err == nil && (!strings.HasPrefix(m.Quote, w.quote) || m.Attribution.Speaker != w.speaker):
					t.Errorf("Find(%q) at once with others = %q by %q, want %q… by %q", text, m.Quote, m.Attribution.Speaker, w.quote, w.speaker)
				}
			}
		})
	}
	wg.Wait()
}

// TestAttributionStyles reads one small article per style, so that each
// rule is seen on its own.
func TestAttributionStyles(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		want       []Attribution // one per quotation, in order
	}{
		{"said after", `"We will win," Jane Doe said.`, []Attribution{{Speaker: "Jane Doe"}}},
		{"said before inverted", `"We will win," said Jane Doe, a local farmer.`, []Attribution{{Speaker: "Jane Doe", Role: "a local farmer"}}},
		{"colon", `Senator Jane Doe said: "We will win."`, []Attribution{{Speaker: "Jane Doe", Role: "Senator"}}},
		{"indirect fragment", `Jane Doe said on Monday that the plan was "a good start".`, []Attribution{{Speaker: "Jane Doe"}}},
		{"statement", "The ministry said it would act.\n\n\"We will act,\" the statement said.",
			[]Attribution{{Speaker: "the ministry", How: "in a statement"}}},
		{"statement with no issuer", `"We will act," the statement said.`, []Attribution{{How: "in a statement"}}},
		{"according to after", `The plan is "a good start", according to Jane Doe.`, []Attribution{{Speaker: "Jane Doe"}}},
		{"according to before", `According to Jane Doe, the plan is "a good start".`, []Attribution{{Speaker: "Jane Doe"}}},
		{"told", `Jane Doe told CNN "we will win".`, []Attribution{{Speaker: "Jane Doe", How: "to CNN"}}},
		{"told a briefing", `"We will win," Jane Doe told a regular briefing.`, []Attribution{{Speaker: "Jane Doe", How: "at a regular briefing"}}},
		{"interview", `Jane Doe said in an interview with the BBC that it was "a good start".`,
			[]Attribution{{Speaker: "Jane Doe", How: "in an interview with the BBC"}}},
		{"setting first", `In a statement, the ministry said: "We will act."`, []Attribution{{Speaker: "the ministry", How: "in a statement"}}},
		{"passive by", `The plan was dismissed as "a stunt" by the Daily Planet in an editorial.`,
			[]Attribution{{Speaker: "the Daily Planet", How: "in an editorial"}}},
		{"media noun", `The plan was described as "a stunt" by Gotham's Daily Planet newspaper.`,
			[]Attribution{{Speaker: "the Daily Planet", Role: "Gotham's Daily Planet newspaper"}}},
		{"bare", "Jane Doe spoke on Monday.\n\n\"We will win.\"", []Attribution{{Speaker: "Jane Doe"}}},
		// corpus sets no Context for these two (see TestContext); the
		// paragraph before is read all the same.
		{"bare curly", "Jane Doe spoke on Monday.\n\n“We will win.”", []Attribution{{Speaker: "Jane Doe"}}},
		{"bare quoting said", "Jane Doe spoke on Monday.\n\n\"I said we will win.\"", []Attribution{{Speaker: "Jane Doe"}}},
		{"he", "President John Smith arrived on Monday.\n\n\"It is good to be here,\" he said.",
			[]Attribution{{Speaker: "John Smith", Role: "President"}}},
		{"surname", "Finance Minister John Smith spoke first.\n\n\"We will act,\" Smith said.",
			[]Attribution{{Speaker: "John Smith", Role: "Finance Minister"}}},
		{"it", "Acme Corp said it was sorry.\n\n\"We will act,\" it said.", []Attribution{{Speaker: "Acme Corp"}}},
		{"appositive before verb", `Jane Doe, a local farmer, said the plan was "a good start".`,
			[]Attribution{{Speaker: "Jane Doe", Role: "a local farmer"}}},
		{"split quotation", `"We will win," Jane Doe said, "and soon."`, []Attribution{{Speaker: "Jane Doe"}, {Speaker: "Jane Doe"}}},
		{"question", `"Why not?" Jane Doe asked.`, []Attribution{{Speaker: "Jane Doe"}}},
		{"act verb", `Critics have called the plan "a disaster".`, []Attribution{{Speaker: "Critics"}}},
		{"relative clause", `Jane Doe, who voted against it, said it was "a disaster".`, []Attribution{{Speaker: "Jane Doe"}}},
		{"inner subject", `Police believe the man said "nothing at all" to them.`, []Attribution{{Speaker: "the man"}}},
		// Where the article does not say, no speaker.
		{"they", "The farmers met on Monday.\n\n\"We will win,\" they said.", []Attribution{{}}},
		{"film", `The studio said it would release the film "The Big Day" in May.`, []Attribution{{}}},
		{"no verb", `Locals call the road "the moat".`, []Attribution{{}}},
		{"request", `The US has asked China to help with "cyber security".`, []Attribution{{}}},
		{"far verb", `Jane Doe said on Monday that the farmers, who had come from all over the region by bus and by train and on foot to the capital for the march, were "tired".`,
			[]Attribution{{}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := corpus.Parse("test.txt", []byte("Headline\n\n"+tt.text+"\n"))
			if err != nil {
				t.Fatalf("corpus.Parse: %v", err)
			}
			var got []Attribution
			for _, m := range New([]corpus.Article{a}).Quotes() {
				checkMatch(t, m)
				got = append(got, m.Attribution)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d quotations %+v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("quotation %d: got %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestContext checks that a bare quotation whose speaker's paragraph is not
// among the passages (a caller filtered it out) is read from Context.
func TestContext(t *testing.T) {
	a := corpus.Article{ID: "a", Passages: []corpus.Passage{
		{ID: "a/1", Kind: corpus.Body, Text: "Mayor Ellen Okafor spoke first."},
		{ID: "a/3", Kind: corpus.Body, Text: `"We will win."`, Context: "Opposition councillor Raj Patel took the floor."},
	}}
	ms := New([]corpus.Article{a}).Quotes()
	if len(ms) != 1 {
		t.Fatalf("Quotes() = %d quotations, want 1", len(ms))
	}
	if got, want := ms[0].Attribution, (Attribution{Speaker: "Raj Patel", Role: "Opposition councillor"}); got != want {
		t.Errorf("Quotes()[0].Attribution = %+v, want %+v", got, want)
	}
}

func TestFindQuotes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{`He said "yes" and 'no'.`, []string{"yes", "no"}},
		{`the country's "best" and the victims’ names`, []string{"best"}},
		{`“Curly,” he said, “again.”`, []string{"Curly", "again."}},
		{`“outer "inner" outer”`, []string{`outer "inner" outer`}},
		{`"a quotation that runs on into the next paragraph`, []string{"a quotation that runs on into the next paragraph"}},
		{`a stray "mark with no end`, nil},
		{`he is 5'10" tall`, nil},
		{`‘single curly’ and 'single straight' and it's fine`, []string{"single curly", "single straight"}},
		{`"" and " " and "ok"`, []string{"ok"}},
		{`«guillemets» too`, []string{"guillemets"}},
	} {
		var got []string
		for _, sp := range findQuotes(tt.in) {
			got = append(got, tt.in[sp.start:sp.end])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("findQuotes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWordSim(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool // similar at all
	}{
		{"arrogance", "arogance", true},
		{"senseless", "senseles", true},
		{"attack", "attacks", true},
		{"war", "was", false},
		{"2014", "2015", false},
		{"cyber", "cycle", false},
		{"vandalism", "vandals", true},
	} {
		if got := wordSim(tt.a, tt.b) > 0; got != tt.want {
			t.Errorf("wordSim(%q, %q) = %.2f, want similar %v", tt.a, tt.b, wordSim(tt.a, tt.b), tt.want)
		}
	}
}

func BenchmarkFind(b *testing.B) {
	ix := New(mustLoad(b, "real"))
	texts := []string{"senseles cultural arogance", "act of cyber vandalism", "to be or not to be",
		"We resolutely oppose all forms of cyberattacks and cyber terrorism"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ix.Find(texts[i%len(texts)])
	}
}

// The index is immutable, so each Find allocates only its own scratch.
func BenchmarkNew(b *testing.B) {
	as := mustLoad(b, "real")
	b.ReportAllocs()
	for b.Loop() {
		New(as)
	}
}

// articleOf is an article of one body paragraph, bypassing corpus.Parse so
// that fuzzing reaches every paragraph the reader may be given.
func articleOf(text string) corpus.Article {
	return corpus.Article{ID: "a", Passages: []corpus.Passage{
		{ID: "a/1", Kind: corpus.Body, Text: "Jane Doe spoke."},
		{ID: "a/2", Kind: corpus.Body, Text: text, Context: "Jane Doe spoke."},
	}}
}
