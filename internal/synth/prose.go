package synth

// The prose of an article: headline, lead, narrative and quotations, in
// words drawn by Zipf rank and names from the cast.

import (
	"fmt"
	"strconv"
	"strings"
)

// headline is a news-style headline: a subject, a verb in the present
// tense, a distinctive word and a few more.
func (b *builder) headline() string {
	var s strings.Builder
	switch b.r.IntN(3) {
	case 0:
		s.WriteString(b.place())
	case 1:
		s.WriteString(b.org())
	default:
		p := b.person()
		s.WriteString(p[strings.IndexByte(p, ' ')+1:])
	}
	s.WriteString(" " + verbs[b.r.IntN(len(verbs))].present + " ")
	if b.chance(0.2) {
		s.WriteString("'" + b.rare() + "'")
	} else {
		s.WriteString(b.rare())
	}
	for range 1 + b.r.IntN(4) {
		s.WriteString(" " + b.content())
	}
	return s.String()
}

// lead is the first body paragraph: it carries the dateline and, when the
// date comes from the body, the weekday-and-date mention.
func (b *builder) lead(dateline bool, cue dateCue, needYear bool) string {
	var s strings.Builder
	if dateline {
		city := strings.ToUpper(b.places[0])
		dash := []string{"-", "—", "–"}[b.r.IntN(3)]
		if cue == dateDateline {
			fmt.Fprintf(&s, "%s, %s %d (%s) %s ", city, datelineMonth(b.date.Month()), b.date.Day(), b.out.name, dash)
		} else {
			fmt.Fprintf(&s, "%s (%s) %s ", city, b.out.name, dash)
		}
	}
	if cue == dateWeekday {
		subj := []string{b.person(), b.org(), "Officials in " + b.place(), "The " + b.place() + " government"}[b.r.IntN(4)]
		b.sentence(&s, subj+" said on "+b.weekdayDate(b.date)+" that", false, '.')
	} else {
		b.sentence(&s, b.factHead(), false, '.')
	}
	if b.chance(0.4) {
		s.WriteByte(' ')
		b.sentence(&s, b.otherHead(), false, '.')
	}
	if needYear {
		s.WriteByte(' ')
		b.sentence(&s, fmt.Sprintf("%s %s the %s in %d", b.org(), verbs[b.r.IntN(len(verbs))].past, b.content(), b.date.Year()), false, '.')
	}
	return s.String()
}

// narrative is a paragraph of one to three sentences, one of them a fact
// sentence ("Name verbed the rareword ...") that questions are made from.
func (b *builder) narrative() string {
	var s strings.Builder
	k := 1 + b.r.IntN(3)
	fact := b.r.IntN(k)
	for i := range k {
		if i > 0 {
			s.WriteByte(' ')
		}
		head := b.otherHead()
		switch {
		case i == fact:
			head = b.factHead()
		case b.chance(0.1):
			// An earlier day, as in "told Kerry on Sunday (December 21)".
			head = fmt.Sprintf("%s met %s on %s", b.person(), b.person(), b.weekdayDate(b.date.AddDate(0, 0, -1-b.r.IntN(4))))
		}
		b.sentence(&s, head, false, '.')
	}
	return s.String()
}

func (b *builder) factHead() string {
	return b.person() + " " + verbs[b.r.IntN(len(verbs))].past + " the " + b.rare()
}

func (b *builder) otherHead() string {
	switch b.r.IntN(7) {
	case 0:
		return b.org() + " " + verbs[b.r.IntN(len(verbs))].past
	case 1:
		return "The " + b.content()
	case 2:
		return "In " + b.place() + ","
	case 3:
		return b.person() + ", " + b.role() + ", said"
	case 4:
		return "But the " + b.content()
	case 5:
		return "Analysts in " + b.place() + " said"
	}
	return "It"
}

func (b *builder) role() string {
	switch b.r.IntN(7) {
	case 0:
		return "a spokesman for " + b.org()
	case 1:
		return "a spokeswoman for " + b.org()
	case 2:
		return "the head of " + b.org()
	case 3:
		return "a senior official at " + b.org()
	case 4:
		return "an analyst at " + b.org()
	case 5:
		return b.place() + "'s foreign minister"
	}
	return "a lawmaker from " + b.place()
}

var quoteOpeners = []string{"We", "It", "This", "Our", "They", "There", "I think", "Nobody"}

// quote writes k quoted sentences, the last ending with end. With bare, it
// avoids every word that would attribute the quotation.
func (b *builder) quote(s *strings.Builder, k int, bare bool, end byte) {
	for i := range k {
		if i > 0 {
			s.WriteByte(' ')
		}
		e := byte('.')
		if i == k-1 {
			e = end
		}
		b.sentence(s, quoteOpeners[b.r.IntN(len(quoteOpeners))], bare, e)
	}
}

// quoted is a quotation with its attribution in the same paragraph.
func (b *builder) quoted() string {
	open, close := `"`, `"`
	if b.curly {
		open, close = "“", "”"
	}
	var s strings.Builder
	k := 1 + b.r.IntN(2)
	switch b.r.IntN(4) {
	case 0:
		s.WriteString(open)
		b.quote(&s, k, false, ',')
		s.WriteString(close + " " + b.person() + " said.")
	case 1:
		s.WriteString(open)
		b.quote(&s, k, false, ',')
		s.WriteString(close + " said " + b.person() + ", " + b.role() + ".")
	case 2:
		s.WriteString(b.person() + " said: " + open)
		b.quote(&s, k, false, '.')
		s.WriteString(close)
	default:
		s.WriteString(open)
		b.quote(&s, 1, false, ',')
		s.WriteString(close + " " + b.person() + " told reporters. " + open)
		b.quote(&s, 1, false, '.')
		s.WriteString(close)
	}
	return s.String()
}

// speaker is a paragraph naming who speaks in the bare quotation after it.
func (b *builder) speaker() string {
	var s strings.Builder
	b.sentence(&s, b.person()+", "+b.role()+", said", false, '.')
	if b.chance(0.4) {
		s.WriteByte(' ')
		b.sentence(&s, b.factHead(), false, '.')
	}
	return s.String()
}

// bareQuote is a quotation that names no speaker. It uses straight quotes:
// corpus only recognises a bare quotation by a leading ASCII quote.
func (b *builder) bareQuote() string {
	var s strings.Builder
	s.WriteByte('"')
	b.quote(&s, 1+b.r.IntN(2), true, '.')
	s.WriteByte('"')
	return s.String()
}

// sentence writes head and enough words after it for a sentence of 12–35
// words, then end.
func (b *builder) sentence(s *strings.Builder, head string, bare bool, end byte) {
	n := minSentence + b.r.IntN(12) + b.r.IntN(13) - len(strings.Fields(head))
	s.WriteString(head)
	b.filler(s, max(n, 1), bare)
	s.WriteByte(end)
}

// filler writes n words drawn by Zipf rank, with names and numbers mixed in.
func (b *builder) filler(s *strings.Builder, n int, bare bool) {
	for n > 0 {
		w, k := b.fill(n, bare)
		s.WriteByte(' ')
		s.WriteString(w)
		if n -= k; n > 0 && b.r.IntN(16) == 0 {
			s.WriteByte(',')
		}
	}
}

// fill draws the next filler: mostly a word, now and then an organisation,
// a place, a person, a number or "since YEAR", of k words, at most n.
func (b *builder) fill(n int, bare bool) (w string, k int) {
	switch x := b.r.IntN(100); {
	case x < 3 && n >= 2:
		return b.org(), 2
	case x < 6:
		return b.place(), 1
	case x < 8 && n >= 2:
		return b.person(), 2
	case x < 10:
		return b.number(n)
	case x < 11 && b.otherYears && n >= 2:
		return "since " + strconv.Itoa(b.date.Year()-1-b.r.IntN(15)), 2
	}
	return b.word(bare), 1
}

// number is a figure as news prints it, of at most n words. None reads as a
// year, so that the only years in the text are those meant.
func (b *builder) number(n int) (string, int) {
	if n >= 2 {
		switch b.r.IntN(5) {
		case 0:
			return fmt.Sprintf("%d.%d percent", 1+b.r.IntN(60), b.r.IntN(10)), 2
		case 1:
			return fmt.Sprintf("$%d %s", 1+b.r.IntN(900), []string{"million", "billion"}[b.r.IntN(2)]), 2
		case 2:
			return fmt.Sprintf("about %d", 2+b.r.IntN(998)), 2
		}
	}
	if b.chance(0.5) {
		return fmt.Sprintf("%d,%03d", 1+b.r.IntN(99), b.r.IntN(1000)), 1
	}
	return strconv.Itoa(2 + b.r.IntN(998)), 1
}

// word draws a word by Zipf rank.
func (b *builder) word(bare bool) string {
	for {
		i := b.words.Uint64()
		if !bare || !b.w.attrib[i] {
			return b.w.words[i]
		}
	}
}

// content draws a word outside the hundred most frequent.
func (b *builder) content() string {
	for {
		if i := b.words.Uint64(); i >= 100 && !b.w.attrib[i] {
			return b.w.words[i]
		}
	}
}

// rare draws a word from the long tail, uniformly.
func (b *builder) rare() string {
	return b.w.words[rareFrom+b.r.IntN(len(b.w.words)-rareFrom)]
}

// person is mostly one of the story's cast, sometimes anyone.
func (b *builder) person() string {
	if b.chance(0.8) {
		return b.people[b.r.IntN(len(b.people))]
	}
	return b.w.people[b.fame.Uint64()]
}

func (b *builder) place() string {
	if b.chance(0.7) {
		return b.places[b.r.IntN(len(b.places))]
	}
	return b.w.places[b.r.IntN(len(b.w.places))]
}

func (b *builder) org() string {
	if b.chance(0.7) {
		return b.orgs[b.r.IntN(len(b.orgs))]
	}
	return b.w.orgs[b.r.IntN(len(b.w.orgs))]
}
