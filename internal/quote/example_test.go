package quote_test

import (
	"fmt"

	"github.com/sourcebot/newsbot/data"
	"github.com/sourcebot/newsbot/internal/corpus"
	"github.com/sourcebot/newsbot/internal/quote"
)

// A user remembers a few words, misspelt; Find gives the quotation, who
// said it and where the article reports it.
func ExampleIndex_Find() {
	articles, _, err := corpus.Load(data.FS)
	if err != nil {
		fmt.Println(err)
		return
	}
	ix := quote.New(articles)
	for _, words := range []string{"senseles cultural arogance", "an act of cyber-vandalism", "I have a dream"} {
		m, _, err := ix.Find(words)
		if err != nil {
			fmt.Printf("%s: %v\n", words, err)
			continue
		}
		a := m.Attribution
		fmt.Printf("%s: %q — %s (%s), %s, reported by %s\n", words, m.Quote, a.Speaker, a.Role, a.How, m.Article.Source)
	}
	// Output:
	// senseles cultural arogance: "senseless cultural arrogance" — the Global Times (China's Global Times newspaper), in an editorial, reported by AFP
	// an act of cyber-vandalism: "I think it was an act of cyber vandalism that was very costly, very expensive. We take it very seriously." — Barack Obama (US President), in an interview with CNN, reported by AFP
	// I have a dream: no quotation in the articles matches those words
}
